/** The commands layer: one stateless function per client frame, one handler per server frame. */
export { StompProtocolError } from './protocol-error';
export type { HeaderInput } from './headers';
export type { SubscriptionRef } from './subscription-ref';
export {
  formatHeartBeat,
  HEART_BEATS_OFF,
  negotiateHeartBeat,
  NO_HEART_BEAT,
  parseHeartBeat,
  validateHeartBeat,
  type HeartBeat,
  type HeartBeatPeriods,
} from './heart-beat';
export { connect, type ConnectOptions } from './connect';
export { send, type SendOptions } from './send';
export { subscribe, unsubscribe, type SubscribeOptions, type UnsubscribeOptions } from './subscribe';
export { ack, nack, type AckOptions } from './ack';
export { abort, begin, commit, type TransactionOptions } from './transaction';
export { disconnect, type DisconnectOptions } from './disconnect';
export { connected, type ConnectedInfo, type ConnectedOptions } from './connected';
export { message, type MessageInfo } from './message';
export { receipt } from './receipt';
export { error, type ErrorInfo } from './error';
