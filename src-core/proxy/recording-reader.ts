/**
 * A recording read back (see recording-format.ts): per connection, the bytes each side sent, the
 * frames the proxy read in them, and what it forwarded instead of some. Every line is checked; the
 * first bad one stops the read with a RecordingError naming the line and what is wrong, so a
 * replay never sends a conversation with a hole in it.
 */
import type { ZodError } from 'zod';
import type { Header } from '../protocol/frame';
import type { Direction, NegotiatedSession } from './proxy-types';
import { RECORDING_FILE_TYPE, RECORDING_FILE_VERSION, recordingHeaderSchema, recordingLineSchema, type RecordingHeader, type RecordingLine } from './recording-format';

export class RecordingError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'RecordingError';
  }
}

export interface RecordedChunk {
  readonly offset: number;
  readonly atMs: number;
  readonly bytes: Uint8Array;
}

export interface RecordedFrame {
  readonly seq: number;
  readonly direction: Direction;
  readonly offset: number;
  readonly size: number;
  readonly atMs: number;
  readonly command: string;
  readonly headers: readonly Header[];
  readonly body: Uint8Array;
  readonly framing: 'content-length' | 'nul';
}

export interface RecordedAlteration {
  readonly seq: number;
  readonly direction: Direction;
  readonly offset: number;
  readonly size: number;
  readonly action: string;
  readonly detail: string;
  readonly bytes: Uint8Array;
}

export interface RecordedConnection {
  readonly id: number;
  readonly client: string;
  readonly broker: string;
  readonly openedAt: number;
  closedAt?: number;
  closeReason?: string;
  session?: NegotiatedSession;
  readonly chunks: Record<Direction, RecordedChunk[]>;
  readonly frames: RecordedFrame[];
  readonly alterations: RecordedAlteration[];
  readonly diagnostics: { readonly direction: Direction; readonly rule: string; readonly offset: number; readonly message: string; readonly atMs: number }[];
}

export interface Recording {
  readonly header: RecordingHeader;
  readonly connections: RecordedConnection[];
}

/** Reads a recording from its lines (a string, or lines one by one). */
export function readRecording(lines: Iterable<string>): Recording {
  let header: RecordingHeader | undefined;
  const connections = new Map<number, RecordedConnection>();
  let number = 0;
  for (const text of lines) {
    number++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new RecordingError(number, `not valid JSON (${(error as Error).message})`);
    }
    if (!header) {
      header = readHeader(value, number);
      continue;
    }
    const parsed = recordingLineSchema.safeParse(value);
    if (!parsed.success) throw new RecordingError(number, describe(parsed.error));
    apply(parsed.data, connections, number);
  }
  if (!header) throw new RecordingError(number + 1, `the file is empty: expected a first line {"type":"${RECORDING_FILE_TYPE}","version":${RECORDING_FILE_VERSION}}`);
  return { header, connections: [...connections.values()] };
}

/** Splits a text into lines for readRecording without copying it into an array first. */
export function* linesOf(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf('\n', start);
    if (nl < 0) nl = text.length;
    yield text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
    start = nl + 1;
  }
}

/** Whether a first line announces a recording (the capture import asks). */
export function isRecordingHeader(value: unknown): boolean {
  return (value as { type?: unknown } | null)?.type === RECORDING_FILE_TYPE;
}

function readHeader(value: unknown, line: number): RecordingHeader {
  if (!isRecordingHeader(value)) throw new RecordingError(line, `not a STOMP Explorer proxy recording: the first line must be {"type":"${RECORDING_FILE_TYPE}","version":${RECORDING_FILE_VERSION},…}`);
  const parsed = recordingHeaderSchema.safeParse(value);
  if (!parsed.success) throw new RecordingError(line, describe(parsed.error));
  if (parsed.data.version !== RECORDING_FILE_VERSION) {
    throw new RecordingError(line, `recording version ${parsed.data.version} is not supported (this version reads ${RECORDING_FILE_VERSION})`);
  }
  return parsed.data;
}

function apply(line: RecordingLine, connections: Map<number, RecordedConnection>, number: number): void {
  if (line.type === 'open') {
    if (connections.has(line.connection)) throw new RecordingError(number, `connection ${line.connection} is opened twice`);
    connections.set(line.connection, {
      id: line.connection,
      client: line.client,
      broker: line.broker,
      openedAt: line.atMs,
      chunks: { 'client-to-broker': [], 'broker-to-client': [] },
      frames: [],
      alterations: [],
      diagnostics: [],
    });
    return;
  }
  const connection = connections.get(line.connection);
  if (!connection) throw new RecordingError(number, `connection ${line.connection} was never opened (no "open" line before this one)`);
  switch (line.type) {
    case 'bytes': {
      const chunks = connection.chunks[line.direction];
      const last = chunks.at(-1);
      const expected = last ? last.offset + last.bytes.length : 0;
      if (line.offset !== expected) {
        throw new RecordingError(number, `bytes ${line.direction} of connection ${line.connection} start at ${line.offset}, but the ones before end at ${expected}: the recording has a hole or an overlap`);
      }
      chunks.push({ offset: line.offset, atMs: line.atMs, bytes: Buffer.from(line.base64, 'base64') });
      return;
    }
    case 'frame':
      connection.frames.push({
        seq: line.seq,
        direction: line.direction,
        offset: line.offset,
        size: line.size,
        atMs: line.atMs,
        command: line.command,
        headers: line.headers,
        body: Buffer.from(line.bodyBase64, 'base64'),
        framing: line.framing,
      });
      return;
    case 'altered':
      connection.alterations.push({ seq: line.seq, direction: line.direction, offset: line.offset, size: line.size, action: line.action, detail: line.detail, bytes: Buffer.from(line.base64, 'base64') });
      return;
    case 'diagnostic':
      connection.diagnostics.push({ direction: line.direction, rule: line.rule, offset: line.offset, message: line.message, atMs: line.atMs });
      return;
    case 'negotiated':
      connection.session = { version: line.version, clientBeatsEvery: line.clientBeatsEvery, brokerBeatsEvery: line.brokerBeatsEvery, server: line.server };
      return;
    case 'close':
      connection.closedAt = line.atMs;
      connection.closeReason = line.reason;
      return;
    default:
      // heartbeat, hold, released: history for the viewer; replay needs none of them.
      return;
  }
}

function describe(error: ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** The label a capture import gives a recording it opens as a capture of its frames. */
export function recordingLabel(value: unknown): string {
  const label = (value as { label?: unknown } | null)?.label;
  return typeof label === 'string' && label !== '' ? label : 'Proxy recording';
}
