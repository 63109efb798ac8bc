/**
 * Writes a proxy's session as a recording (see recording-format.ts), line by line as it happens.
 * The sink may push back (a slow disk): then the proxy stops reading until the sink drains, so a
 * recording is never missing bytes and memory stays bounded.
 *
 * Passcodes: the bytes a client sends before its first frame is complete are held back until that
 * frame is parsed; when it is a CONNECT (or STOMP), the passcode's value bytes are written as `*`.
 */
import { getHeader, type ParsedFrame } from '../protocol/frame';
import { bodyParts } from '../protocol/parser';
import { isConnectCommand, redactPasscodeBytes, shownHeaders } from './credentials';
import type { ProxyEvents } from './proxy-types';
import { RECORDING_FILE_TYPE, RECORDING_FILE_VERSION, type RecordingHeader, type RecordingLine } from './recording-format';
import type { StompProxy } from './stomp-proxy';

export interface RecordingSink {
  /** Writes one line (no newline); false when the sink wants the writer to wait for `drain`. */
  write(line: string): boolean;
  onDrain(listener: () => void): void;
}

/** What a recorder listens to: a live proxy, or a replay (the same events). */
export type RecordableSource = Pick<StompProxy, 'on'> & Partial<Pick<StompProxy, 'pauseReading' | 'resumeReading'>>;

interface Pending {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly atMs: number;
}

export class ProxyRecorder {
  private readonly stops: (() => void)[] = [];
  /** Per connection: client bytes held back until its first frame is parsed. */
  private readonly firstFrame = new Map<number, Pending[]>();
  private waiting = false;
  private stopped = false;
  lines = 0;

  constructor(
    private readonly source: RecordableSource,
    private readonly sink: RecordingSink,
    header: Omit<RecordingHeader, 'type' | 'version'>,
  ) {
    this.put({ type: RECORDING_FILE_TYPE, version: RECORDING_FILE_VERSION, redacted: ['passcode'], ...header });
    sink.onDrain(() => {
      if (!this.waiting) return;
      this.waiting = false;
      this.source.resumeReading?.('recorder');
    });
    const on = <K extends keyof ProxyEvents & string>(event: K, listener: (payload: ProxyEvents[K]) => void) => this.stops.push(source.on(event, listener));
    on('open', (e) => {
      this.firstFrame.set(e.connection, []);
      this.line({ type: 'open', connection: e.connection, atMs: e.at, client: e.client, broker: e.broker });
    });
    on('bytes', (e) => this.bytes(e));
    on('frame', (e) => this.frame(e));
    on('heartbeat', (e) => this.line({ type: 'heartbeat', connection: e.connection, direction: e.direction, atMs: e.at, offset: e.offset }));
    on('diagnostic', (e) => this.line({ type: 'diagnostic', connection: e.connection, direction: e.direction, atMs: e.at, ...e.diagnostic }));
    on('negotiated', (e) => this.line({ type: 'negotiated', connection: e.connection, atMs: e.at, ...e.session }));
    on('hold', (e) => this.line({ type: 'hold', connection: e.connection, direction: e.direction, atMs: e.at, seq: e.seq, rule: e.rule }));
    on('released', (e) => this.line({ type: 'released', connection: e.connection, direction: e.direction, atMs: e.at, seq: e.seq, action: e.action }));
    on('altered', (e) => {
      const bytes = e.direction === 'client-to-broker' && e.bytes.length > 0 && isConnectBytes(e.bytes) ? redactPasscodeBytes(e.bytes) : e.bytes;
      this.line({ type: 'altered', connection: e.connection, direction: e.direction, atMs: e.at, seq: e.seq, offset: e.offset, size: e.size, action: e.action, detail: e.detail, base64: base64(bytes) });
    });
    on('close', (e) => {
      this.flushFirst(e.connection, null);
      this.firstFrame.delete(e.connection);
      this.line({ type: 'close', connection: e.connection, atMs: e.at, initiator: e.initiator, reason: e.reason });
    });
  }

