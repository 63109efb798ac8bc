/**
 * One capture: every message of one subscription (or of one imported file), none ever dropped.
 * Each message is encoded once into a record in the capture's log (memory segments, the oldest
 * spilled to a file when the registry's budget says so) plus a summary row in the in-memory index,
 * so listing touches only the index and reading any seq works wherever its record is.
 */
import type { Framing } from '../../../src-core/protocol/frame';
import { isBinaryBody, JSON_CHECK_BYTES } from './body-preview';
import { CaptureLog } from './capture-log';
import type {
  AckState,
  CaptureInit,
  CapturedMessage,
  CaptureInput,
  CaptureView,
  MessageDetail,
  MessagePage,
  MessageSummary,
} from './capture-types';
import { FilterMatches } from './filter-matches';
import { listedHeaders } from './listed-headers';
import { parseFilter, type MessageMatcher } from './message-filter';
import type { PositionList } from './position-list';
import { decodeRecord, encodeRecord, headOf, measureRecord, type DecodedRecord, type RecordInput } from './record-codec';
import { bodyPage, bodyStart, readPrefix, rowText, type LogReader } from './record-reader';
import { scanRecords, type ScanSource } from './record-scanner';
import { SpillFile } from './spill-file';
import { SummaryIndex } from './summary-index';

/** The registry's side of a store: it counts memory, orders spills and enforces the budget. */
export interface MemoryLedger {
  /** The message bytes this store holds in memory changed by `delta`. */
  charge(delta: number): void;
  /** A monotonic clock shared by all stores, so "oldest" means the same in each. */
  tick(): number;
  /** After every append, with the store consistent again: the moment to spill. */
  appended(store: CaptureStore): void;
}

export interface CaptureStoreOptions {
  readonly id: string;
  readonly init: CaptureInit;
  /** A spill file path per generation: a cleared capture starts a new file, never reuses one. */
  readonly spillPath: (generation: number) => string;
  /** Largest memory segment; defaults to 256 KiB. */
  readonly segmentCap?: () => number;
  readonly ledger?: MemoryLedger;
}

/** A stored message as a scan yields it: `body` and `raw` are views, copy them to keep them. */
export type ScannedMessage = CapturedMessage;

interface Origin {
  readonly connectionId?: string;
  readonly subscriptionId?: string;
}

const DEFAULT_SEGMENT_CAP = 256 * 1024;
const NO_LEDGER: MemoryLedger = { charge: () => {}, tick: () => 0, appended: () => {} };

export class CaptureStore {
  readonly id: string;
  readonly offline: boolean;
  label: string;
  connectionId: string | undefined;
  subscriptionId: string | undefined;
  destination: string | undefined;

  private readonly index = new SummaryIndex();
  private readonly log: CaptureLog;
  private readonly ledger: MemoryLedger;
  private readonly spillPath: (generation: number) => string;
  /** The seq of position 0: a clear keeps counting, so an old seq never names a new message. */
  private base = 0;
  private generation = 0;
  private closed = false;
  private readonly origins: Origin[] = [];
  private readonly originIds = new Map<string, number>();
  private lastOrigin = -1;
  private matches: FilterMatches | undefined;
  /** Filter scans run one after another, so two pages of one filter scan the capture once. */
  private searches: Promise<unknown> = Promise.resolve();
  private readonly lengths: number[] = [];
  private readonly scanSource: ScanSource;
  private readonly read: LogReader;

  constructor(options: CaptureStoreOptions) {
    this.id = options.id;
    this.label = options.init.label;
    this.connectionId = options.init.connectionId;
    this.subscriptionId = options.init.subscriptionId;
    this.destination = options.init.destination;
    this.offline = options.init.offline ?? false;
    this.ledger = options.ledger ?? NO_LEDGER;
    this.spillPath = options.spillPath;
    const segmentCap = options.segmentCap ?? (() => DEFAULT_SEGMENT_CAP);
    this.log = new CaptureLog(new SpillFile(this.spillPath(0)), segmentCap, (delta) => this.ledger.charge(delta));
    this.read = (offset, length) => this.log.read(offset, length);
    this.scanSource = {
      captureId: this.id,
      generation: () => this.generation,
      spilledBytes: () => this.log.spilledBytes,
      spillFile: () => this.log.spillFile,
      logOffset: (pos) => this.index.logOffset(pos),
      recordLength: (pos) => this.index.recordLength(pos, this.log.endOffset),
      read: (offset, length) => this.log.read(offset, length),
      hold: () => this.log.hold(),
    };
  }

