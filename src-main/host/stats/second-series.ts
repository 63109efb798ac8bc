/**
 * Per-second counts over a fixed window, in one preallocated array: messages in, messages out,
 * body bytes in, body bytes out. Counting a message is a few array writes; moving to a new second
 * clears the slots skipped since the last one (at most the window's length), so nothing is
 * allocated while traffic flows and the cost does not grow with the rate.
 */
import type { StatsPoint } from '../../../src-core/api/schemas/stats';

/** Column of a slot; a direction's bytes sit two columns after its messages. */
export const Column = { MessagesIn: 0, MessagesOut: 1, BytesIn: 2, BytesOut: 3 } as const;
export type Column = (typeof Column)[keyof typeof Column];
const COLUMNS = 4;

export class SecondSeries {
  private readonly slots: Float64Array;
  /** The newest second written (seconds since the epoch); -1 before the first. */
  private newest = -1;

  constructor(readonly window: number) {
    this.slots = new Float64Array(window * COLUMNS);
  }

  /** Adds a message (and its body bytes) to `second`'s slot in direction `messages`/`bytes`. */
  add(second: number, messages: typeof Column.MessagesIn | typeof Column.MessagesOut, bytes: number): void {
    const base = this.slot(second);
    if (base < 0) return;
    this.slots[base + messages] += 1;
    this.slots[base + messages + 2] += bytes;
  }

  /** Sum of one column over the `seconds` full seconds before `now` (the current one is still filling). */
  sum(column: Column, now: number, seconds: number): number {
    let total = 0;
    const from = Math.max(now - seconds, this.newest - this.window + 1);
    for (let s = from; s < now && s <= this.newest; s++) total += this.slots[this.index(s) * COLUMNS + column];
    return total;
  }

  /**
   * Seconds with traffic in (`after`, `before`), oldest first; `after` defaults to the window's
   * start and `before` to no limit.
   */
  points(after = -Infinity, before = Infinity): StatsPoint[] {
    const out: StatsPoint[] = [];
    if (this.newest < 0) return out;
    const from = Math.max(this.newest - this.window + 1, Math.floor(after) + 1);
    const to = Math.min(this.newest, before - 1);
    for (let s = from; s <= to; s++) {
      const base = this.index(s) * COLUMNS;
      const mIn = this.slots[base];
      const mOut = this.slots[base + 1];
      if (mIn === 0 && mOut === 0) continue;
      out.push([s, mIn, mOut, this.slots[base + 2], this.slots[base + 3]]);
    }
    return out;
  }

  /** The newest second with a slot, or -1. */
  get latest(): number {
    return this.newest;
  }

  clear(): void {
    this.slots.fill(0);
    this.newest = -1;
  }

  /** The slot's first index for `second`, moving the window forward when it is newer; -1 when it has left the window. */
  private slot(second: number): number {
    if (second > this.newest) {
      const skipped = this.newest < 0 ? this.window : Math.min(this.window, second - this.newest);
      for (let i = 0; i < skipped; i++) {
        const base = this.index(second - i) * COLUMNS;
        this.slots.fill(0, base, base + COLUMNS);
      }
      this.newest = second;
    } else if (second <= this.newest - this.window) return -1; // older than the window (a clock step back)
    return this.index(second) * COLUMNS;
  }

  private index(second: number): number {
    return ((second % this.window) + this.window) % this.window;
  }
}
