/** The client layer: I/O on top of the protocol core. */
export { StompClient, type ClientEvents, type ClientState, type ConnectedEvent, type SendOptions, type SendTicket } from './stomp-client';
export { CLIENT_DEFAULTS, type ClientOptions } from './client-options';
export { BrokerError, ClientStateError, ConnectFailedError, ConnectionLostError, ReconnectRequestedError, type AttemptFailure } from './client-errors';
export { ConnectRefusedError } from './connect-attempt';
export { ClientTransaction } from './client-transaction';
export { StompMessage } from './stomp-message';
export { ReceiptAbandonedError, ReceiptTimeoutError, type ReceiptResult } from './receipt-tracker';
export { PeerSilentError, StompConnection } from './stomp-connection';
export type { FailureAction, FailurePolicy, MessageHandler, SubscribeOptions, SubscriptionHandle } from './subscription-types';
export { openTransport, type TransportOpener } from './open-transport';
export { TransportError, type TlsSettings, type Transport, type TransportAddress, type TransportOptions } from './transport';
export type { WireEntry } from './wire-entry';
