/**
 * Every queue and topic of one broker. Queues are created on first use and stay (like a durable
 * RabbitMQ queue), so messages sent before anyone subscribes wait. Topics keep only their current
 * subscribers: a message published with none is gone.
 */
import type { ParsedDestination } from './destination';
import type { StoredMessage } from './message';
import { MessageQueue } from './message-queue';
import type { Subscription } from './subscription';

export interface QueueInfo {
  readonly name: string;
  /** Messages waiting for a consumer. */
  readonly depth: number;
  /** Messages delivered and not yet acknowledged. */
  readonly inFlight: number;
  readonly consumers: number;
  /** Messages ever sent to the queue. */
  readonly enqueued: number;
}

export interface TopicInfo {
  readonly name: string;
  readonly subscribers: number;
  /** Messages ever published to the topic. */
  readonly published: number;
}

export interface DestinationsSnapshot {
  readonly queues: QueueInfo[];
  readonly topics: TopicInfo[];
}

interface Topic {
  readonly subscribers: Set<Subscription>;
  published: number;
}

export class DestinationRegistry {
  private readonly queues = new Map<string, MessageQueue>();
  private readonly topics = new Map<string, Topic>();

  /** The named queue, created on first use. */
  queue(name: string): MessageQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new MessageQueue(name);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** The queue a new subscription consumes from: the named one, or a fresh private one for a topic. */
  queueFor(destination: ParsedDestination): MessageQueue {
    if (destination.kind === 'queue') return this.queue(destination.name);
    this.topic(destination.name);
    return new MessageQueue(destination.name);
  }

  publish(destination: ParsedDestination, message: StoredMessage): void {
    if (destination.kind === 'queue') {
      this.queue(destination.name).enqueue(message);
      return;
    }
    const topic = this.topic(destination.name);
    topic.published++;
    for (const subscriber of topic.subscribers) subscriber.queue.enqueue(message);
  }

  /** Starts a (non-browsing) subscription's flow of messages. */
  attach(subscription: Subscription): void {
    if (subscription.spec.kind === 'topic') this.topic(subscription.spec.destination).subscribers.add(subscription);
    subscription.queue.addConsumer(subscription);
  }

  /** Ends a subscription: its unsettled queue messages go back to the head of the queue. */
  detach(subscription: Subscription): void {
    subscription.queue.removeConsumer(subscription);
    const unsettled = subscription.close();
    if (subscription.spec.kind === 'topic') {
      this.topics.get(subscription.spec.destination)?.subscribers.delete(subscription);
      // The private queue dies with its only consumer.
      subscription.queue.clear();
    } else subscription.queue.requeue(unsettled);
  }

  snapshot(): DestinationsSnapshot {
    const queues = [...this.queues.values()].map((queue) => ({
      name: queue.name,
      depth: queue.depth,
      inFlight: queue.inFlight,
      consumers: queue.consumerCount,
      enqueued: queue.enqueued,
    }));
    const topics = [...this.topics.entries()].map(([name, topic]) => ({
      name,
      subscribers: topic.subscribers.size,
      published: topic.published,
    }));
    const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    return { queues: queues.sort(byName), topics: topics.sort(byName) };
  }

  private topic(name: string): Topic {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { subscribers: new Set(), published: 0 };
      this.topics.set(name, topic);
    }
    return topic;
  }
}
