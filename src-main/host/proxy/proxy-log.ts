/**
 * A proxy's log as the UI pages it: frames both ways interleaved with heart-beats, diagnostics,
 * opens and closes, each a numbered entry. Bounded twice: at most MAX_ENTRIES entries (the oldest
 * let go first) and at most a budget of frame bytes kept for the inspector (the oldest frames'
 * bytes let go first, their rows kept; a recording keeps everything). The same log serves a
 * running proxy, a recording opened offline and a replay.
 */
import type { Header } from '../../../src-core/protocol/frame';
import type { LogView, ProxyConnectionView, ProxyFrameDetail, ProxyLogEntry } from '../../../src-core/api';
import type { Direction, NegotiatedSession } from '../../../src-core/proxy';

export const MAX_ENTRIES = 50_000;
export const FRAME_BYTES_BUDGET = 64 * 1024 * 1024;
/** Closed connections remembered for the connections list; older ones are let go. */
const MAX_CLOSED_CONNECTIONS = 500;
/** Diagnostics remembered per connection, to show in their frames' details. */
const MAX_DIAGNOSTICS = 2000;

type Status = NonNullable<ProxyLogEntry['status']>;

interface StoredFrame {
  readonly entry: ProxyLogEntry;
  readonly headers: readonly Header[];
  readonly offset: number;
  readonly size: number;
  readonly bodySize: number;
  body?: Uint8Array;
  raw?: Uint8Array;
  altered?: { bytes: Uint8Array; detail: string };
}

interface KeptDiagnostic {
  readonly direction: Direction;
  readonly rule: string;
  readonly offset: number;
  readonly message: string;
}

export interface LogListener {
  appended(entry: ProxyLogEntry): void;
  updated(entry: ProxyLogEntry): void;
}

export interface FrameInput {
  readonly connection: number;
  readonly direction: Direction;
  readonly frameSeq: number;
  readonly command: string;
  readonly headers: readonly Header[];
  readonly framing: 'content-length' | 'nul';
  readonly offset: number;
  readonly size: number;
  readonly body: Uint8Array;
  readonly raw?: Uint8Array;
  readonly at: number;
}

export class ProxyLog {
  private entries: ProxyLogEntry[] = [];
  /** Seq of entries[0]. */
  private first = 0;
  private readonly frames = new Map<number, StoredFrame>();
  /** Log seqs of frames whose bytes are kept, oldest first, from keptHead on. */
  private kept: number[] = [];
  private keptHead = 0;
  private keptBytes = 0;
  private readonly byFrame = new Map<string, number>();
  private readonly diagnostics = new Map<number, KeptDiagnostic[]>();
  private readonly connectionViews = new Map<number, ProxyConnectionView>();
  running = false;
  /** A recording's log: which recording. */
  recordingId: string | undefined;

  constructor(
    readonly id: string,
    readonly kind: LogView['kind'],
    readonly label: string,
    private readonly listener?: LogListener,
    private readonly budget = FRAME_BYTES_BUDGET,
    private readonly maxEntries = MAX_ENTRIES,
  ) {}

  get total(): number {
    return this.first + this.entries.length;
  }

  view(): LogView {
    return { id: this.id, kind: this.kind, label: this.label, total: this.total, first: this.first, running: this.running, recordingId: this.recordingId, connections: this.connections() };
  }

  connections(): ProxyConnectionView[] {
    return [...this.connectionViews.values()].map((c) => ({ ...c, frames: { ...c.frames } }));
  }

  open(connection: number, client: string, broker: string, at: number): void {
    this.connectionViews.set(connection, { id: connection, client, broker, state: 'open', openedAt: at, frames: { 'client-to-broker': 0, 'broker-to-client': 0 }, diagnostics: 0 });
    this.append({ at, kind: 'open', connection, message: broker ? `${client} → ${broker}` : `${client}: no broker answered` });
  }