  /** Stops listening (the file stays as it is; close the sink yourself). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    for (const connection of this.firstFrame.keys()) this.flushFirst(connection, null);
    if (this.waiting) {
      this.waiting = false;
      this.source.resumeReading?.('recorder');
    }
  }

  private bytes(e: ProxyEvents['bytes']): void {
    const held = e.direction === 'client-to-broker' ? this.firstFrame.get(e.connection) : undefined;
    // Copied: the proxy's read memory is not ours to keep.
    if (held) held.push({ offset: e.offset, bytes: new Uint8Array(e.bytes), atMs: e.at });
    else this.line({ type: 'bytes', connection: e.connection, direction: e.direction, atMs: e.at, offset: e.offset, base64: base64(e.bytes) });
  }

  private frame(e: ProxyEvents['frame']): void {
    if (e.direction === 'client-to-broker' && this.firstFrame.has(e.connection)) this.flushFirst(e.connection, e.frame);
    const { frame } = e;
    this.line({
      type: 'frame',
      connection: e.connection,
      direction: e.direction,
      seq: e.seq,
      offset: frame.offset,
      size: frame.size,
      atMs: e.at,
      connectionId: String(e.connection),
      receivedAt: new Date(e.at).toISOString(),
      receivedAtMs: e.at,
      destination: getHeader(frame, 'destination'),
      command: frame.command,
      headers: shownHeaders(frame.command, frame.headers) as [string, string][],
      bodyBase64: bodyBase64(frame),
      framing: frame.framing,
    });
  }

  /** Writes the held-back client bytes, with the passcode of `first` (a CONNECT) masked. */
  private flushFirst(connection: number, first: ParsedFrame | null): void {
    const held = this.firstFrame.get(connection);
    if (!held) return;
    this.firstFrame.delete(connection);
    const mask = first && isConnectCommand(first.command) ? passcodeMask(held, first) : null;
    for (const piece of held) {
      let bytes = piece.bytes;
      if (mask) for (const at of mask) if (at >= piece.offset && at < piece.offset + bytes.length) bytes[at - piece.offset] = 42;
      this.line({ type: 'bytes', connection, direction: 'client-to-broker', atMs: piece.atMs, offset: piece.offset, base64: base64(bytes) });
    }
  }

  private line(line: RecordingLine): void {
    this.put(line);
  }

  private put(value: object): void {
    if (this.stopped) return;
    this.lines++;
    if (this.sink.write(JSON.stringify(value)) || this.waiting) return;
    this.waiting = true;
    this.source.pauseReading?.('recorder');
  }
}

/** Stream offsets of the passcode value bytes in a CONNECT's head. */
function passcodeMask(pieces: readonly Pending[], frame: ParsedFrame): number[] {
  let bodyLength = 0;
  for (const part of bodyParts(frame)) bodyLength += part.length;
  const headEnd = frame.offset + frame.size - 1 - bodyLength;
  const head = new Uint8Array(headEnd - frame.offset);
  for (const piece of pieces) {
    const from = Math.max(frame.offset, piece.offset);
    const to = Math.min(headEnd, piece.offset + piece.bytes.length);
    if (to > from) head.set(piece.bytes.subarray(from - piece.offset, to - piece.offset), from - frame.offset);
  }
  const masked = redactPasscodeBytes(head);
  const offsets: number[] = [];
  for (let i = 0; i < head.length; i++) if (head[i] !== masked[i]) offsets.push(frame.offset + i);
  return offsets;
}

function isConnectBytes(bytes: Uint8Array): boolean {
  const line = new TextDecoder().decode(bytes.subarray(0, 8));
  return line.startsWith('CONNECT\n') || line.startsWith('CONNECT\r') || line.startsWith('STOMP\n') || line.startsWith('STOMP\r');
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function bodyBase64(frame: ParsedFrame): string {
  const parts = bodyParts(frame);
  if (parts.length <= 1) return base64(parts[0] ?? new Uint8Array(0));
  return Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))).toString('base64');
}
