/**
 * Counts one connection's traffic from its client's wire events, per destination and in total.
 *
 * The hot path (`count`, once per frame) reads a few headers in one pass over the frame's header
 * list, looks the destination up in a map and adds to number fields: no allocation for a MESSAGE
 * or SEND except, for a subscription that needs acks, one map entry per unsettled message (so its
 * ACK or NACK can be put down to its destination) and, for a frame asking for a receipt, one per
 * receipt awaited. Both maps are bounded.
 */
import { performance } from 'node:perf_hooks';
import { STATS_LIMITS, type ConnectionTotals, type StatsDelta, type StatsPoint, type StatsRow, type StatsSnapshot } from '../../../src-core/api/schemas/stats';
import type { Frame } from '../../../src-core/protocol/frame';
import { isFramePadding, type WireEntry } from '../../../src-core/client/wire-entry';
import { TrafficCounters } from './traffic-counters';

/** Unsettled messages and awaited receipts remembered per connection; beyond this the oldest are let go. */
export const PENDING_LIMIT = 100_000;

interface SubscriptionInfo {
  readonly destination: string;
  readonly counters: TrafficCounters;
  readonly needsAck: boolean;
}

interface AwaitedReceipt {
  readonly sentAt: number;
  readonly counters: TrafficCounters | undefined;
}

export class ConnectionStats {
  readonly total = new TrafficCounters();
  framesIn = 0;
  framesOut = 0;
  wireBytesIn = 0;
  wireBytesOut = 0;
  heartBeatsIn = 0;
  heartBeatsOut = 0;
  errors = 0;
  since: number;
  private readonly destinations = new Map<string, TrafficCounters>();
  private overflow: TrafficCounters | undefined;
  private readonly subscriptions = new Map<string, SubscriptionInfo>();
  /**
   * The last destination and subscription looked up: a flood names the same ones frame after
   * frame, and each frame's header strings are new, so a Map lookup would hash them every time.
   */
  private lastDestination: string | undefined;
  private lastCounters: TrafficCounters | undefined;
  private lastSubscriptionKey: string | undefined;
  private lastSubscription: SubscriptionInfo | undefined;
  /** Ack key (1.2: the MESSAGE's `ack`; before: its `message-id`) → the destination's counters. */
  private readonly unsettled = new Map<string, TrafficCounters>();
  private readonly receipts = new Map<string, AwaitedReceipt>();
  /** The newest full second already sent in a batch. */
  private emittedThrough: number;
  private changed = true;
  private lastInFrameAt = -1;

  constructor(
    readonly connectionId: string,
    private readonly now: () => number = Date.now,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.since = now();
    this.emittedThrough = Math.floor(this.since / 1000) - 1;
  }

  /** One wire event: a frame or heart-beat written or read. */
  count(entry: WireEntry): void {
    if (entry.kind === 'diagnostic') return;
    this.changed = true;
    if (entry.kind === 'heartbeat') {
      if (entry.direction === 'in') {
        this.wireBytesIn++;
        // An EOL right behind a frame is the frame's padding, not a heart-beat (the wire log reads
        // it the same way).
        if (!isFramePadding(entry.at, this.lastInFrameAt)) this.heartBeatsIn++;
        this.lastInFrameAt = -1;
      } else {
        this.heartBeatsOut++;
        this.wireBytesOut++;
      }
      return;
    }
    if (entry.direction === 'in') {
      this.lastInFrameAt = entry.at;
      this.framesIn++;
      this.wireBytesIn += entry.size;
      this.received(entry.frame, entry.at);
    } else {
      this.framesOut++;
      this.wireBytesOut += entry.size;
      this.sent(entry.frame, entry.at);
    }
  }

  /** The connection dropped: nothing awaited will be answered, nothing unsettled can be settled. */
  connectionLost(): void {
    this.unsettled.clear();
    this.receipts.clear();
  }

