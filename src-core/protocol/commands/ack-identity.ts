/**
 * Which headers of a MESSAGE an ACK or NACK must repeat to name it, per version. Shared by `ack`
 * (which throws when they are missing) and `message` (which reports the message as not ackable).
 */
import { getHeader, type Frame, type Header } from '../frame';
import { ackIdentity, type StompVersion } from '../spec';

export type AckHeadersLookup =
  | { readonly ok: true; readonly headers: readonly Header[] }
  | { readonly ok: false; readonly missing: string };

export function findAckHeaders(version: StompVersion, message: Frame): AckHeadersLookup {
  switch (ackIdentity(version)) {
    case 'message-id': {
      const messageId = getHeader(message, 'message-id');
      if (messageId === undefined) return { ok: false, missing: 'the MESSAGE has no message-id header' };
      return { ok: true, headers: [['message-id', messageId]] };
    }
    case 'message-id+subscription': {
      const messageId = getHeader(message, 'message-id');
      const subscription = getHeader(message, 'subscription');
      if (messageId === undefined || subscription === undefined) {
        const absent = [messageId === undefined && 'message-id', subscription === undefined && 'subscription'].filter(Boolean);
        return { ok: false, missing: `the MESSAGE has no ${absent.join(' and no ')} header, and STOMP ${version} names a message by both` };
      }
      return { ok: true, headers: [['subscription', subscription], ['message-id', messageId]] };
    }
    case 'ack-id': {
      const id = getHeader(message, 'ack');
      if (id === undefined) {
        // A 1.2 broker adds `ack` only when the subscription needs acks.
        return { ok: false, missing: `the MESSAGE has no ack header, which STOMP ${version} uses to name it (is its subscription in auto mode?)` };
      }
      return { ok: true, headers: [['id', id]] };
    }
  }
}
