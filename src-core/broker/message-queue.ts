/**
 * A queue of messages and the consumers that drain it, round-robin. Named queues (`/queue/x`)
 * have any number of consumers; each topic subscription gets a private queue with one consumer,
 * which is how RabbitMQ models topics and what gives topic subscribers prefetch, acks and NACK
 * redelivery with the same code.
 */
import { Fifo } from './fifo';
import type { StoredMessage } from './message';

/** What a queue needs from a consumer; `Subscription` is the one implementation. */
export interface Consumer {
  /** Whether it may take one more message now (prefetch room, socket not congested). */
  canTake(): boolean;
  take(message: StoredMessage): void;
  /** Messages delivered to it and not yet settled. */
  readonly inFlight: number;
}

export class MessageQueue {
  readonly name: string;
  /** Messages ever put on the queue (requeues not counted). */
  enqueued = 0;
  private readonly waiting = new Fifo<StoredMessage>();
  private readonly consumers: Consumer[] = [];
  private next = 0;
  private dispatching = false;
  private again = false;

  constructor(name: string) {
    this.name = name;
  }

  get depth(): number {
    return this.waiting.length;
  }

  get consumerCount(): number {
    return this.consumers.length;
  }

  get inFlight(): number {
    let total = 0;
    for (const consumer of this.consumers) total += consumer.inFlight;
    return total;
  }

  enqueue(message: StoredMessage): void {
    this.waiting.push(message);
    this.enqueued++;
    this.dispatch();
  }

  /** Puts messages back at the head, in the given order, ahead of everything waiting. */
  requeue(messages: readonly StoredMessage[]): void {
    this.waiting.unshiftAll(messages);
    this.dispatch();
  }

  addConsumer(consumer: Consumer): void {
    this.consumers.push(consumer);
    this.dispatch();
  }

  removeConsumer(consumer: Consumer): void {
    const at = this.consumers.indexOf(consumer);
    if (at < 0) return;
    this.consumers.splice(at, 1);
    if (this.next > at) this.next--;
    if (this.next >= this.consumers.length) this.next = 0;
  }

  /** The waiting messages, oldest first, without consuming them (a browse). */
  snapshot(): StoredMessage[] {
    return this.waiting.toArray();
  }

  clear(): void {
    this.waiting.clear();
  }

  /**
   * Hands waiting messages to consumers that can take them. Re-entrant calls (a delivery that
   * frees room, a consumer that leaves mid-loop) only ask for one more pass.
   */
  dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.again = false;
        this.drain();
      } while (this.again);
    } finally {
      this.dispatching = false;
    }
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const consumer = this.nextConsumer();
      if (!consumer) return;
      consumer.take(this.waiting.shift()!);
    }
  }

  /** The next consumer in rotation that can take a message, skipping those that cannot. */
  private nextConsumer(): Consumer | undefined {
    const count = this.consumers.length;
    for (let i = 0; i < count; i++) {
      const at = (this.next + i) % count;
      const consumer = this.consumers[at];
      if (consumer.canTake()) {
        this.next = (at + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }
}
