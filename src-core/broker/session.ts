/**
 * The STOMP state of one connection: negotiated version, subscriptions, open transactions and the
 * 1.2 ack ids of unsettled deliveries. The socket side lives in `BrokerConnection`.
 */
import type { StompVersion } from '../protocol/spec';
import type { Delivery, Subscription } from './subscription';
import type { Transaction } from './transaction';

export class Session {
  readonly connectionNumber: number;
  /** The CONNECTED `session` header. */
  readonly id: string;
  /** Until CONNECT is handled the broker speaks 1.0: no escaping, nothing a 1.0 peer can't read. */
  version: StompVersion = '1.0';
  connected = false;
  /** By key: the `id` header, or the destination of an id-less 1.0 SUBSCRIBE. */
  readonly subscriptions = new Map<string, Subscription>();
  readonly transactions = new Map<string, Transaction>();
  /** Unsettled deliveries by their 1.2 `ack` id. */
  readonly deliveriesByAckId = new Map<string, Delivery>();
  private acks = 0;

  constructor(connectionNumber: number, id: string) {
    this.connectionNumber = connectionNumber;
    this.id = id;
  }

  /** Ack ids hold a colon too, so 1.2 clients must unescape `ack` before echoing it as `id`. */
  nextAckId(): string {
    return `${this.id}:${++this.acks}`;
  }
}
