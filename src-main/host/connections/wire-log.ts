/**
 * One connection's wire log: the newest entries (frames, heart-beats, diagnostics, markers) as the
 * small views the UI lists, each frame's exact bytes while they fit a byte budget (the oldest let
 * go first: a flood of large bodies cannot hold memory), and filtered views kept up to date as
 * entries arrive (a filter scans each entry once, not the whole log per page).
 */
import { wireFilterMatcher, type WireEntryView, type WireFilter } from '../../../src-core/api';
import { BoundedLog } from './bounded-log';
import { FrameBytesStore } from './frame-bytes-store';

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
  /**
   * Each view kept as one JSON string, read back when a page or a filter asks. As objects (a view,
   * its headers, each header pair: about ten per frame) the newest 100,000 were the host's largest
   * heap at 10k msg/s: every message made objects that lived ten seconds, the garbage collector's
   * costliest kind (issue 15: host RSS 446 → 198 MB and a quarter of its CPU with MESSAGE frames left
   * out of the log). A string is one object the collector never looks inside, and owns its
   * characters (a header value cut from a frame's head no longer keeps the head alive).
   */
  private readonly views: BoundedLog<string>;
  private readonly bytes: FrameBytesStore;
  private readonly filters: FilterIndex[] = [];

  constructor(
    private readonly capacity = WIRE_LOG_CAPACITY,
    private readonly budget = WIRE_BYTES_BUDGET,
  ) {
    this.views = new BoundedLog(capacity);
    this.bytes = new FrameBytesStore(budget);
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
    const seq = this.views.append(JSON.stringify(view));
    if (raw && raw.length) this.bytes.keep(seq, raw, this.firstKept());
    return seq;
  }

  page(offset: number, limit: number): { seq: number; entry: WireEntryView }[] {
    return this.views.page(offset, limit).map(({ seq, entry }) => ({ seq, entry: JSON.parse(entry) as WireEntryView }));
  }

  private at(seq: number): WireEntryView | undefined {
    const kept = this.views.at(seq);
    return kept === undefined ? undefined : (JSON.parse(kept) as WireEntryView);
  }

  /**
   * A frame's bytes as they travelled, or undefined once the budget let them go (or it had none):
   * a view valid until the next append (encode or copy it at once).
   */
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
      const entry = this.at(seq);
      if (entry && index.test(entry)) index.matches.push(seq);
    }
    index.scannedTo = this.total;
    index.usedAt = Date.now();
    const entries: WireEntryView[] = [];
    for (const seq of index.matches.slice(offset, offset + limit)) {
      const entry = this.at(seq);
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
}
