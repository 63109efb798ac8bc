/** A log that keeps the newest `capacity` entries, numbered from 0 for the whole life of the log. */
export class BoundedLog<T> {
  private entries: T[] = [];
  private first = 0;

  constructor(private readonly capacity: number) {}

  /** Entries ever appended (the UI shows "N frames", and pages by seq). */
  get total(): number {
    return this.first + this.entries.length;
  }

  append(entry: T): number {
    this.entries.push(entry);
    // Trim in batches so appends stay O(1) amortised.
    if (this.entries.length > this.capacity * 1.25) {
      const drop = this.entries.length - this.capacity;
      this.entries = this.entries.slice(drop);
      this.first += drop;
    }
    return this.total - 1;
  }

  /** Entries with seq in [offset, offset + limit), skipping those already trimmed. */
  page(offset: number, limit: number): { seq: number; entry: T }[] {
    const start = Math.max(offset, this.first, this.total - this.capacity);
    const end = Math.min(this.total, offset + limit);
    const out: { seq: number; entry: T }[] = [];
    for (let seq = start; seq < end; seq++) out.push({ seq, entry: this.entries[seq - this.first] });
    return out;
  }

  /** The entry with that seq, while it is kept. */
  at(seq: number): T | undefined {
    if (seq < Math.max(this.first, this.total - this.capacity) || seq >= this.total) return undefined;
    return this.entries[seq - this.first];
  }

  /** Replaces the entry with that seq, while it is kept. */
  set(seq: number, entry: T): void {
    if (this.at(seq) !== undefined) this.entries[seq - this.first] = entry;
  }

  /** The newest `count` entries. */
  tail(count: number): { seq: number; entry: T }[] {
    return this.page(Math.max(0, this.total - count), count);
  }
}
