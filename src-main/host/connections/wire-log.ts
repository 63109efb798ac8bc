/**
 * One connection's wire log: the newest entries (frames, heart-beats, diagnostics, markers) as the
 * small views the UI lists, each frame's exact bytes while they fit a byte budget (the oldest let
 * go first: a flood of large bodies cannot hold memory), and filtered views kept up to date as
 * entries arrive (a filter scans each entry once, not the whole log per page).
 */
import { wireFilterMatcher, type WireEntryView, type WireFilter } from '../../../src-core/api';
import { BoundedLog } from './bounded-log';

export const WIRE_LOG_CAPACITY = 100_000;
/** Frame bytes kept for the hex view and the export, newest first out of the budget last. */
export const WIRE_BYTES_BUDGET = 64 * 1024 * 1024;
/** Filters kept warm at once (one per open wire-log view, in practice). */
const FILTERS_KEPT = 4;

interface FilterIndex {
  readonly key: string;
  readonly test: (view: WireEntryView) => boolean;
  /** Seqs of matching entries, in order. */
  matches: number[];
  /** Entries below this seq have been scanned. */
  scannedTo: number;
  usedAt: number;
}

export class WireLog {
  private readonly views: BoundedLog<WireEntryView>;
  private readonly bytes = new Map<number, Uint8Array>();
  /** The seqs in `bytes`, oldest first, from `keptHead` on. */
  private kept: number[] = [];
  private keptHead = 0;
  private bytesHeld = 0;
  private readonly filters: FilterIndex[] = [];

  constructor(
    private readonly capacity = WIRE_LOG_CAPACITY,
    private readonly budget = WIRE_BYTES_BUDGET,
  ) {
    this.views = new BoundedLog(capacity);
  }

  get total(): number {
    return this.views.total;
  }

  /** How many of the newest entries the log keeps. */
  get capacityKept(): number {
    return this.capacity;
  }

  /** Appends a view (its `seq` must be `total`) and the frame's bytes, if any; returns the seq. */
  append(view: WireEntryView, raw?: readonly Uint8Array[]): number {
    const seq = this.views.append(view);
    if (raw && raw.length) this.keepBytes(seq, raw);
    return seq;
  }

  page(offset: number, limit: number): { seq: number; entry: WireEntryView }[] {
    return this.views.page(offset, limit);
  }

  /** A frame's bytes as they travelled, or undefined once the budget let them go (or it had none). */
  frameBytes(seq: number): Uint8Array | undefined {
    return this.bytes.get(seq);
  }

  /**
   * A page of the entries matching `filter`: `total` counts the matches still kept, `offset` and
   * `limit` index into them.
   */
  filteredPage(filter: WireFilter, offset: number, limit: number): { total: number; entries: WireEntryView[] } {
    const index = this.index(filter);
    const first = this.firstKept();
    // Matches the log has trimmed since are dropped from the front.
    let drop = 0;
    while (drop < index.matches.length && index.matches[drop] < first) drop++;
    if (drop) index.matches = index.matches.slice(drop);
    for (let seq = Math.max(index.scannedTo, first); seq < this.total; seq++) {
      const entry = this.views.at(seq);
      if (entry && index.test(entry)) index.matches.push(seq);
    }
    index.scannedTo = this.total;
    index.usedAt = Date.now();
    const entries: WireEntryView[] = [];
    for (const seq of index.matches.slice(offset, offset + limit)) {
      const entry = this.views.at(seq);
      if (entry) entries.push(entry);
    }
    return { total: index.matches.length, entries };
  }

  private firstKept(): number {
    return Math.max(0, this.total - this.capacity);
  }

  private index(filter: WireFilter): FilterIndex {
    const key = JSON.stringify(filter);
    let index = this.filters.find((f) => f.key === key);
    if (!index) {
      index = { key, test: wireFilterMatcher(filter), matches: [], scannedTo: 0, usedAt: Date.now() };
      this.filters.push(index);
      if (this.filters.length > FILTERS_KEPT) {
        this.filters.sort((a, b) => b.usedAt - a.usedAt);
        this.filters.length = FILTERS_KEPT;
      }
    }
    return index;
  }

  private keepBytes(seq: number, raw: readonly Uint8Array[]): void {
    const size = raw.reduce((n, part) => n + part.length, 0);
    if (size > this.budget) return;
    // Joined into memory of its own: a view would pin the read slab or the caller's buffer.
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const part of raw) {
      bytes.set(part, at);
      at += part.length;
    }
    this.bytes.set(seq, bytes);
    this.kept.push(seq);
    this.bytesHeld += size;
    // The oldest go first. A queue of seqs, not a walk over the Map from its start: a Map keeps
    // its deleted entries' slots until it is rehashed, and walking past them on every append made
    // each append cost more as the log turned over (18 µs a frame at 10k frames/s, issue 15).
    while (this.keptHead < this.kept.length) {
      const old = this.kept[this.keptHead];
      if (this.bytesHeld <= this.budget && old >= this.total - this.capacity) break;
      this.bytesHeld -= this.bytes.get(old)?.length ?? 0;
      this.bytes.delete(old);
      this.keptHead++;
    }
    if (this.keptHead > 4096 && this.keptHead * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.keptHead);
      this.keptHead = 0;
    }
  }
}