  /** How many times the capture was cleared: a reader that spans requests checks it did not change. */
  get clears(): number {
    return this.generation;
  }

  /** Messages kept, in memory and on disk. */
  get count(): number {
    return this.index.count;
  }

  /** The seq of the oldest message kept; seqs run from here to `nextSeq - 1`. */
  get firstSeq(): number {
    return this.base;
  }

  get nextSeq(): number {
    return this.base + this.index.count;
  }

  get messageBytesInMemory(): number {
    return this.log.memoryBytes;
  }

  /** The summary index plus the remembered filter's matches: what stays in memory per message. */
  get indexBytes(): number {
    return this.index.memoryBytes + (this.matches?.positions.memoryBytes ?? 0);
  }

  get bytesOnDisk(): number {
    return this.log.spilledBytes;
  }

  /** The registry's clock at the oldest message still in memory; undefined when none is. */
  get oldestInMemory(): number | undefined {
    return this.log.oldestTick;
  }

  /**
   * Stores the message (copying its bytes) and returns its seq. With the raw frame and its
   * version, the record is the raw frame alone; the row's preview is worked out when shown.
   */
  append(input: CaptureInput): number {
    if (this.closed) throw new Error(`capture "${this.id}" is closed`);
    const { frame } = input;
    const seq = this.nextSeq;
    const record: RecordInput = {
      seq,
      receivedAt: input.receivedAt,
      framing: frame.framing ?? inferFraming(frame.headers),
      origin: this.originOf(input.connectionId ?? this.connectionId, input.subscriptionId ?? this.subscriptionId),
      command: frame.command,
      headers: frame.headers,
      body: frame.body,
      raw: input.raw,
      version: input.version,
      plainHead: frame.plainHead,
    };
    const size = measureRecord(record, this.lengths);
    const slot = this.log.reserve(size, this.ledger.tick());
    encodeRecord(record, this.lengths, size, slot.buf, slot.at);
    const { destination, contentType, redelivered } = listedHeaders(frame.headers);
    this.index.push({
      logOffset: slot.offset,
      receivedAt: input.receivedAt,
      size: frame.body.length,
      destination,
      contentType,
      redelivered,
      // A body of up to 64 KiB is looked at when its row is first shown (most never are); a larger
      // one now, while it is at hand (its row reads only the start of it).
      binary: frame.body.length > JSON_CHECK_BYTES ? isBinaryBody(frame.body) : undefined,
    });
    this.ledger.appended(this);
    return seq;
  }

  has(seq: number): boolean {
    return this.position(seq) >= 0;
  }

  summary(seq: number): MessageSummary | undefined {
    const pos = this.position(seq);
    return pos < 0 ? undefined : this.summaryAt(pos);
  }

  /** Summaries of seqs [fromSeq, toSeq), clipped to what is kept: for "N new" batches. */
  summaries(fromSeq: number, toSeq: number = this.nextSeq): MessageSummary[] {
    const from = Math.max(0, fromSeq - this.base);
    const to = Math.min(this.index.count, toSeq - this.base);
    const items: MessageSummary[] = [];
    for (let pos = from; pos < to; pos++) items.push(this.summaryAt(pos));
    return items;
  }

  /** The whole message, from memory or from the spill file; bodies are copies. */
  message(seq: number): CapturedMessage | undefined {
    const pos = this.position(seq);
    if (pos < 0) return undefined;
    const bytes = this.log.read(this.index.logOffset(pos), this.index.recordLength(pos, this.log.endOffset));
    return this.toMessage(this.checked(decodeRecord(bytes), seq), true);
  }

