/**
 * The default fate of a message whose handler failed, when an error destination is set: a copy
 * goes there with a `message-failed` header, and the original is acked, in one transaction so the
 * message is never lost nor left in both places.
 */
import type { Frame } from '../protocol/frame';
import { RESERVED_MESSAGE_HEADERS } from '../protocol/spec';
import { reasonOf } from './client-errors';
import type { StompClient } from './stomp-client';
import type { StompMessage } from './stomp-message';

export async function moveToErrorDestination(client: StompClient, message: StompMessage, destination: string, error: unknown): Promise<void> {
  const copy = copyForErrorDestination(message.frame, reasonOf(error));
  if (!message.needsAck) {
    await client.send(destination, message.body, { headers: copy });
    return;
  }
  const tx = await client.begin();
  await tx.send(destination, message.body, { headers: copy });
  await tx.ack(message);
  await tx.commit();
}

/** The failed message's own headers, without those a broker sets, plus why it failed. */
export function copyForErrorDestination(frame: Frame, reason: string): [string, string][] {
  const headers: [string, string][] = frame.headers.filter(([name]) => !RESERVED_MESSAGE_HEADERS.has(name)).map(([n, v]) => [n, v]);
  headers.push(['message-failed', reason.replace(/[\r\n]+/g, ' ').slice(0, 1024)]);
  return headers;
}
