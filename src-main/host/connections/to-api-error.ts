/** Maps the client's errors to the contract's typed errors, keeping the words. */
import { ApiError, type ApiErrorCode } from '../../../src-core/api';

export function toApiError(error: unknown, fallback: ApiErrorCode = 'internal'): ApiError {
  if (error instanceof ApiError) return error;
  const err = error as Error & { info?: { message?: string; body?: string }; attempts?: unknown };
  const message = err?.message ?? String(error);
  switch (err?.name) {
    case 'ConnectFailedError':
      return new ApiError('connect-failed', message, { attempts: err.attempts });
    case 'BrokerError':
    case 'ConnectRefusedError':
      return new ApiError('broker-error', message, { message: err.info?.message, body: err.info?.body });
    case 'ReceiptTimeoutError':
      return new ApiError('timeout', message);
    case 'ClientStateError':
    case 'ConnectionLostError':
      return new ApiError('not-connected', message);
    case 'StompSessionError':
    case 'StompProtocolError':
    case 'StompSerializeError':
      return new ApiError('invalid-request', message);
    default:
      return new ApiError(fallback, message);
  }
}
