/** What the session takes and returns. */
import type { HeaderInput } from '../commands/headers';
import type { ErrorInfo } from '../commands/error';
import type { MessageInfo } from '../commands/message';
import type { Frame } from '../frame';
import type { AckMode, ClientCommand } from '../spec';
import type { SessionState } from './session-state';
import type { Subscription } from './subscription-registry';

export interface SessionOptions {
  /** Throw `StompSessionError` for commands the state forbids. Default true. */
  readonly checked?: boolean;
  /** Prepended to generated ids, to tell sessions apart in a shared log (default none). */
  readonly idPrefix?: string;
  /**
   * Remember which connection each MESSAGE came on, to refuse an ACK or NACK of one from an
   * earlier connection. Default true. A caller that tells messages of old connections apart itself
   * (the client does) turns it off: it costs a weak-map entry per message.
   */
  readonly trackArrival?: boolean;
}

/** `true` asks for a generated receipt id, a string uses that one, `false`/absent asks for none. */
export type ReceiptRequest = boolean | string;

/** A frame that asked for a receipt and what it was about, so its RECEIPT (or ERROR) can be told apart. */
export interface PendingReceipt {
  readonly id: string;
  readonly command: ClientCommand;
  readonly destination?: string;
  readonly subscription?: string;
  readonly transaction?: string;
  readonly messageId?: string;
}

/** A frame to write, and the receipt id it asked for, if any. */
export interface Outgoing {
  readonly frame: Frame;
  readonly receipt: string | undefined;
}

export interface SubscribeResult extends Outgoing {
  readonly subscription: Subscription;
}

export interface UnsubscribeResult extends Outgoing {
  /** The subscription removed; undefined only when an unchecked session did not know the id. */
  readonly subscription: Subscription | undefined;
}

export interface BeginResult extends Outgoing {
  readonly transaction: string;
}

export interface DisconnectResult extends Outgoing {
  /** Transactions still open: the broker aborts them when the connection ends. */
  readonly lostTransactions: readonly string[];
}

export interface CloseResult {
  readonly previousState: SessionState;
  /** Transactions open at the drop: the broker aborted them. */
  readonly lostTransactions: readonly string[];
  /** Receipts that will never come; whether their frames were processed is unknown. */
  readonly lostReceipts: readonly PendingReceipt[];
}

export interface IncomingMessage {
  /**
   * The subscription, its message count already including this one. Undefined for a message to a
   * subscription this session has unsubscribed (sent by the broker before it saw UNSUBSCRIBE), or,
   * unchecked, to one it never made.
   */
  readonly subscription: Subscription | undefined;
  readonly ack: AckMode | undefined;
  readonly info: MessageInfo;
}

export interface IncomingError {
  readonly error: ErrorInfo;
  /** The pending receipt the ERROR answers (its frame failed), if it carried a known receipt-id. */
  readonly receipt: PendingReceipt | undefined;
}

export interface SessionSubscribeOptions {
  readonly destination: string;
  /** Default: a generated id (`sub-0`, `sub-1`...), sent in every version. */
  readonly id?: string;
  readonly ack?: AckMode;
  readonly headers?: HeaderInput;
  readonly receipt?: ReceiptRequest;
}

export interface SessionSendOptions {
  readonly headers?: HeaderInput;
  readonly receipt?: ReceiptRequest;
  readonly transaction?: string;
}

export interface SessionAckOptions {
  readonly transaction?: string;
  readonly receipt?: ReceiptRequest;
  readonly headers?: HeaderInput;
}

export interface SessionUnsubscribeOptions {
  readonly headers?: HeaderInput;
  readonly receipt?: ReceiptRequest;
}

export interface SessionBeginOptions {
  /** Default: a generated id (`tx-0`, `tx-1`...). */
  readonly transaction?: string;
  readonly receipt?: ReceiptRequest;
}

export interface SessionReceiptOptions {
  readonly receipt?: ReceiptRequest;
}
