/** The session layer: the state of one connection, without I/O. */
export { StompSession } from './session';
export { StompSessionError } from './session-error';
export type { SessionState } from './session-state';
export type { Subscription } from './subscription-registry';
export type {
  BeginResult,
  CloseResult,
  DisconnectResult,
  IncomingError,
  IncomingMessage,
  Outgoing,
  PendingReceipt,
  ReceiptRequest,
  SessionAckOptions,
  SessionBeginOptions,
  SessionOptions,
  SessionReceiptOptions,
  SessionSendOptions,
  SessionSubscribeOptions,
  SessionUnsubscribeOptions,
  SubscribeResult,
  UnsubscribeResult,
} from './session-types';
