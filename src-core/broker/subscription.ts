/**
 * One SUBSCRIBE: its ack mode and prefetch, and the messages delivered to it and not yet settled.
 * It consumes from a `MessageQueue` (the named queue, or its private queue for a topic) and hands
 * each message to its owner (the connection) to write.
 */
import type { AckMode } from '../protocol/spec';
import type { DestinationKind } from './destination';
import { redelivery, type StoredMessage } from './message';
import type { Consumer, MessageQueue } from './message-queue';

export interface Delivery {
  readonly message: StoredMessage;
  /** The 1.2 `ack` header value, unique per delivery on the connection. */
  readonly ackId: string;
  readonly subscription: Subscription;
}

/** What a subscription needs from the connection that owns it. */
export interface SubscriptionOwner {
  /** True while nothing more should be written (socket buffer full, stalled, closing). */
  readonly congested: boolean;
  nextAckId(): string;
  /** Writes the MESSAGE frame for a delivery. */
  deliver(delivery: Delivery): void;
  /** A delivery was settled or taken back: its ack id is no longer valid. */
  forget(delivery: Delivery): void;
}

export interface SubscriptionSpec {
  /** The session's key for it: the `id` header, or the destination for an id-less 1.0 SUBSCRIBE. */
  readonly key: string;
  /** The `id` header as sent, echoed in MESSAGE `subscription`; absent for an id-less 1.0 one. */
  readonly wireId: string | undefined;
  readonly destination: string;
  readonly kind: DestinationKind;
  readonly ackMode: AckMode;
  /** Unsettled deliveries allowed at once; 0 = unlimited. Meaningless in `auto` mode. */
  readonly prefetch: number;
  /** `browser:true`: a one-off snapshot of a queue, nothing consumed. */
  readonly browser: boolean;
}

export type Outcome = 'ack' | 'nack';

export class Subscription implements Consumer {
  readonly spec: SubscriptionSpec;
  readonly queue: MessageQueue;
  private readonly owner: SubscriptionOwner;
  /** By message id, in delivery order (a Map keeps insertion order): what `client` acks cut. */
  private readonly unacked = new Map<string, Delivery>();
  private closed = false;

  constructor(spec: SubscriptionSpec, queue: MessageQueue, owner: SubscriptionOwner) {
    this.spec = spec;
    this.queue = queue;
    this.owner = owner;
  }

  get inFlight(): number {
    return this.unacked.size;
  }

  get needsAck(): boolean {
    return this.spec.ackMode !== 'auto' && !this.spec.browser;
  }

  canTake(): boolean {
    if (this.closed || this.owner.congested) return false;
    return !this.needsAck || this.spec.prefetch === 0 || this.unacked.size < this.spec.prefetch;
  }

  take(message: StoredMessage): void {
    const delivery: Delivery = { message, ackId: this.needsAck ? this.owner.nextAckId() : '', subscription: this };
    if (this.needsAck) this.unacked.set(message.messageId, delivery);
    this.owner.deliver(delivery);
  }

  /** The unsettled delivery of a message, if any. */
  find(messageId: string): Delivery | undefined {
    return this.unacked.get(messageId);
  }

  /**
   * ACK or NACK of one delivery: in `client` mode it also settles every earlier unsettled one
   * (cumulative, for NACK too, as the spec says), in `client-individual` mode only itself. NACKed
   * messages go back to the head of the queue in their order, marked redelivered. Returns how many
   * messages were settled: 0 when the delivery is no longer pending (already settled, or taken
   * back when a transaction that staged it commits late).
   */
  settle(delivery: Delivery, outcome: Outcome): number {
    if (this.closed || this.unacked.get(delivery.message.messageId) !== delivery) return 0;
    const settled: Delivery[] = [];
    if (this.spec.ackMode === 'client') {
      for (const pending of this.unacked.values()) {
        settled.push(pending);
        if (pending === delivery) break;
      }
    } else settled.push(delivery);
    for (const done of settled) {
      this.unacked.delete(done.message.messageId);
      this.owner.forget(done);
    }
    if (outcome === 'nack') this.queue.requeue(settled.map((done) => redelivery(done.message)));
    else this.queue.dispatch();
    return settled.length;
  }

  /** Ends the subscription: returns its unsettled messages, marked redelivered, for requeueing. */
  close(): StoredMessage[] {
    this.closed = true;
    const taken = [...this.unacked.values()];
    this.unacked.clear();
    for (const delivery of taken) this.owner.forget(delivery);
    return taken.map((delivery) => redelivery(delivery.message));
  }
}
