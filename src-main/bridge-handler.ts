/**
 * The one way both adapters (Electron IPC and the loopback WebSocket) answer a message from the
 * renderer: bound its size, parse it, validate it against the contract, answer `app.hello`, run
 * everything else on the host, and turn any failure into a typed error body. Nothing the host
 * throws reaches the other side except as `{ code, message, details }`.
 */
import {
  API_ERROR_CODES,
  API_VERSION,
  ApiError,
  MAX_MESSAGE_BYTES,
  validateRequest,
  type ApiErrorBody,
  type ApiErrorCode,
  type EventEnvelope,
  type MethodResult,
  type ResponseEnvelope,
  type ValidRequest,
} from '../src-core/api';
import type { Host } from './host/host-api';

/** The id a response carries when the request's own id could not be read. */
export const UNKNOWN_REQUEST_ID = -1;

export interface BridgeHandlerOptions {
  /** The application's version, reported in `app.hello`. */
  readonly hostVersion?: string;
  /** Largest accepted message, in bytes of its JSON text; MAX_MESSAGE_BYTES unless a test lowers it. */
  readonly maxBytes?: number;
  /** Where unexpected failures are reported (never to the renderer); console.error by default. */
  readonly log?: (message: string, error?: unknown) => void;
}

const defaultLog = (message: string, error?: unknown): void => {
  console.error(`[stomp-explorer] ${message}`, ...(error === undefined ? [] : [error]));
};

/**
 * Answers one raw message. `raw` is the message's JSON text (as it arrives over the WebSocket and
 * over IPC from our preload) or an already parsed value. Never rejects.
 */
export async function handleRawRequest(host: Host, raw: unknown, options: BridgeHandlerOptions = {}): Promise<ResponseEnvelope> {
  const maxBytes = options.maxBytes ?? MAX_MESSAGE_BYTES;
  const log = options.log ?? defaultLog;
  let id = UNKNOWN_REQUEST_ID;
  let method = '(unknown)';
  try {
    let value = raw;
    if (typeof raw === 'string') {
      id = peekRequestId(raw);
      const bytes = Buffer.byteLength(raw, 'utf8');
      if (bytes > maxBytes) throw new ApiError('too-large', `the request is ${bytes} bytes; the limit is ${maxBytes} bytes`, { bytes, limit: maxBytes });
      try {
        value = JSON.parse(raw) as unknown;
      } catch (error) {
        throw new ApiError('invalid-request', `the message is not JSON: ${(error as Error).message}`);
      }
    } else if (raw instanceof Uint8Array || raw instanceof ArrayBuffer) {
      throw new ApiError('invalid-request', 'binary messages are not part of the contract: send JSON text');
    }
    if (isRecord(value) && Number.isSafeInteger(value.id) && (value.id as number) >= 0) id = value.id as number;
    if (isRecord(value) && typeof value.method === 'string') method = value.method.slice(0, 100);
    const request = validateRequest(value);
    const result = request.method === 'app.hello' ? hello(host, request as ValidRequest<'app.hello'>, options.hostVersion) : await host.handle(request);
    return { kind: 'response', id, ok: true, result };
  } catch (error) {
    return { kind: 'response', id, ok: false, error: toErrorBody(error, method, log) };
  }
}

/** The handshake: the renderer and the host must speak the same contract version. */
function hello(host: Host, request: ValidRequest<'app.hello'>, hostVersion = 'unknown'): MethodResult<'app.hello'> {
  const rendererVersion = request.params.apiVersion;
  if (rendererVersion !== API_VERSION) {
    throw new ApiError(
      'version-mismatch',
      `this window speaks API version ${rendererVersion} but the host (STOMP Explorer ${hostVersion}) speaks API version ${API_VERSION}: ` +
        'they come from different builds. Reload the window, or restart STOMP Explorer after updating it.',
      { rendererApiVersion: rendererVersion, hostApiVersion: API_VERSION },
    );
  }
  return { apiVersion: API_VERSION, mode: host.mode, hostVersion };
}

/** Turns anything thrown into the typed body the renderer receives; unexpected errors are logged, not shown. */
export function toErrorBody(error: unknown, method: string, log: (message: string, error?: unknown) => void = defaultLog): ApiErrorBody {
  if (isApiError(error)) return error.toBody();
  log(`internal error while handling ${method}`, error);
  return { code: 'internal', message: `STOMP Explorer failed unexpectedly while handling ${method}; the details are in its log.` };
}

function isApiError(error: unknown): error is ApiError {
  if (error instanceof ApiError) return true;
  // The same class loaded twice (a bundle beside tsx) still counts: match its shape.
  const e = error as { name?: unknown; code?: unknown; toBody?: unknown } | null;
  return (
    typeof e === 'object' && e !== null && e.name === 'ApiError' && typeof e.toBody === 'function' && (API_ERROR_CODES as readonly unknown[]).includes(e.code)
  );
}

/**
 * The request's id read from the start of its text without parsing the rest, so that even a
 * message refused unparsed (too large) is answered under its id. Our bridges write the envelope's
 * keys in the order kind, id, method, params.
 */
export function peekRequestId(text: string): number {
  const match = /^\s*\{\s*"kind"\s*:\s*"request"\s*,\s*"id"\s*:\s*(\d{1,16})\s*[,}]/.exec(text.slice(0, 200));
  if (!match) return UNKNOWN_REQUEST_ID;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) ? id : UNKNOWN_REQUEST_ID;
}

/**
 * A response as JSON text. A result that cannot be serialised (a cycle, a BigInt) becomes an
 * `internal` error under the same id instead of a dropped answer.
 */
export function encodeResponse(response: ResponseEnvelope, log: (message: string, error?: unknown) => void = defaultLog): string {
  try {
    return JSON.stringify(response);
  } catch (error) {
    log(`the response to request ${response.id} could not be serialised`, error);
    const code: ApiErrorCode = 'internal';
    return JSON.stringify({ kind: 'response', id: response.id, ok: false, error: { code, message: 'STOMP Explorer could not encode its answer; the details are in its log.' } });
  }
}

/** An event as JSON text, or undefined (logged) if it cannot be serialised. */
export function encodeEvent(event: EventEnvelope, log: (message: string, error?: unknown) => void = defaultLog): string | undefined {
  try {
    return JSON.stringify(event);
  } catch (error) {
    log(`the event ${event.event} could not be serialised`, error);
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
