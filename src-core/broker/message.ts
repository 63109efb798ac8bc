/**
 * A message as the broker stores it: what the sender meant (destination, its own headers, body),
 * not the SEND frame it came in. Immutable: a redelivery is a copy with `redelivered` set, so a
 * topic message shared by several subscribers' queues is never changed under another's feet.
 */
import type { Frame, Header } from '../protocol/frame';
import { RESERVED_MESSAGE_HEADERS } from '../protocol/spec';

export interface StoredMessage {
  readonly messageId: string;
  readonly destination: string;
  /** The sender's headers, in wire order with duplicates, minus those the broker sets itself. */
  readonly headers: readonly Header[];
  readonly body: Uint8Array;
  readonly redelivered: boolean;
}

/** Headers of a SEND that never reach a MESSAGE: the broker sets (or refuses to forge) them. */
const NOT_FORWARDED: ReadonlySet<string> = new Set([...RESERVED_MESSAGE_HEADERS, 'redelivered', 'browser']);

export function messageFromSend(frame: Frame, messageId: string, destination: string): StoredMessage {
  return {
    messageId,
    destination,
    headers: frame.headers.filter(([name]) => !NOT_FORWARDED.has(name)),
    body: ownBytes(frame.body),
    redelivered: false,
  };
}

export function redelivery(message: StoredMessage): StoredMessage {
  return message.redelivered ? message : { ...message, redelivered: true };
}

/**
 * The parser hands out bodies as views of the socket's chunk when it can. A stored message may
 * wait a long time, and a small view would pin a whole 64 KiB chunk: copy unless the view is the
 * whole buffer already.
 */
function ownBytes(body: Uint8Array): Uint8Array {
  if (body.byteOffset === 0 && body.byteLength === body.buffer.byteLength) return body;
  return body.slice();
}
