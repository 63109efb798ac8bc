/**
 * Which connections' wire logs someone is looking at. A view asks again before its lease ends, so
 * a window that closes or a tab that goes away without a word stops the entries within one lease:
 * the host keeps no per-window state to forget. A wire log nobody shows costs nothing to send: its
 * wire.appended events carry the total alone (at 10k msg/s, re-reading and sending the newest
 * entries of a log nobody looks at was the event batches' largest part, issue 15).
 */
import { WIRE_WATCH_MS } from '../../../src-core/api';

export class WireWatches {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly leaseMs = WIRE_WATCH_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Watches (or keeps watching) a connection's wire log for one lease; returns its length. */
  watch(connectionId: string): number {
    const now = this.now();
    // Leases of connections closed and forgotten meanwhile go here: the map stays as small as the views.
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
    this.until.set(connectionId, now + this.leaseMs);
    return this.leaseMs;
  }

  isWatched(connectionId: string): boolean {
    const until = this.until.get(connectionId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.until.delete(connectionId);
    return false;
  }
}
