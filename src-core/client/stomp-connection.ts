/**
 * One live transport speaking STOMP: bytes in through the parser, frames out through the
 * serializer, heart-beats both ways, and a wire log of everything. It knows nothing of sessions,
 * subscriptions or failover; the client builds those on top.
 */
import type { Frame, ParsedFrame } from '../protocol/frame';
import { StompParser, type ParseEvent, type ParserLimits } from '../protocol/parser';
import { serializeFrame, serializeFrameParts, serializeHeartBeat, type SerializeOptions } from '../protocol/serializer';
import type { StompVersion } from '../protocol/spec';
import { BodyLeases } from './body-leases';
import { HeartBeatMonitor } from './heart-beat-monitor';
import { RawFrameRecorder } from './raw-frame-recorder';
import type { Transport } from './transport';
import { isLent, ownCopy } from './transports/lent-memory';
import { TypedEmitter } from './typed-emitter';
import type { BrokerWireEntry } from './wire-entry';

export interface ConnectionEvents extends Record<string, unknown> {
  frame: ParsedFrame & { readonly raw?: Uint8Array };
  /** Each entry names the broker (the transport's description). */
  wire: BrokerWireEntry;
  /** Exactly once; with the reason when the end was not an orderly one. */
  close: Error | undefined;
}

export interface ConnectionOptions {
  /** Parse rules until a version is negotiated; the highest one offered is the safe choice. */
  readonly version: StompVersion;
  readonly strict?: boolean;
  readonly limits?: Partial<ParserLimits>;
  /**
   * Whether anyone reads the wire log right now; building its entries costs a little per frame.
   * Default: whether this connection has `wire` listeners.
   */
  readonly wireWanted?: () => boolean;
  /** Attach each incoming frame's bytes as they arrived (`raw`): a view of the read memory, a copy only when a frame spans reads. */
  readonly keepRaw?: boolean;
  /**
   * Lend read memory out (the client's `bodies: 'borrowed'`): a frame's body is a view that stays
   * valid while `holdBody` holds it; after that the transport may read into its memory again.
   */
  readonly borrowBodies?: boolean;
}

/** Bodies at least this large go to a stream socket behind their head without being copied. */
const ZERO_COPY_BODY = 8 * 1024;

export class PeerSilentError extends Error {
  constructor(readonly silentMs: number, readonly expectedEvery: number) {
    super(`the broker sent nothing for ${silentMs} ms although it promised a heart-beat every ${expectedEvery} ms`);
    this.name = 'PeerSilentError';
  }
}

export class StompConnection extends TypedEmitter<ConnectionEvents> {
  private readonly parser: StompParser;
  private version: StompVersion;
  private monitor: HeartBeatMonitor | null = null;
  private closed = false;
  private readonly recorder: RawFrameRecorder | null;
  private readonly wireWanted: () => boolean;
  private readonly leases: BodyLeases | null;
  /** Put in every wire entry: the client's `wire` event names the broker, and forwards these as they are. */
  private readonly broker: string;

  constructor(
    readonly transport: Transport,
    options: ConnectionOptions,
  ) {
    super();
    this.version = options.version;
    this.broker = transport.description;
    this.parser = new StompParser({ version: options.version, strict: options.strict ?? true, limits: options.limits });
    this.recorder = options.keepRaw ? new RawFrameRecorder() : null;
    this.wireWanted = options.wireWanted ?? (() => this.has('wire'));
    transport.setListeners({
      data: (bytes) => this.receive(bytes),
      close: (error) => this.finish(error),
    });
    this.leases = options.borrowBodies && transport.lendReads ? new BodyLeases() : null;
    if (this.leases) transport.lendReads!(() => this.heldFrom());
  }

  /**
   * Borrowed bodies: keeps the bytes of `frame` (received on this connection) from being read into
   * again until the returned function is called. Undefined when bodies are owned: nothing to hold.
   */
  holdBody(frame: ParsedFrame): (() => void) | undefined {
    const leases = this.leases;
    if (leases === null) return undefined;
    const ticket = leases.open(frame.offset);
    return () => leases.close(ticket);
  }

