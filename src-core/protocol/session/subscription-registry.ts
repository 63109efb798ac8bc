/**
 * The subscriptions of a session, in the order they were made, kept across disconnects for replay.
 * Ids unsubscribed are remembered too: a MESSAGE for one is a late delivery (the broker sent it
 * before it saw the UNSUBSCRIBE), not a protocol error.
 */
import type { SubscriptionRef } from '../commands/subscription-ref';
import type { Header } from '../frame';
import type { AckMode } from '../spec';

export interface Subscription {
  readonly id: string;
  readonly destination: string;
  readonly ack: AckMode;
  /** The extra headers given at subscribe (selector, durable name...), replayed as they were. */
  readonly headers: readonly Header[];
  /** MESSAGE frames received for it, across reconnects. */
  readonly messages: number;
}

/**
 * Where a MESSAGE (or the message an ACK settles) belongs. Looked up per message, so it carries no
 * text: `describeRef` names the subscription when an error needs it.
 */
export type Route = { readonly kind: 'live'; readonly id: string } | { readonly kind: 'stale' | 'unknown' };

const STALE: Route = { kind: 'stale' };
const UNKNOWN: Route = { kind: 'unknown' };

/** How an error names the subscription a MESSAGE points at. */
export function describeRef(ref: SubscriptionRef): string {
  return ref.id !== undefined ? `subscription ${JSON.stringify(ref.id)}` : `the subscription to ${ref.destination}`;
}

interface Entry {
  readonly id: string;
  readonly destination: string;
  readonly ack: AckMode;
  /** Whether SUBSCRIBE carried `ack` (an explicit `auto` included), so replay writes the same. */
  readonly explicitAck: boolean;
  readonly headers: readonly Header[];
  messages: number;
}

export class SubscriptionRegistry {
  private readonly live = new Map<string, Entry>();
  private readonly retired = new Map<string, string>();

  add(id: string, destination: string, ack: AckMode | undefined, headers: readonly Header[]): Subscription {
    const entry: Entry = { id, destination, ack: ack ?? 'auto', explicitAck: ack !== undefined, headers, messages: 0 };
    this.retired.delete(id);
    // A repeated id (only an unchecked session allows it) moves to the end, as its SUBSCRIBE did.
    this.live.delete(id);
    this.live.set(id, entry);
    return snapshot(entry);
  }

  remove(id: string): Subscription | undefined {
    const entry = this.live.get(id);
    if (!entry) return undefined;
    this.live.delete(id);
    this.retired.set(id, entry.destination);
    return snapshot(entry);
  }

  get(id: string): Subscription | undefined {
    const entry = this.live.get(id);
    return entry && snapshot(entry);
  }

  /** The live subscription's id and ack mode without a snapshot: for the per-message paths. */
  peek(id: string): { readonly id: string; readonly ack: AckMode } | undefined {
    return this.live.get(id);
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  /** Known at all: live, or unsubscribed earlier in this session. */
  known(id: string): boolean {
    return this.live.has(id) || this.retired.has(id);
  }

  /**
   * `live` for an active subscription, `stale` for one unsubscribed earlier, `unknown` otherwise. A
   * 1.0 MESSAGE without `subscription` names only its destination: the first live subscription to
   * it is taken.
   */
  route(ref: SubscriptionRef): Route {
    if (ref.id !== undefined) {
      if (this.live.has(ref.id)) return { kind: 'live', id: ref.id };
      return this.retired.has(ref.id) ? STALE : UNKNOWN;
    }
    for (const entry of this.live.values()) if (entry.destination === ref.destination) return { kind: 'live', id: entry.id };
    return [...this.retired.values()].includes(ref.destination) ? STALE : UNKNOWN;
  }

  /** Counts one message and returns the updated subscription. */
  count(id: string): Subscription | undefined {
    const entry = this.live.get(id);
    if (!entry) return undefined;
    entry.messages++;
    return snapshot(entry);
  }

  list(): Subscription[] {
    return [...this.live.values()].map(snapshot);
  }

  /** What replay needs to rebuild each SUBSCRIBE, in subscription order. */
  replayOrder(): { id: string; destination: string; ack: AckMode | undefined; headers: readonly Header[] }[] {
    return [...this.live.values()].map((e) => ({ id: e.id, destination: e.destination, ack: e.explicitAck ? e.ack : undefined, headers: e.headers }));
  }

  clear(): void {
    this.live.clear();
    this.retired.clear();
  }
}

function snapshot(entry: Entry): Subscription {
  return { id: entry.id, destination: entry.destination, ack: entry.ack, headers: entry.headers, messages: entry.messages };
}