  private received(frame: Frame, at: number): void {
    const h = frame.headers;
    switch (frame.command) {
      case 'MESSAGE': {
        let destination: string | undefined;
        let subscription: string | undefined;
        let ack: string | undefined;
        let messageId: string | undefined;
        let redelivered = false;
        let seenRedelivered = false;
        for (let i = 0; i < h.length; i++) {
          // Indexing, not destructuring: no iterator on the hot path.
          const name = h[i][0];
          const value = h[i][1];
          if (name === 'destination') destination ??= value;
          else if (name === 'subscription') subscription ??= value;
          else if (name === 'ack') ack ??= value;
          else if (name === 'message-id') messageId ??= value;
          else if (name === 'redelivered' && !seenRedelivered) {
            seenRedelivered = true;
            redelivered = value === 'true';
          } else if (name === 'browser' && value === 'end') return; // ActiveMQ's end of a browse: a signal, not a message
        }
        const sub = subscription === undefined ? undefined : this.subscription(subscription);
        const counters = destination !== undefined ? this.counters(destination) : sub?.counters;
        const bytes = frame.body.byteLength;
        this.total.messageIn(at, bytes, redelivered);
        counters?.messageIn(at, bytes, redelivered);
        const key = ack ?? messageId;
        if (sub?.needsAck && key !== undefined && counters) remember(this.unsettled, key, counters);
        return;
      }
      case 'RECEIPT':
      case 'ERROR': {
        if (frame.command === 'ERROR') this.errors++;
        let id: string | undefined;
        for (let i = 0; i < h.length; i++) if (h[i][0] === 'receipt-id') {
          id = h[i][1];
          break;
        }
        const awaited = id === undefined ? undefined : this.receipts.get(id);
        if (!awaited || id === undefined) return;
        this.receipts.delete(id);
        if (frame.command === 'ERROR') return;
        const ms = this.clock() - awaited.sentAt;
        this.total.receipt(ms);
        awaited.counters?.receipt(ms);
        return;
      }
    }
  }

  private sent(frame: Frame, at: number): void {
    const h = frame.headers;
    let destination: string | undefined;
    let receipt: string | undefined;
    let id: string | undefined;
    let messageId: string | undefined;
    let ack: string | undefined;
    for (let i = 0; i < h.length; i++) {
      const name = h[i][0];
      const value = h[i][1];
      if (name === 'destination') destination ??= value;
      else if (name === 'receipt') receipt ??= value;
      else if (name === 'id') id ??= value;
      else if (name === 'message-id') messageId ??= value;
      else if (name === 'ack') ack ??= value;
    }
    let counters: TrafficCounters | undefined;
    switch (frame.command) {
      case 'SEND': {
        counters = destination !== undefined ? this.counters(destination) : undefined;
        const bytes = frame.body.byteLength;
        this.total.messageOut(at, bytes);
        counters?.messageOut(at, bytes);
        break;
      }
      case 'SUBSCRIBE':
        if (destination !== undefined) {
          counters = this.counters(destination);
          counters.dirty = true;
          // 1.0 has no `id`: the broker then names the subscription by its destination.
          this.lastSubscriptionKey = undefined;
          this.subscriptions.set(id ?? destination, { destination, counters, needsAck: ack === 'client' || ack === 'client-individual' });
        }
        break;
      case 'UNSUBSCRIBE': {
        const key = id ?? destination;
        const info = key === undefined ? undefined : this.subscriptions.get(key);
        if (info && key !== undefined) {
          this.subscriptions.delete(key);
          this.lastSubscriptionKey = undefined;
          info.counters.dirty = true;
          counters = info.counters;
        }
        break;
      }
      case 'ACK':
      case 'NACK': {
        const key = id ?? messageId;
        counters = key === undefined ? undefined : this.unsettled.get(key);
        if (key !== undefined) this.unsettled.delete(key);
        const kind = frame.command === 'ACK' ? 'ack' : 'nack';
        this.total.settled(kind);
        counters?.settled(kind);
        break;
      }
    }
    if (receipt !== undefined) remember(this.receipts, receipt, { sentAt: this.clock(), counters });
  }

  /** The destination's counters, made on first sight; past the limit, the shared overflow row's. */
  private counters(destination: string): TrafficCounters {
    if (destination === this.lastDestination && this.lastCounters) return this.lastCounters;
    let counters = this.destinations.get(destination);
    if (!counters) {
      if (this.destinations.size >= STATS_LIMITS.destinations) return (this.overflow ??= new TrafficCounters());
      counters = new TrafficCounters();
      this.destinations.set(destination, counters);
    }
    this.lastDestination = destination;
    this.lastCounters = counters;
    return counters;
  }

  private subscription(key: string): SubscriptionInfo | undefined {
    if (key === this.lastSubscriptionKey) return this.lastSubscription;
    const info = this.subscriptions.get(key);
    this.lastSubscriptionKey = key;
    this.lastSubscription = info;
    return info;
  }

