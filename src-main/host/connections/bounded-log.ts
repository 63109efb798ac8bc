/**
 * A log that keeps the newest `capacity` entries, numbered from 0 for the whole life of the log.
 *
 * A ring: once full, each append overwrites the oldest slot and allocates nothing. It used to
 * push and, every quarter of its capacity, copy the newest entries into a new array: for the wire
 * log at 10k frames a second, a megabyte-sized array every 2.5 s, allocated straight into the old
 * generation (the heap sampler's second-largest source of old-generation garbage; issue 15).
 */
export class BoundedLog<T> {
  /** Grows by push until it holds `capacity` entries, then is written in place. */
  private readonly slots: T[] = [];
  private appended = 0;

  constructor(private readonly capacity: number) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`bounded log: capacity must be a positive integer, not ${capacity}`);
  }

  /** Entries ever appended (the UI shows "N frames", and pages by seq). */
  get total(): number {
    return this.appended;
  }

  append(entry: T): number {
    const seq = this.appended++;
    if (this.slots.length < this.capacity) this.slots.push(entry);
    else this.slots[seq % this.capacity] = entry;
    return seq;
  }

  /** Entries with seq in [offset, offset + limit), skipping those already let go. */
  page(offset: number, limit: number): { seq: number; entry: T }[] {
    const start = Math.max(offset, this.oldest());
    const end = Math.min(this.appended, offset + limit);
    const out: { seq: number; entry: T }[] = [];
    for (let seq = start; seq < end; seq++) out.push({ seq, entry: this.slots[seq % this.capacity] });
    return out;
  }

  /** The entry with that seq, while it is kept. */
  at(seq: number): T | undefined {
    if (seq < this.oldest() || seq >= this.appended) return undefined;
    return this.slots[seq % this.capacity];
  }

  /** Replaces the entry with that seq, while it is kept. */
  set(seq: number, entry: T): void {
    if (seq >= this.oldest() && seq < this.appended) this.slots[seq % this.capacity] = entry;
  }

  /** The newest `count` entries. */
  tail(count: number): { seq: number; entry: T }[] {
    return this.page(Math.max(0, this.appended - count), count);
  }

  /** The seq of the oldest entry kept. */
  private oldest(): number {
    return Math.max(0, this.appended - this.capacity);
  }
}
