/** The one error a bridge request throws: the host's typed error, or the bridge's own. */
import type { ApiErrorBody, ApiErrorCode } from '../../../src-core/api';

/**
 * `disconnected`: the link to the host dropped while the request was in flight; whether the host
 * ran it is unknown, so it is not retried automatically.
 */
export type BridgeErrorCode = ApiErrorCode | 'disconnected';

export class BridgeError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'BridgeError';
  }

  static fromBody(body: ApiErrorBody): BridgeError {
    return new BridgeError(body.code, body.message, body.details);
  }
}

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError;
}