  negotiated(connection: number, session: NegotiatedSession): void {
    const view = this.connectionViews.get(connection);
    if (!view) return;
    this.connectionViews.set(connection, { ...view, version: session.version, heartBeat: [session.clientBeatsEvery, session.brokerBeatsEvery], server: session.server });
  }

  frame(input: FrameInput): void {
    const summary = summaryOf(input.headers);
    const entry = this.append({
      at: input.at,
      kind: 'frame',
      connection: input.connection,
      direction: input.direction,
      frameSeq: input.frameSeq,
      command: input.command,
      summary,
      size: input.size,
      framing: input.framing,
    });
    const stored: StoredFrame = { entry, headers: input.headers, offset: input.offset, size: input.size, bodySize: input.body.length, body: input.body, raw: input.raw };
    this.frames.set(entry.seq, stored);
    this.byFrame.set(`${input.connection}:${input.frameSeq}`, entry.seq);
    this.keep(entry.seq, input.body.length + (input.raw?.length ?? 0));
    const view = this.connectionViews.get(input.connection);
    if (view) view.frames[input.direction]++;
  }

  heartbeat(connection: number, direction: Direction, offset: number, at: number): void {
    this.append({ at, kind: 'heartbeat', connection, direction, offset });
  }

  diagnostic(connection: number, direction: Direction, diagnostic: { rule: string; offset: number; message: string }, at: number): void {
    this.append({ at, kind: 'diagnostic', connection, direction, rule: diagnostic.rule, offset: diagnostic.offset, message: diagnostic.message });
    let list = this.diagnostics.get(connection);
    if (!list) this.diagnostics.set(connection, (list = []));
    if (list.length < MAX_DIAGNOSTICS) list.push({ direction, ...diagnostic });
    const view = this.connectionViews.get(connection);
    if (view) this.connectionViews.set(connection, { ...view, diagnostics: view.diagnostics + 1 });
    // The frame it points into (already logged, or the one before a gap) shows a mark.
    for (let seq = this.total - 1; seq >= Math.max(this.first, this.total - 50); seq--) {
      const stored = this.frames.get(seq);
      if (!stored || stored.entry.connection !== connection || stored.entry.direction !== direction) continue;
      if (diagnostic.offset >= stored.offset && diagnostic.offset < stored.offset + stored.size) {
        const entry = { ...stored.entry, diagnostics: (stored.entry.diagnostics ?? 0) + 1 };
        this.replaceEntry(stored, entry);
      }
      break;
    }
  }

  /** What happened to a frame in the hold or through a fault. */
  status(connection: number, frameSeq: number, status: Status, altered?: { bytes: Uint8Array; detail: string }): void {
    const seq = this.byFrame.get(`${connection}:${frameSeq}`);
    const stored = seq === undefined ? undefined : this.frames.get(seq);
    if (!stored) return;
    if (altered) stored.altered = { bytes: new Uint8Array(altered.bytes), detail: altered.detail };
    this.replaceEntry(stored, { ...stored.entry, status });
  }

  note(connection: number, message: string, at: number, direction?: Direction): void {
    this.append({ at, kind: 'note', connection, direction, message });
  }

  altered(connection: number, direction: Direction, frameSeq: number, action: string, detail: string, at: number): void {
    this.append({ at, kind: 'altered', connection, direction, frameSeq, message: `${action}: ${detail}` });
  }

  close(connection: number, closedBy: ProxyConnectionView['closedBy'], reason: string, at: number): void {
    const view = this.connectionViews.get(connection);
    if (view) this.connectionViews.set(connection, { ...view, state: 'closed', closedAt: at, closedBy, closeReason: reason });
    this.append({ at, kind: 'close', connection, message: `${closedBy}: ${reason}` });
    const closed = [...this.connectionViews.values()].filter((c) => c.state === 'closed');
    for (const old of closed.slice(0, Math.max(0, closed.length - MAX_CLOSED_CONNECTIONS))) {
      this.connectionViews.delete(old.id);
      this.diagnostics.delete(old.id);
    }
  }

