/** Bodies from the UI (text or base64) to bytes, and copies of captured headers for resending. */
import type { BodyInput } from '../../../src-core/api';
import { ApiError } from '../../../src-core/api';
import { RESERVED_MESSAGE_HEADERS } from '../../../src-core/protocol/spec';

const encoder = new TextEncoder();

export function bodyBytes(body: BodyInput): Uint8Array {
  if (body.encoding === 'text') return encoder.encode(body.text);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.base64) || body.base64.length % 4 !== 0) {
    throw new ApiError('invalid-request', 'body.base64 is not valid base64 (A–Z, a–z, 0–9, +, / with = padding)');
  }
  return new Uint8Array(Buffer.from(body.base64, 'base64'));
}

/** The headers a resend keeps: everything but what the broker set on delivery. */
export function resendHeaders(headers: readonly (readonly [string, string])[]): [string, string][] {
  return headers.filter(([name]) => !RESERVED_MESSAGE_HEADERS.has(name) && !BROKER_SET.has(name)).map(([n, v]) => [n, v]);
}

/** Set by brokers on delivery (RabbitMQ, ActiveMQ) and meaningless, or refused, on a new SEND. */
const BROKER_SET = new Set(['timestamp', 'original-destination', 'browser']);
