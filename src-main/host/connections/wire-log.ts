/**
 * One connection's wire log: the newest entries (frames, heart-beats, diagnostics, markers) as the
 * small views the UI lists, each frame's exact bytes while they fit a byte budget (the oldest let
 * go first: a flood of large bodies cannot hold memory), and filtered views kept up to date as
 * entries arrive (a filter scans each entry once, not the whole log per page).
 */
import { wireFilterMatcher, type WireEntryView, type WireFilter } from '../../../src-core/api';
import { joinBytes } from '../../../src-core/protocol/join-bytes';
import { VERSIONS, versionIndex, type StompVersion } from '../../../src-core/protocol/spec';
import { BoundedLog } from './bounded-log';
import { FrameBytesStore } from './frame-bytes-store';
import { withSlot } from './slot-arrays';
import { receivedFrameView } from './wire-view';

export const WIRE_LOG_CAPACITY = 100_000;
/** Frame bytes kept for the hex view and the export, newest first out of the budget last. */
export const WIRE_BYTES_BUDGET = 64 * 1024 * 1024;
/** The line of a MESSAGE kept as its bytes only (no JSON string of its own). */
const BYTES_ONLY = '';
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
   * Each line kept as one JSON string, read back when a page or a filter asks; or, for a MESSAGE
   * received (the flood), as nothing but its bytes: its line is parsed again from them when asked,
   * and written as JSON only if the byte budget lets its bytes go while the line is still kept.
   * As objects (a view, its headers, each header pair: about ten per frame) the newest 100,000 lines
   * were the host's largest heap at 10k msg/s, and as JSON still 60 MB: every message made memory
   * that lived ten seconds, the garbage collector's costliest kind (issue 15).
   */
  private readonly views: BoundedLog<string>;
  private readonly bytes: FrameBytesStore;
  /** Per slot (seq modulo capacity), for lines kept as bytes only: when, and the STOMP version they were read with. */
  private receivedAt = new Float64Array(0);
  private versions = new Uint8Array(0);
  /** 0: none; else 1 + its index in `brokers` (a connection meets a few brokers, not thousands). */
  private brokerOf = new Uint16Array(0);
  private readonly brokers: string[] = [];
  private lastBroker: string | undefined;
  private lastBrokerId = 0;
  private readonly filters: FilterIndex[] = [];

  constructor(
    private readonly capacity = WIRE_LOG_CAPACITY,
    budget = WIRE_BYTES_BUDGET,
  ) {
    this.views = new BoundedLog(capacity);
    this.bytes = new FrameBytesStore(budget, capacity, (seq, bytes) => {
      if (this.views.at(seq) === BYTES_ONLY) this.views.set(seq, JSON.stringify(this.fromBytes(seq, bytes)));
    });
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
    if (raw && raw.length) this.bytes.keep(seq, raw);
    return seq;
  }

  /**
   * Appends a MESSAGE received, as the bytes it was parsed from (leniently, under `version`): its
   * line is those bytes parsed again. Returns the seq.
   */
  appendReceived(at: number, raw: readonly Uint8Array[], version: StompVersion, broker?: string): number {
    const seq = this.views.append(BYTES_ONLY);
    const slot = seq % this.capacity;
    if (slot >= this.receivedAt.length) {
      this.receivedAt = withSlot(this.receivedAt, slot, this.capacity);
      this.versions = withSlot(this.versions, slot, this.capacity);
      this.brokerOf = withSlot(this.brokerOf, slot, this.capacity);
    }
    this.receivedAt[slot] = at;
    this.versions[slot] = versionIndex(version);
    this.brokerOf[slot] = broker === undefined ? 0 : this.brokerId(broker);
    this.bytes.keep(seq, raw);
    // Over the budget on its own: written as JSON at once (the bytes were never kept).
    if (this.views.at(seq) === BYTES_ONLY && !this.bytes.has(seq)) this.views.set(seq, JSON.stringify(this.fromBytes(seq, joinBytes(raw))));
    return seq;
  }

  page(offset: number, limit: number): { seq: number; entry: WireEntryView }[] {
    return this.views.page(offset, limit).map(({ seq, entry }) => ({ seq, entry: this.read(seq, entry) }));
  }

  private at(seq: number): WireEntryView | undefined {
    const kept = this.views.at(seq);
    return kept === undefined ? undefined : this.read(seq, kept);
  }

  private read(seq: number, kept: string): WireEntryView {
    return kept === BYTES_ONLY ? this.fromBytes(seq, this.bytes.get(seq)!) : (JSON.parse(kept) as WireEntryView);
  }

  private fromBytes(seq: number, bytes: Uint8Array): WireEntryView {
    const slot = seq % this.capacity;
    const at = this.receivedAt[slot];
    let view: WireEntryView;
    try {
      view = receivedFrameView(bytes, seq, at, VERSIONS[this.versions[slot]]);
    } catch {
      // These bytes parsed a moment ago; should they ever not, the line says what it can rather
      // than throw into the client's delivery of the message.
      view = { seq, at, direction: 'in', kind: 'frame', command: 'MESSAGE', size: bytes.length };
    }
    const broker = this.brokerOf[slot];
    if (broker) view.broker = this.brokers[broker - 1];
    return view;
  }

  private brokerId(broker: string): number {
    // Frame after frame names the same broker (the same string): no search for it each time.
    if (broker === this.lastBroker) return this.lastBrokerId;
    let at = this.brokers.indexOf(broker);
    if (at < 0) {
      // Past the table's room (never, in practice), a broker's name is simply not kept with the line.
      if (this.brokers.length >= 0xfffe) return 0;
      at = this.brokers.push(broker) - 1;
    }
    this.lastBroker = broker;
    this.lastBrokerId = at + 1;
    return at + 1;
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