  /** Entries [offset, offset + limit), clipped to what is still kept. */
  page(offset: number, limit: number): ProxyLogEntry[] {
    const from = Math.max(offset, this.first) - this.first;
    return this.entries.slice(from, Math.max(from, Math.min(this.entries.length, offset + limit - this.first)));
  }

  entry(seq: number): ProxyLogEntry | undefined {
    return seq >= this.first ? this.entries[seq - this.first] : undefined;
  }

  frameSeqOf(connection: number, frameSeq: number): number | undefined {
    return this.byFrame.get(`${connection}:${frameSeq}`);
  }

  detail(seq: number): ProxyFrameDetail | undefined {
    const stored = this.frames.get(seq);
    const direction = stored?.entry.direction;
    if (!stored || direction === undefined) return undefined;
    const { entry } = stored;
    const inFrame = (this.diagnostics.get(entry.connection) ?? []).filter((d) => d.direction === direction && d.offset >= stored.offset && d.offset <= stored.offset + stored.size);
    return {
      logId: this.id,
      seq,
      at: entry.at,
      connection: entry.connection,
      direction,
      frameSeq: entry.frameSeq ?? 0,
      command: entry.command ?? '',
      headers: stored.headers as [string, string][],
      framing: entry.framing ?? 'nul',
      offset: stored.offset,
      size: stored.size,
      bodySize: stored.bodySize,
      bodyBase64: stored.body && base64(stored.body),
      rawBase64: stored.raw && base64(stored.raw),
      status: entry.status,
      alteredBase64: stored.altered && base64(stored.altered.bytes),
      alteredDetail: stored.altered?.detail,
      diagnostics: inFrame.map(({ rule, offset, message }) => ({ rule, offset, message })),
    };
  }

  private append(fields: Omit<ProxyLogEntry, 'seq'>): ProxyLogEntry {
    const entry: ProxyLogEntry = { seq: this.total, ...fields };
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) {
      // Let a tenth go at once: no shift per append.
      const drop = Math.ceil(this.maxEntries / 10);
      for (const old of this.entries.slice(0, drop)) this.forget(old.seq);
      this.entries = this.entries.slice(drop);
      this.first += drop;
    }
    this.listener?.appended(entry);
    return entry;
  }

  private replaceEntry(stored: StoredFrame, entry: ProxyLogEntry): void {
    (stored as { entry: ProxyLogEntry }).entry = entry;
    if (entry.seq >= this.first) this.entries[entry.seq - this.first] = entry;
    this.listener?.updated(entry);
  }

  private keep(seq: number, bytes: number): void {
    this.kept.push(seq);
    this.keptBytes += bytes;
    // The newest frame stays whatever its size: the one the user is most likely to open.
    while (this.keptBytes > this.budget && this.kept.length - this.keptHead > 1) this.release(this.frames.get(this.kept[this.keptHead++]));
    if (this.keptHead > 1024 && this.keptHead * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.keptHead);
      this.keptHead = 0;
    }
  }

  /** Lets a frame's bytes go (its row stays). */
  private release(stored: StoredFrame | undefined): void {
    if (!stored) return;
    this.keptBytes -= (stored.body?.length ?? 0) + (stored.raw?.length ?? 0);
    stored.body = undefined;
    stored.raw = undefined;
  }

  private forget(seq: number): void {
    const stored = this.frames.get(seq);
    if (!stored) return;
    this.frames.delete(seq);
    this.byFrame.delete(`${stored.entry.connection}:${stored.entry.frameSeq}`);
    this.release(stored);
    // Entries go oldest first, so their kept seqs are at the head.
    while (this.keptHead < this.kept.length && this.kept[this.keptHead] <= seq) this.keptHead++;
  }
}

/** What a row says of a frame besides its command: the header that says most. */
function summaryOf(headers: readonly Header[]): string | undefined {
  for (const name of ['destination', 'receipt-id', 'message', 'id', 'subscription', 'transaction', 'version']) {
    const found = headers.find(([n]) => n === name);
    if (found) return `${name}:${found[1]}`.slice(0, 200);
  }
  return undefined;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
