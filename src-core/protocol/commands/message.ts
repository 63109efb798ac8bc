/**
 * MESSAGE: which subscription it belongs to, and how an ACK or NACK would name it. Only what
 * routing needs is required; a MESSAGE missing its message-id is still shown, it just cannot be
 * acked (and `ack` says why).
 */
import { getHeader, type Frame, type Header } from '../frame';
import { requiresSubscriptionId, type StompVersion } from '../spec';
import { findAckHeaders } from './ack-identity';
import { expectCommand } from './expect-command';
import { StompProtocolError } from './protocol-error';
import type { SubscriptionRef } from './subscription-ref';

export interface MessageInfo {
  /** `{ id }` from the subscription header; `{ destination }` for a 1.0 MESSAGE without one. */
  readonly subscription: SubscriptionRef;
  readonly destination: string | undefined;
  readonly messageId: string | undefined;
  /** The headers an ACK or NACK repeats to name this message; undefined when it carries none. */
  readonly ackHeaders: readonly Header[] | undefined;
}

export function message(frame: Frame, version: StompVersion): MessageInfo {
  expectCommand(frame, 'MESSAGE');
  const destination = getHeader(frame, 'destination');
  const id = getHeader(frame, 'subscription');
  let subscription: SubscriptionRef;
  if (id !== undefined) subscription = { id };
  else if (requiresSubscriptionId(version)) {
    throw new StompProtocolError('MESSAGE', `no subscription header, which STOMP ${version} requires (destination ${JSON.stringify(destination)})`);
  } else if (destination !== undefined) subscription = { destination };
  else throw new StompProtocolError('MESSAGE', 'neither a subscription nor a destination header: the message belongs to no subscription');

  const ack = findAckHeaders(version, frame);
  return { subscription, destination, messageId: getHeader(frame, 'message-id'), ackHeaders: ack.ok ? ack.headers : undefined };
}