  /** Zero for every count; destinations subscribed now stay listed. */
  reset(): void {
    this.total.clear();
    this.framesIn = this.framesOut = this.wireBytesIn = this.wireBytesOut = 0;
    this.heartBeatsIn = this.heartBeatsOut = this.errors = 0;
    this.destinations.clear();
    this.lastDestination = this.lastSubscriptionKey = undefined;
    this.overflow = undefined;
    this.unsettled.clear();
    this.receipts.clear();
    for (const [key, info] of this.subscriptions) {
      const counters = this.counters(info.destination);
      this.subscriptions.set(key, { ...info, counters });
    }
    this.since = this.now();
    this.emittedThrough = Math.floor(this.since / 1000) - 1;
    this.changed = true;
  }

  totals(nowSecond: number): ConnectionTotals {
    const { destination: _destination, subscribed: _subscribed, ...row } = this.total.row('', false, nowSecond);
    return {
      ...row,
      framesIn: this.framesIn,
      framesOut: this.framesOut,
      wireBytesIn: this.wireBytesIn,
      wireBytesOut: this.wireBytesOut,
      heartBeatsIn: this.heartBeatsIn,
      heartBeatsOut: this.heartBeatsOut,
      errors: this.errors,
      since: this.since,
      destinations: this.destinations.size,
    };
  }

  rows(nowSecond: number): StatsRow[] {
    const subscribed = this.subscribedDestinations();
    const rows = [...this.destinations].map(([destination, c]) => c.row(destination, subscribed.has(destination), nowSecond));
    if (this.overflow) rows.push(this.overflowRow(nowSecond));
    return rows;
  }

  snapshot(): StatsSnapshot {
    const at = this.now();
    const nowSecond = Math.floor(at / 1000);
    return { connectionId: this.connectionId, at, total: this.totals(nowSecond), points: this.total.series.points(-Infinity, nowSecond), destinations: this.rows(nowSecond) };
  }

  /** One destination's full seconds over the window; undefined when it was never seen. */
  series(destination: string): StatsPoint[] | undefined {
    return this.destinations.get(destination)?.series.points(-Infinity, Math.floor(this.now() / 1000));
  }

  /** Each series with traffic in the window, the connection's first (for the CSV export). */
  allSeries(): { destination: string | undefined; counters: TrafficCounters }[] {
    const out: { destination: string | undefined; counters: TrafficCounters }[] = [{ destination: undefined, counters: this.total }];
    for (const [destination, counters] of this.destinations) out.push({ destination, counters });
    return out;
  }

  /**
   * What changed since the last batch: the totals, the full seconds not sent yet, and the rows
   * counted since (or whose rate has yet to fall to zero). Undefined when there is nothing new.
   */
  delta(): StatsDelta | undefined {
    const nowSecond = Math.floor(this.now() / 1000);
    const after = this.emittedThrough;
    const subscribed = this.subscribedDestinations();
    const destinations: StatsDelta['destinations'] = [];
    const consider = (destination: string, c: TrafficCounters, overflow: boolean) => {
      const pendingSecond = c.series.latest > after && c.series.latest < nowSecond;
      if (!c.dirty && !pendingSecond && c.lastRateIn === 0 && c.lastRateOut === 0) return;
      const row = overflow ? this.overflowRow(nowSecond) : c.row(destination, subscribed.has(destination), nowSecond);
      destinations.push({ ...row, points: c.series.points(after, nowSecond) });
      c.dirty = false;
      c.lastRateIn = row.rateIn;
      c.lastRateOut = row.rateOut;
    };
    for (const [destination, c] of this.destinations) consider(destination, c, false);
    if (this.overflow) consider('', this.overflow, true);
    const t = this.total;
    const totalPending = t.series.latest > after && t.series.latest < nowSecond;
    if (!this.changed && !totalPending && destinations.length === 0 && t.lastRateIn === 0 && t.lastRateOut === 0) return undefined;
    const total = this.totals(nowSecond);
    t.lastRateIn = total.rateIn;
    t.lastRateOut = total.rateOut;
    this.changed = false;
    this.emittedThrough = nowSecond - 1;
    return { connectionId: this.connectionId, total, points: t.series.points(after, nowSecond), destinations };
  }

  private overflowRow(nowSecond: number): StatsRow {
    return { ...this.overflow!.row('', false, nowSecond), overflow: true };
  }

  private subscribedDestinations(): Set<string> {
    const set = new Set<string>();
    for (const info of this.subscriptions.values()) set.add(info.destination);
    return set;
  }
}

/** Adds to a bounded map, letting the oldest entry go when it is full. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= PENDING_LIMIT && !map.has(key)) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
