/**
 * The messages that cross the bridge, the same over Electron IPC and over the loopback WebSocket:
 * a request with an id, a response naming that id, or an event.
 */
import { z } from 'zod';
import { ApiError, apiErrorSchema, type ApiErrorBody } from './api-error';
import { EVENTS, type EventName, type EventPayload } from './events';
import { isMethodName, METHODS, type MethodName, type ValidParams } from './methods';

/** A request larger than this is refused before it is parsed. */
export const MAX_MESSAGE_BYTES = 160 * 1024 * 1024;

export const requestEnvelopeSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(100),
  params: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

export type ResponseEnvelope =
  | { readonly kind: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'response'; readonly id: number; readonly ok: false; readonly error: ApiErrorBody };

/** One union member per event, so checking `event` narrows `payload`. */
export type EventEnvelope<E extends EventName = EventName> = E extends EventName
  ? { readonly kind: 'event'; readonly event: E; readonly payload: EventPayload<E> }
  : never;

export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: apiErrorSchema }),
]);

/** A validated request, ready for the host: the method is known, the params match its schema. */
export interface ValidRequest<M extends MethodName = MethodName> {
  readonly id: number;
  readonly method: M;
  readonly params: ValidParams<M>;
}

/**
 * Checks a raw request from the other side of the bridge. Throws ApiError with code
 * `invalid-request` (and the list of problems as details) or `unknown-method`.
 */
export function validateRequest(raw: unknown): ValidRequest {
  const envelope = requestEnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ApiError('invalid-request', `not a request envelope: ${summarize(envelope.error)}`, { issues: issues(envelope.error) });
  const { id, method, params } = envelope.data;
  if (!isMethodName(method)) throw new ApiError('unknown-method', `unknown method ${JSON.stringify(method)}`, { id });
  const parsed = METHODS[method].params.safeParse(params ?? {});
  if (!parsed.success) {
    throw new ApiError('invalid-request', `${method}: ${summarize(parsed.error)}`, { id, issues: issues(parsed.error) });
  }
  return { id, method, params: parsed.data as ValidParams<MethodName> };
}

export function validateEvent(raw: unknown): EventEnvelope {
  const shape = z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }).parse(raw);
  if (!Object.prototype.hasOwnProperty.call(EVENTS, shape.event)) throw new ApiError('invalid-request', `unknown event ${shape.event}`);
  const payload = EVENTS[shape.event as EventName].parse(shape.payload);
  return { kind: 'event', event: shape.event as EventName, payload } as EventEnvelope;
}

function issues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message }));
}

function summarize(error: z.ZodError): string {
  return issues(error)
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
}
