/**
 * One captured message as bytes. The same record lives in a memory segment and, once spilled, in
 * the capture's file, so one decoder serves both places and a spill is a plain copy of bytes.
 *
 * Layout (little-endian):
 *   u32     length of the whole record (lets a reader check it against the index)
 *   u32     seq (a check that the index and the log agree)
 *   f64     receivedAt, ms since the epoch
 *   u8      flags: bit 0 body framed by content-length, bit 1 raw bytes follow the body
 *   varint  origin: index into the capture's (connection, subscription) table
 *   string  command
 *   varint  header count, then per header: string name, string value (wire order, duplicates kept)
 *   bytes   body
 *   bytes   raw (only with flag bit 1)
 * where string = varint byte length + UTF-8, bytes = varint length + the bytes.
 *
 * Binary rather than JSON because a body is bytes: no base64 (+33 %), no escaping, no parse on
 * read, and the length prefixes let a scan step from record to record without decoding them.
 */
import type { Framing, Header } from '../../../src-core/protocol/frame';

export interface RecordInput {
  readonly seq: number;
  readonly receivedAt: number;
  readonly framing: Framing;
  readonly origin: number;
  readonly command: string;
  readonly headers: readonly Header[];
  readonly body: Uint8Array;
  readonly raw?: Uint8Array;
}

/** A decoded record; `body` and `raw` are views into the record's bytes, not copies. */
export interface DecodedRecord {
  readonly seq: number;
  readonly receivedAt: number;
  readonly framing: Framing;
  readonly origin: number;
  readonly command: string;
  readonly headers: Header[];
  readonly body: Buffer;
  readonly raw?: Buffer;
}

const FIXED_BYTES = 17;
const FLAG_CONTENT_LENGTH = 1;
const FLAG_RAW = 2;

/** Byte lengths measured once by `measureRecord` and reused by `encodeRecord`. */
export type MeasuredLengths = number[];

export function measureRecord(input: RecordInput, lengths: MeasuredLengths): number {
  lengths.length = 0;
  let size = FIXED_BYTES + varintSize(input.origin);
  size += stringSize(input.command, lengths);
  size += varintSize(input.headers.length);
  for (const [name, value] of input.headers) size += stringSize(name, lengths) + stringSize(value, lengths);
  size += varintSize(input.body.length) + input.body.length;
  if (input.raw) size += varintSize(input.raw.length) + input.raw.length;
  return size;
}

/** Writes the record measured as `size` at `at`; copies the body, so no socket buffer is kept alive. */
export function encodeRecord(input: RecordInput, lengths: MeasuredLengths, size: number, target: Buffer, at: number): void {
  target.writeUInt32LE(size, at);
  target.writeUInt32LE(input.seq, at + 4);
  target.writeDoubleLE(input.receivedAt, at + 8);
  target[at + 16] = (input.framing === 'content-length' ? FLAG_CONTENT_LENGTH : 0) | (input.raw ? FLAG_RAW : 0);
  let pos = writeVarint(target, at + FIXED_BYTES, input.origin);
  let k = 0;
  pos = writeString(target, pos, input.command, lengths[k++]);
  pos = writeVarint(target, pos, input.headers.length);
  for (const [name, value] of input.headers) {
    pos = writeString(target, pos, name, lengths[k++]);
    pos = writeString(target, pos, value, lengths[k++]);
  }
  pos = writeBytes(target, pos, input.body);
  if (input.raw) pos = writeBytes(target, pos, input.raw);
  if (pos !== at + size) throw new Error(`capture record encoded to ${pos - at} bytes, measured ${size}`);
}

export function decodeRecord(bytes: Buffer): DecodedRecord {
  const length = bytes.readUInt32LE(0);
  if (length !== bytes.length) throw new Error(`corrupt capture record: header says ${length} bytes, found ${bytes.length}`);
  const flags = bytes[16];
  const cursor = { pos: FIXED_BYTES };
  const origin = readVarint(bytes, cursor);
  const command = readString(bytes, cursor);
  const count = readVarint(bytes, cursor);
  const headers: Header[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const name = readString(bytes, cursor);
    headers[i] = [name, readString(bytes, cursor)];
  }
  const body = readBytes(bytes, cursor);
  const raw = flags & FLAG_RAW ? readBytes(bytes, cursor) : undefined;
  return {
    seq: bytes.readUInt32LE(4),
    receivedAt: bytes.readDoubleLE(8),
    framing: flags & FLAG_CONTENT_LENGTH ? 'content-length' : 'nul',
    origin,
    command,
    headers,
    body,
    raw,
  };
}

function stringSize(value: string, lengths: MeasuredLengths): number {
  const n = Buffer.byteLength(value, 'utf8');
  lengths.push(n);
  return varintSize(n) + n;
}

function writeString(target: Buffer, pos: number, value: string, byteLength: number): number {
  pos = writeVarint(target, pos, byteLength);
  if (byteLength > 0) target.write(value, pos, byteLength, 'utf8');
  return pos + byteLength;
}

function writeBytes(target: Buffer, pos: number, bytes: Uint8Array): number {
  pos = writeVarint(target, pos, bytes.length);
  target.set(bytes, pos);
  return pos + bytes.length;
}

function readString(bytes: Buffer, cursor: { pos: number }): string {
  const n = readVarint(bytes, cursor);
  const start = cursor.pos;
  cursor.pos += n;
  return n === 0 ? '' : bytes.toString('utf8', start, cursor.pos);
}

function readBytes(bytes: Buffer, cursor: { pos: number }): Buffer {
  const n = readVarint(bytes, cursor);
  const start = cursor.pos;
  cursor.pos += n;
  if (cursor.pos > bytes.length) throw new Error('corrupt capture record: a length runs past its end');
  return bytes.subarray(start, cursor.pos);
}

// LEB128 with arithmetic rather than bit operators, which would stop at 2^31.
function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

function writeVarint(target: Buffer, pos: number, n: number): number {
  while (n >= 0x80) {
    target[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  target[pos++] = n;
  return pos;
}

function readVarint(bytes: Buffer, cursor: { pos: number }): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    if (cursor.pos >= bytes.length) throw new Error('corrupt capture record: a length runs past its end');
    const b = bytes[cursor.pos++];
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 0x80;
  }
}
