/**
 * Where one direction's bytes leave the proxy: the transport to the other side, honouring its
 * back-pressure, with the latency and bandwidth faults applied on the way. Order is always kept.
 * While the transport is over its high-water mark, or too much waits for its latency or its share
 * of the bandwidth, the outlet says it is busy and the relay stops reading from the source.
 */
import type { Transport } from '../client/transport';

export interface Shaping {
  /** ms each write waits before it goes out (0: none). */
  readonly latencyMs: number;
  /** A random 0..jitterMs more, order kept. */
  readonly jitterMs: number;
  /** 0: unlimited. */
  readonly bytesPerSecond: number;
}

export const NO_SHAPING: Shaping = Object.freeze({ latencyMs: 0, jitterMs: 0, bytesPerSecond: 0 });

/** Above this many bytes waiting for their time the source is paused; below the low mark it resumes. */
const QUEUE_HIGH = 4 * 1024 * 1024;
const QUEUE_LOW = 1024 * 1024;
/** A bandwidth limit is paid out in slices of about this many ms worth of bytes. */
const SLICE_MS = 20;

interface Queued {
  bytes: Uint8Array;
  due: number;
}

export interface OutletClock {
  now(): number;
  random(): number;
}

const REAL_CLOCK: OutletClock = { now: () => performance.now(), random: Math.random };

export class Outlet {
  private shaping: Shaping = NO_SHAPING;
  private readonly queue: Queued[] = [];
  private queued = 0;
  private lastDue = 0;
  private tokens = 0;
  private refilledAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private transportBusy = false;
  private queueBusy = false;
  private busy = false;
  private ending = false;
  private closed = false;
  /** Bytes handed to the transport so far. */
  written = 0;

  constructor(
    private readonly transport: Transport,
    /** Called when the outlet becomes busy (true) or can take more (false). */
    private readonly onBusy: (busy: boolean) => void,
    private readonly clock: OutletClock = REAL_CLOCK,
  ) {}

  get shaped(): boolean {
    return this.shaping.latencyMs > 0 || this.shaping.jitterMs > 0 || this.shaping.bytesPerSecond > 0;
  }

  /** Bytes waiting in the outlet for their time (not yet handed to the transport). */
  get waiting(): number {
    return this.queued;
  }

  setShaping(shaping: Shaping): void {
    const now = this.clock.now();
    if (shaping.bytesPerSecond > 0 && this.shaping.bytesPerSecond !== shaping.bytesPerSecond) {
      this.tokens = 0;
      this.refilledAt = now;
    }
    // Latency taken away: what waits for it goes now (as Toxiproxy does when a toxic is removed).
    if (shaping.latencyMs === 0 && shaping.jitterMs === 0) {
      for (const item of this.queue) item.due = now;
      this.lastDue = now;
    }
    this.shaping = shaping;
    this.pump();
  }

  write(bytes: Uint8Array): void {
    if (this.closed || this.ending || bytes.length === 0) return;
    if (!this.shaped && this.queue.length === 0) {
      this.handOver(bytes);
      return;
    }
    const now = this.clock.now();
    const { latencyMs, jitterMs } = this.shaping;
    const due = Math.max(this.lastDue, now + latencyMs + (jitterMs > 0 ? this.clock.random() * jitterMs : 0));
    this.lastDue = due;
    this.queue.push({ bytes, due });
    this.queued += bytes.length;
    if (this.queued > QUEUE_HIGH) this.setQueueBusy(true);
    this.pump();
  }

  /** Flushes what waits (with its delays), then ends the transport. */
  end(): void {
    if (this.closed || this.ending) return;
    this.ending = true;
    if (this.queue.length === 0) this.transport.end();
  }

  /** Stops at once: what waits is discarded (the connection is being torn down). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
    this.queued = 0;
  }

  private handOver(bytes: Uint8Array): void {
    this.written += bytes.length;
    const drained = this.transport.write(bytes);
    if (drained && !this.transportBusy) {
      this.transportBusy = true;
      this.updateBusy();
      void drained.then(() => {
        this.transportBusy = false;
        this.updateBusy();
        this.pump();
      });
    }
  }

  private pump(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const { queue } = this;
    while (queue.length > 0 && !this.closed && !this.transportBusy) {
      const head = queue[0];
      const now = this.clock.now();
      if (head.due > now) return this.wake(head.due - now);
      let take = head.bytes.length;
      const rate = this.shaping.bytesPerSecond;
      if (rate > 0) {
        this.refill(now, rate);
        const slice = Math.max(1, Math.floor((rate * SLICE_MS) / 1000));
        const allowed = Math.floor(this.tokens);
        if (allowed < Math.min(take, slice)) return this.wake(((Math.min(take, slice) - this.tokens) * 1000) / rate);
        take = Math.min(take, allowed);
        this.tokens -= take;
      }
      if (take === head.bytes.length) queue.shift();
      const out = take === head.bytes.length ? head.bytes : head.bytes.subarray(0, take);
      if (take < head.bytes.length) head.bytes = head.bytes.subarray(take);
      this.queued -= take;
      this.handOver(out);
    }
    if (this.queueBusy && this.queued < QUEUE_LOW) this.setQueueBusy(false);
    if (queue.length === 0 && this.ending && !this.closed) this.transport.end();
  }

  private refill(now: number, rate: number): void {
    const burst = Math.max(1, Math.floor((rate * SLICE_MS) / 1000));
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) * rate) / 1000);
    this.refilledAt = now;
  }

  private wake(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pump();
    }, Math.max(0, Math.ceil(ms)));
  }

  private setQueueBusy(busy: boolean): void {
    this.queueBusy = busy;
    this.updateBusy();
  }

  private updateBusy(): void {
    const busy = this.transportBusy || this.queueBusy;
    if (busy === this.busy) return;
    this.busy = busy;
    this.onBusy(busy);
  }
}
