/** What a subscriber gives the client, and what it gets back. */
import type { HeaderInput } from '../protocol/commands/headers';
import type { AckMode } from '../protocol/spec';
import type { StompMessage } from './stomp-message';

export type MessageHandler = (message: StompMessage) => void | Promise<void>;

/** What the client does with a message whose handler threw or rejected. */
export type FailureAction =
  | { readonly kind: 'error-destination'; readonly destination: string }
  | { readonly kind: 'nack' }
  | { readonly kind: 'disconnect' }
  | { readonly kind: 'ignore' };

/**
 * Decides the action for a failed message; the default policy is `defaultFailureAction`.
 * Returning `ack` acks it anyway (e.g. a poison message the caller logged elsewhere).
 */
export type FailurePolicy = (message: StompMessage, error: unknown) => FailureAction | { readonly kind: 'ack' };

export interface SubscribeOptions {
  /** Default `auto`. */
  readonly ack?: AckMode;
  readonly headers?: HeaderInput;
  /** A fixed id; otherwise the session generates one. It stays the same across reconnects. */
  readonly id?: string;
  /**
   * `auto` (default): after the handler returns (or its promise resolves) the message is acked;
   * `manual`: the caller acks or nacks it later through the client (a GUI does this).
   */
  readonly settle?: 'auto' | 'manual';
  /** Where a message whose handler failed is copied, with a `message-failed` header, before it is acked. */
  readonly errorDestination?: string;
  readonly onMessageFailed?: FailurePolicy;
  /** Wait for the broker's RECEIPT of the SUBSCRIBE (a string: the receipt id to send). */
  readonly receipt?: boolean | string;
}

export interface SubscriptionHandle {
  readonly id: string;
  readonly destination: string;
  readonly ack: AckMode;
  unsubscribe(options?: { receipt?: boolean | string }): Promise<void>;
}

export function defaultFailureAction(message: StompMessage, options: SubscribeOptions, nackSupported: boolean): FailureAction {
  if (options.errorDestination) return { kind: 'error-destination', destination: options.errorDestination };
  if (!message.needsAck) return { kind: 'ignore' };
  // Without NACK (1.0), the only way to hand a message back is to leave without acking it.
  return nackSupported ? { kind: 'nack' } : { kind: 'disconnect' };
}