  /**
   * The message for the inspector. With `bodyLimit`, a longer body comes back cut to its first
   * bodyLimit bytes (and the raw frame to its head and those bytes), marked bodyTruncated: a
   * 100 MiB body is then read a page at a time (bodyPage), never whole.
   */
  get(seq: number, bodyLimit?: number): MessageDetail | undefined {
    const pos = this.position(seq);
    if (pos < 0) return undefined;
    const offset = this.index.logOffset(pos);
    const length = this.index.recordLength(pos, this.log.endOffset);
    const prefix = readPrefix(this.read, offset, length, bodyLimit ?? Infinity);
    const { layout, bytes } = prefix;
    if (layout.seq !== seq) throw new Error(`capture "${this.id}": record for seq ${seq} claims seq ${layout.seq}`);
    const body = bodyStart(prefix);
    const truncated = body.length < layout.bodyLength;
    const { command, headers } = headOf(layout, bytes);
    const origin = this.origins[layout.origin];
    const raw = layout.rawStart >= 0 ? bytes.subarray(layout.rawStart, truncated ? layout.bodyStart + body.length : layout.rawStart + layout.rawLength) : undefined;
    const detail: MessageDetail = {
      ...this.summaryAt(pos),
      command,
      headers: headers.map(([name, value]) => [name, value] as [string, string]),
      bodyBase64: body.toString('base64'),
      framing: layout.framing,
      // A raw frame kept in the older layout (after its body) is left out of a cut detail.
      rawBase64: layout.hasRaw && (raw !== undefined || !truncated) ? raw?.toString('base64') : undefined,
      subscriptionId: origin.subscriptionId,
      connectionId: origin.connectionId,
      bodySize: layout.bodyLength,
    };
    if (truncated) detail.bodyTruncated = true;
    return detail;
  }

  /** Bytes [from, from + length) of a message's body, clipped to its end; undefined for an unknown seq. */
  bodyPage(seq: number, from: number, length: number): { size: number; bytes: Buffer } | undefined {
    const pos = this.position(seq);
    if (pos < 0) return undefined;
    return bodyPage(this.read, this.index.logOffset(pos), this.index.recordLength(pos, this.log.endOffset), from, length);
  }