  /** The lowest stream offset anyone here may still see the bytes of: the parser, a held body, the recorder. */
  private heldFrom(): number {
    return Math.min(this.parser.heldFrom, this.leases!.heldFrom, this.recorder?.heldFrom ?? Number.POSITIVE_INFINITY);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  setVersion(version: StompVersion): void {
    this.version = version;
    this.parser.setVersion(version);
  }

  /** Serializes and writes; the promise, when there is one, says the transport's buffer is full. */
  send(frame: Frame, options?: SerializeOptions): Promise<void> | undefined {
    if (this.closed) throw new Error(`cannot send ${frame.command}: the connection to ${this.transport.description} is closed`);
    this.monitor?.noteWrite();
    // A borrowed body (a handler forwarding what it received) may be read over once its handler
    // returns, while this write still waits in the socket: it goes as a copy.
    if (frame.body.length > 0 && isLent(frame.body)) frame = { ...frame, body: ownCopy(frame.body) };
    if (frame.body.length >= ZERO_COPY_BODY && this.transport.writeParts) {
      const parts = serializeFrameParts(frame, this.version, options);
      if (this.wireWanted()) this.emit('wire', { direction: 'out', kind: 'frame', at: Date.now(), frame, size: parts[0].length + frame.body.length + 1, raw: parts, broker: this.broker });
      return this.transport.writeParts(parts);
    }
    const bytes = serializeFrame(frame, this.version, options);
    if (this.wireWanted()) this.emit('wire', { direction: 'out', kind: 'frame', at: Date.now(), frame, size: bytes.length, raw: [bytes], broker: this.broker });
    return this.transport.write(bytes);
  }

  /** Writes bytes already framed (byte-for-byte replay); `frame` is what they parse to, for the wire log. */
  sendRaw(bytes: Uint8Array, frame: Frame): Promise<void> | undefined {
    if (this.closed) throw new Error(`cannot send ${frame.command}: the connection to ${this.transport.description} is closed`);
    this.monitor?.noteWrite();
    if (isLent(bytes)) bytes = ownCopy(bytes);
    if (this.wireWanted()) this.emit('wire', { direction: 'out', kind: 'frame', at: Date.now(), frame, size: bytes.length, raw: [bytes], broker: this.broker });
    return this.transport.write(bytes);
  }

  startHeartBeats(sendEvery: number, expectEvery: number, tolerance: number): void {
    this.monitor?.stop();
    if (sendEvery <= 0 && expectEvery <= 0) return;
    this.monitor = new HeartBeatMonitor({
      sendEvery,
      expectEvery,
      tolerance,
      sendBeat: () => {
        if (this.closed) return;
        if (this.wireWanted()) this.emit('wire', { direction: 'out', kind: 'heartbeat', at: Date.now(), broker: this.broker });
        void this.transport.write(serializeHeartBeat(this.version));
      },
      onDead: (silentMs) => this.destroy(new PeerSilentError(silentMs, expectEvery)),
    });
    this.monitor.start();
  }

  /** Orderly close: flushes, then ends the transport. */
  end(): void {
    this.monitor?.stop();
    this.transport.end();
  }

  destroy(error?: Error): void {
    this.monitor?.stop();
    this.transport.destroy(error);
    this.finish(error);
  }

  private receive(bytes: Uint8Array): void {
    if (this.closed) return;
    this.monitor?.noteRead();
    this.recorder?.push(bytes);
    // Frames completed before a broken rule still count (e.g. an ERROR followed by garbage).
    const { events, error } = this.parser.tryPush(bytes);
    this.deliver(events);
    if (error) this.destroy(error);
  }

  private deliver(events: readonly ParseEvent[]): void {
    const logging = this.wireWanted();
    for (const event of events) {
      if (event.type === 'frame') {
        const frame = event.frame;
        // The frame's bytes, for the wire log and for the frame's own `raw`.
        const raw = this.recorder ? this.recorder.extract(frame.offset, frame.size) : undefined;
        // Object literals written out, not spread: V8 copies a spread of objects of several
        // shapes the slow way (9 % of the host's CPU at 10k msg/s, seen with perf).
        if (logging) this.emit('wire', { direction: 'in', kind: 'frame', at: Date.now(), frame, size: frame.size, framing: frame.framing, raw: raw ? [raw] : undefined, broker: this.broker });
        this.emit('frame', raw ? { command: frame.command, headers: frame.headers, body: frame.body, framing: frame.framing, offset: frame.offset, size: frame.size, plainHead: frame.plainHead, raw } : frame);
      } else if (event.type === 'heartbeat') {
        if (logging) this.emit('wire', { direction: 'in', kind: 'heartbeat', at: Date.now(), broker: this.broker });
      } else if (logging) this.emit('wire', { direction: 'in', kind: 'diagnostic', at: Date.now(), diagnostic: event.diagnostic, broker: this.broker });
      // A frame handler may have closed us (e.g. on ERROR); the rest of the chunk is moot.
      if (this.closed) return;
    }
    // Everything before the end of the last complete frame is no longer needed.
    if (this.recorder) {
      const last = events.findLast((event) => event.type === 'frame');
      if (this.parser.idle) this.recorder.release(this.parser.offset);
      else if (last?.type === 'frame') this.recorder.release(last.frame.offset + last.frame.size);
    }
  }

  private finish(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.monitor?.stop();
    this.emit('close', error);
  }
}
