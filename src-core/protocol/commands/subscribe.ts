/** SUBSCRIBE and UNSUBSCRIBE. The caller (usually the session) chooses subscription ids. */
import { createFrame, type Frame, type Header } from '../frame';
import { ACK_MODES, ackModesOf, requiresSubscriptionId, type AckMode, type StompVersion } from '../spec';
import { describe, extraHeaders, receiptHeader, requireText, type HeaderInput } from './headers';
import { StompProtocolError } from './protocol-error';
import type { SubscriptionRef } from './subscription-ref';

export interface SubscribeOptions {
  readonly destination: string;
  /** Required from 1.1; optional in 1.0, where the destination then names the subscription. */
  readonly id?: string;
  /** Omitted means `auto`, the spec's default; given, it is written even when `auto`. */
  readonly ack?: AckMode;
  readonly headers?: HeaderInput;
  readonly receipt?: string;
}

export interface UnsubscribeOptions {
  readonly headers?: HeaderInput;
  readonly receipt?: string;
}

const SUBSCRIBE_OWNED = { destination: 'destination', id: 'id', ack: 'ack', receipt: 'receipt' } as const;
const UNSUBSCRIBE_OWNED = { destination: 'destination', id: 'id', receipt: 'receipt' } as const;

export function subscribe(version: StompVersion, options: SubscribeOptions): Frame {
  const destination = requireText('SUBSCRIBE', 'destination', options.destination);
  const headers: Header[] = [['destination', destination]];
  if (options.id !== undefined) headers.push(['id', requireText('SUBSCRIBE', 'id', options.id)]);
  else if (requiresSubscriptionId(version)) {
    throw new StompProtocolError('SUBSCRIBE', `STOMP ${version} requires an id for every subscription (to ${destination})`);
  }
  if (options.ack !== undefined) {
    const modes = ackModesOf(version);
    if (!modes.includes(options.ack)) {
      const known = (ACK_MODES as readonly string[]).includes(options.ack);
      throw new StompProtocolError(
        'SUBSCRIBE',
        `ack mode ${describe(options.ack)} ${known ? `does not exist in STOMP ${version}` : 'is unknown'}; use ${modes.join(', ')}`,
      );
    }
    headers.push(['ack', options.ack]);
  }
  headers.push(...receiptHeader('SUBSCRIBE', options.receipt), ...extraHeaders('SUBSCRIBE', options.headers, SUBSCRIBE_OWNED, version));
  return createFrame('SUBSCRIBE', headers);
}

/** From 1.1 only the id names a subscription; 1.0 accepts the destination instead. */
export function unsubscribe(version: StompVersion, subscription: SubscriptionRef, options: UnsubscribeOptions = {}): Frame {
  // Guard against a missing argument from untyped callers.
  const ref = subscription as SubscriptionRef | undefined;
  let header: Header;
  if (ref !== undefined && ref.id !== undefined) {
    if (ref.destination !== undefined) {
      throw new StompProtocolError('UNSUBSCRIBE', 'name the subscription by id or by destination, not both');
    }
    header = ['id', requireText('UNSUBSCRIBE', 'id', ref.id)];
  } else if (ref !== undefined && ref.destination !== undefined) {
    if (requiresSubscriptionId(version)) {
      throw new StompProtocolError('UNSUBSCRIBE', `STOMP ${version} names a subscription only by its id, not by destination (${describe(ref.destination)})`);
    }
    header = ['destination', requireText('UNSUBSCRIBE', 'destination', ref.destination)];
  } else {
    throw new StompProtocolError('UNSUBSCRIBE', 'name the subscription: { id } (or, in 1.0, { destination })');
  }
  return createFrame('UNSUBSCRIBE', [header, ...receiptHeader('UNSUBSCRIBE', options.receipt), ...extraHeaders('UNSUBSCRIBE', options.headers, UNSUBSCRIBE_OWNED, version)]);
}