  /**
   * A page of the list, oldest first; with a filter, a page of the matching messages. A filter
   * scans the capture once and remembers how far it got, so following the tail with the same
   * filter scans only what arrived since. Rejects with FilterError for a filter that cannot run.
   */
  async list(offset = 0, limit = 200, filter?: string): Promise<MessagePage> {
    const matcher = parseFilter(filter);
    if (!matcher) {
      const from = Math.min(offset, this.index.count);
      const to = Math.min(this.index.count, from + limit);
      const items: MessageSummary[] = [];
      for (let pos = from; pos < to; pos++) items.push(this.summaryAt(pos));
      return { total: this.index.count, items };
    }
    const positions = await this.matching((filter ?? '').trim(), matcher);
    const total = positions.length;
    const items: MessageSummary[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(this.summaryAt(positions.at(i)));
    return { total, items };
  }

  /** Seqs of every message matching the filter, oldest first. */
  async search(filter: string): Promise<number[]> {
    const matcher = parseFilter(filter);
    if (!matcher) return Array.from({ length: this.index.count }, (_, pos) => this.base + pos);
    const positions = await this.matching(filter.trim(), matcher);
    const total = positions.length;
    const seqs = new Array<number>(total);
    for (let i = 0; i < total; i++) seqs[i] = this.base + positions.at(i);
    return seqs;
  }

  ackState(seq: number): AckState | undefined {
    const pos = this.position(seq);
    return pos < 0 ? undefined : this.index.ackState(pos);
  }

  /** False for a seq the capture does not hold (cleared, or never seen): nothing to update. */
  setAckState(seq: number, state: AckState): boolean {
    const pos = this.position(seq);
    if (pos < 0) return false;
    this.index.setAckState(pos, state);
    return true;
  }

  /** After a reconnect the broker forgets unsettled deliveries: pending ones become stale. */
  markPendingStale(): number {
    return this.index.replaceAckStates('pending', 'stale');
  }

  view(): CaptureView {
    return {
      id: this.id,
      label: this.label,
      connectionId: this.connectionId,
      subscriptionId: this.subscriptionId,
      destination: this.destination,
      count: this.index.count,
      offline: this.offline,
      bytesInMemory: this.log.memoryBytes + this.indexBytes,
      bytesOnDisk: this.log.spilledBytes,
    };
  }

  /**
   * Every message of seqs [fromSeq, toSeq) in order, in batches of about 1 MiB; spilled ones are
   * streamed from the file, never loaded at once. Bodies are views into the batch: copy to keep.
   */
  async *scan(fromSeq: number = this.base, toSeq: number = this.nextSeq, batchBytes?: number): AsyncGenerator<ScannedMessage[]> {
    const from = Math.max(0, fromSeq - this.base);
    const to = Math.min(this.index.count, toSeq - this.base);
    for await (const batch of scanRecords(this.scanSource, from, to, batchBytes)) {
      yield batch.map(({ pos, bytes }) => this.toMessage(this.checked(decodeRecord(bytes), this.base + pos), false));
    }
  }

  /** Writes the oldest memory segment to the spill file; the registry calls it to meet its budget. */
  spillOldest(): number {
    return this.log.spillOldest();
  }

  /** Forgets every message and deletes the spill file; seqs keep counting from where they were. */
  clear(): void {
    this.generation++;
    this.base += this.index.count;
    this.index.clear();
    this.matches = undefined;
    this.log.reset(new SpillFile(this.spillPath(this.generation)));
  }

  /** Clears and refuses further appends. */
  dispose(): void {
    this.clear();
    this.closed = true;
  }

  private matching(key: string, matcher: MessageMatcher): Promise<PositionList> {
    const run = this.searches.then(async () => {
      if (this.matches?.key !== key || this.matches.generation !== this.generation) {
        this.matches = new FilterMatches(key, this.generation, matcher);
      }
      const matches = this.matches;
      await matches.extend(scanRecords(this.scanSource, matches.scannedTo, this.index.count));
      return matches.positions;
    });
    this.searches = run.catch(() => undefined);
    return run;
  }

  private position(seq: number): number {
    const pos = seq - this.base;
    return Number.isInteger(pos) && pos >= 0 && pos < this.index.count ? pos : -1;
  }

  /** A list row: the index's fields, and the message-id and preview read from the record's start. */
  private summaryAt(pos: number): MessageSummary {
    const fields = this.index.fields(pos);
    const text = rowText(this.read, fields.logOffset, this.index.recordLength(pos, this.log.endOffset), fields.binary, fields.contentType);
    if (fields.binary === undefined) this.index.setBinary(pos, text.binary);
    return {
      captureId: this.id,
      seq: this.base + pos,
      receivedAt: fields.receivedAt,
      destination: fields.destination,
      messageId: text.messageId,
      size: fields.size,
      contentType: fields.contentType,
      redelivered: fields.redelivered,
      ackState: this.index.ackState(pos),
      preview: text.preview,
      binary: text.binary,
    };
  }

  private toMessage(record: DecodedRecord, copy: boolean): CapturedMessage {
    const origin = this.origins[record.origin];
    return {
      seq: record.seq,
      connectionId: origin.connectionId,
      subscriptionId: origin.subscriptionId,
      receivedAt: record.receivedAt,
      command: record.command,
      headers: record.headers,
      body: copy ? new Uint8Array(record.body) : record.body,
      framing: record.framing,
      raw: record.raw && (copy ? new Uint8Array(record.raw) : record.raw),
    };
  }

  /** A record whose seq differs from the one asked for means the index and the log disagree. */
  private checked(record: DecodedRecord, seq: number): DecodedRecord {
    if (record.seq !== seq) throw new Error(`capture "${this.id}": record for seq ${seq} claims seq ${record.seq}`);
    return record;
  }

  private originOf(connectionId: string | undefined, subscriptionId: string | undefined): number {
    // A live capture has one origin: no key string built and hashed for every message.
    const last = this.origins[this.lastOrigin];
    if (last !== undefined && last.connectionId === connectionId && last.subscriptionId === subscriptionId) return this.lastOrigin;
    this.lastOrigin = this.originIdOf(connectionId, subscriptionId);
    return this.lastOrigin;
  }

  private originIdOf(connectionId: string | undefined, subscriptionId: string | undefined): number {
    const key = `${connectionId ?? '\u0001'}\u0000${subscriptionId ?? '\u0001'}`;
    let id = this.originIds.get(key);
    if (id === undefined) {
      id = this.origins.length;
      this.origins.push({ connectionId, subscriptionId });
      this.originIds.set(key, id);
    }
    return id;
  }
}

function inferFraming(headers: readonly (readonly [string, string])[]): Framing {
  return headers.some(([name]) => name === 'content-length') ? 'content-length' : 'nul';
}
