/** What the client tells its listeners, and the options of a send. */
import type { ConnectedInfo } from '../protocol/commands/connected';
import type { BrokerError, AttemptFailure } from './client-errors';
import type { StompMessage } from './stomp-message';
import type { BrokerWireEntry } from './wire-entry';
import type { ReceiptResult } from './receipt-tracker';

export type ClientState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnecting' | 'disconnected';

export interface ConnectedEvent extends ConnectedInfo {
  /** Which broker answered, e.g. `tcp://127.0.0.1:61613`. */
  readonly broker: string;
  /** false for a TLS connection made with verification switched off. */
  readonly verified: boolean | undefined;
  readonly reconnect: boolean;
}

export interface ClientEvents extends Record<string, unknown> {
  state: ClientState;
  connected: ConnectedEvent;
  /** Before each retry: "attempt 3 of ∞, next in 2000 ms". */
  reconnecting: { readonly attempt: number; readonly maxAttempts: number | null; readonly delay: number; readonly broker: string };
  attemptFailed: AttemptFailure;
  /** After a reconnect, the subscriptions sent again (same ids). */
  replayed: { readonly subscriptions: readonly { readonly id: string; readonly destination: string }[] };
  /** Transactions the broker aborted because the connection ended. */
  transactionsLost: readonly string[];
  /** Automatic reconnection gave up (the plan's attempts ran out, or the broker refused). */
  reconnectFailed: Error;
  /** The connection ended; `error` says why when it was not asked for. */
  disconnected: { readonly error: Error | undefined; readonly willReconnect: boolean };
  /** An ERROR frame. */
  brokerError: BrokerError;
  /** A handler failed and the failure policy acted. */
  handlerFailed: { readonly message: StompMessage; readonly error: unknown; readonly action: string };
  wire: BrokerWireEntry;
}

/** A SEND on its way: written (into the socket's buffer) first, confirmed by its RECEIPT later. */
export interface SendTicket {
  /** The `receipt` header it carries, when one was asked for. */
  readonly receiptId: string | undefined;
  /** Resolves once the frame is handed to the transport (after back-pressure); rejects if it cannot be. */
  readonly written: Promise<void>;
  /** Resolves on the RECEIPT; rejects on an ERROR naming it, a timeout or a lost connection. */
  readonly receipt: Promise<ReceiptResult> | undefined;
}

export interface SendOptions {
  readonly headers?: Readonly<Record<string, string>> | readonly (readonly [string, string])[];
  /**
   * Wait for the broker's RECEIPT; resolves with its latency. A string is the receipt id to put on
   * the wire (the caller's own, e.g. to show it in a tracker before the RECEIPT comes).
   */
  readonly receipt?: boolean | string;
  /** ms to wait for this one's RECEIPT instead of the client's `receiptTimeout`; 0 waits without a limit. */
  readonly receiptTimeout?: number;
  readonly transaction?: string;
  /**
   * `omit` sends a text body without content-length (refused for a body with NUL): ActiveMQ then
   * makes a TextMessage rather than a BytesMessage. Default `auto`.
   */
  readonly contentLength?: 'auto' | 'omit';
}
