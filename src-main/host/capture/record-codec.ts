/**
 * One captured message as bytes. The same record lives in a memory segment and, once spilled, in
 * the capture's file, so one decoder serves both places and a spill is a plain copy of bytes.
 *
 * Two layouts share a fixed start (little-endian):
 *   u32     length of the whole record (lets a reader check it against the index)
 *   u32     seq (a check that the index and the log agree)
 *   f64     receivedAt, ms since the epoch
 *   u8      flags (below)
 *   varint  origin: index into the capture's (connection, subscription) table
 *
 * From the raw frame (flag FROM_RAW), when the frame's bytes as they arrived are kept and its body
 * is their tail, as it always is for a frame the client read:
 *   u8      STOMP version the head was written in (index into VERSIONS)
 *   varint  head length: raw[0, head) is the command line, the header lines and the blank line
 *   bytes   raw: the frame from its command to its NUL; the body is raw[head, raw.length - 1)
 * The message is then kept once, as it travelled: no second copy of the body beside it, no
 * re-encoded headers. Headers are parsed from the head when asked for, by the protocol core's own
 * head parser, so they are exactly the ones the client saw.
 *
 * Otherwise (imports, frames without raw bytes):
 *   string  command
 *   varint  header count, then per header: string name, string value (wire order, duplicates kept)
 *   bytes   body
 *   bytes   raw (only with flag RAW)
 * where string = varint byte length + UTF-8, bytes = varint length + the bytes.
 *
 * Binary rather than JSON because a body is bytes: no base64 (+33 %), no escaping, no parse on
 * read, and the length prefixes let a scan step from record to record without decoding them.
 */
import type { Framing, Header } from '../../../src-core/protocol/frame';
import { parseHead, type HeadContext } from '../../../src-core/protocol/parse-head';
import { VERSIONS, versionIndex, type StompVersion } from '../../../src-core/protocol/spec';

export interface RecordInput {
  readonly seq: number;
  readonly receivedAt: number;
  readonly framing: Framing;
  readonly origin: number;
  readonly command: string;
  readonly headers: readonly Header[];
  readonly body: Uint8Array;
  readonly raw?: Uint8Array;
  /** The version the frame was read under: with raw bytes, the record keeps only those. */
  readonly version?: StompVersion;
  /** The parser's word that the head is clean (ParsedFrame.plainHead); looked at here when not given. */
  readonly plainHead?: boolean;
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

export const FIXED_BYTES = 17;
const FLAG_CONTENT_LENGTH = 1;
const FLAG_RAW = 2;
const FLAG_FROM_RAW = 4;
/**
 * FROM_RAW only: the head is ASCII without backslash or CR, one header a line. Its header lines
 * then read exactly as the parsed `name:value` pairs, which lets a search trust a match in them
 * without parsing (see record-search.ts).
 */
const FLAG_CLEAN_HEAD = 8;

/** Byte lengths measured once by `measureRecord` and reused by `encodeRecord`. */
export type MeasuredLengths = number[];
/** First of the measured lengths when the record is written FROM_RAW (then the head's length). */
const RAW_LAYOUT = -1;

/** Where a record's parts are, read from its first bytes (see `layoutOf`). */
export interface RecordLayout {
  readonly length: number;
  readonly seq: number;
  readonly receivedAt: number;
  readonly framing: Framing;
  readonly origin: number;
  /** The body's place in the record. */
  readonly bodyStart: number;
  readonly bodyLength: number;
  readonly hasRaw: boolean;
  /** The raw frame's place in the record; -1 when it was not kept (or lies past a prefix read). */
  readonly rawStart: number;
  readonly rawLength: number;
  /** FROM_RAW: the head is raw[0, headLength), written in `version`; 0 otherwise. */
  readonly headLength: number;
  readonly version?: StompVersion;
  readonly cleanHead: boolean;
  /** The older layout decodes these with the layout (they come before the body). */
  readonly command?: string;
  readonly headers?: Header[];
}

/** A prefix of a record too short to hold what was asked of it: read more and ask again. */
export class RecordTruncatedError extends Error {
  constructor(readonly needed: number) {
    super(`capture record prefix too short: ${needed} bytes needed`);
    this.name = 'RecordTruncatedError';
  }
}

export function measureRecord(input: RecordInput, lengths: MeasuredLengths): number {
  let size = FIXED_BYTES + varintSize(input.origin);
  const head = rawHeadLength(input);
  if (head >= 0) {
    const raw = input.raw as Uint8Array;
    // Written in place: setting an array's length is a call into V8's runtime (every message).
    lengths[0] = RAW_LAYOUT;
    lengths[1] = head;
    return size + 1 + varintSize(head) + varintSize(raw.length) + raw.length;
  }
  lengths.length = 0;
  size += stringSize(input.command, lengths);
  size += varintSize(input.headers.length);
  for (const [name, value] of input.headers) size += stringSize(name, lengths) + stringSize(value, lengths);
  size += varintSize(input.body.length) + input.body.length;
  if (input.raw) size += varintSize(input.raw.length) + input.raw.length;
  return size;
}

/** Writes the record measured as `size` at `at`; copies the bytes, so no socket buffer is kept alive. */
export function encodeRecord(input: RecordInput, lengths: MeasuredLengths, size: number, target: Buffer, at: number): void {
  target.writeUInt32LE(size, at);
  target.writeUInt32LE(input.seq, at + 4);
  target.writeDoubleLE(input.receivedAt, at + 8);
  let pos = writeVarint(target, at + FIXED_BYTES, input.origin);
  const framing = input.framing === 'content-length' ? FLAG_CONTENT_LENGTH : 0;
  if (lengths[0] === RAW_LAYOUT && input.raw && input.version) {
    const head = lengths[1];
    const raw = input.raw;
    target[at + 16] = framing | FLAG_FROM_RAW | ((input.plainHead ?? isCleanHead(raw, head, input.headers.length)) ? FLAG_CLEAN_HEAD : 0);
    target[pos++] = versionIndex(input.version);
    pos = writeVarint(target, pos, head);
    pos = writeBytes(target, pos, raw);
  } else {
    target[at + 16] = framing | (input.raw ? FLAG_RAW : 0);
    let k = 0;
    pos = writeString(target, pos, input.command, lengths[k++]);
    pos = writeVarint(target, pos, input.headers.length);
    for (const [name, value] of input.headers) {
      pos = writeString(target, pos, name, lengths[k++]);
      pos = writeString(target, pos, value, lengths[k++]);
    }
    pos = writeBytes(target, pos, input.body);
    if (input.raw) pos = writeBytes(target, pos, input.raw);
  }
  if (pos !== at + size) throw new Error(`capture record encoded to ${pos - at} bytes, measured ${size}`);
}

/**
 * The record's structure from its first bytes: enough of them to reach the body (the head, for
 * the raw layout). Throws RecordTruncatedError when `bytes` stops short of that.
 */
export function layoutOf(bytes: Buffer): RecordLayout {
  if (bytes.length < FIXED_BYTES) throw new RecordTruncatedError(FIXED_BYTES);
  const length = bytes.readUInt32LE(0);
  const flags = bytes[16];
  const cursor = { pos: FIXED_BYTES, limit: Math.min(bytes.length, length) };
  const origin = readVarint(bytes, cursor);
  const seq = bytes.readUInt32LE(4);
  const receivedAt = bytes.readDoubleLE(8);
  const framing: Framing = flags & FLAG_CONTENT_LENGTH ? 'content-length' : 'nul';
  // Object literals written out, not spread from a common part: V8 copies a spread object with a
  // `length` property the slow way (17 µs a call measured; this runs for every row shown).
  if (flags & FLAG_FROM_RAW) {
    const version = VERSIONS[bytes[cursor.pos++]];
    if (version === undefined) throw new Error('corrupt capture record: unknown STOMP version');
    const headLength = readVarint(bytes, cursor);
    const rawLength = readVarint(bytes, cursor);
    const rawStart = cursor.pos;
    if (rawStart + rawLength > length || headLength + 1 > rawLength) throw new Error('corrupt capture record: a length runs past its end');
    if (rawStart + headLength > bytes.length) throw new RecordTruncatedError(rawStart + headLength);
    return {
      length,
      seq,
      receivedAt,
      framing,
      origin,
      bodyStart: rawStart + headLength,
      bodyLength: rawLength - 1 - headLength,
      hasRaw: true,
      rawStart,
      rawLength,
      headLength,
      version,
      cleanHead: (flags & FLAG_CLEAN_HEAD) !== 0,
    };
  }
  const command = readString(bytes, cursor);
  const count = readVarint(bytes, cursor);
  const headers: Header[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const name = readString(bytes, cursor);
    headers[i] = [name, readString(bytes, cursor)];
  }
  const bodyLength = readVarint(bytes, cursor);
  const bodyStart = cursor.pos;
  if (bodyStart + bodyLength > length) throw new Error('corrupt capture record: a length runs past its end');
  let rawStart = -1;
  let rawLength = 0;
  const hasRaw = (flags & FLAG_RAW) !== 0;
  // A prefix read for a summary may stop inside the body: the raw bytes' place is then unknown.
  if (hasRaw && bytes.length >= length) {
    const rawCursor = { pos: bodyStart + bodyLength, limit: length };
    rawLength = readVarint(bytes, rawCursor);
    rawStart = rawCursor.pos;
    if (rawStart + rawLength > length) throw new Error('corrupt capture record: a length runs past its end');
  }
  return { length, seq, receivedAt, framing, origin, bodyStart, bodyLength, hasRaw, rawStart, rawLength, headLength: 0, cleanHead: false, command, headers };
}

/** Whether the record keeps the raw frame alone (its flags, without decoding anything). */
export function isFromRaw(bytes: Buffer): boolean {
  return (bytes[16] & FLAG_FROM_RAW) !== 0;
}

/** The command and headers, parsed from the raw head when the record keeps only that. */
export function headOf(layout: RecordLayout, bytes: Buffer): { command: string; headers: Header[] } {
  if (layout.headers !== undefined) return { command: layout.command as string, headers: layout.headers };
  const head = bytes.subarray(layout.rawStart, layout.rawStart + layout.headLength);
  const parsed = parseHead(head, 0, LENIENT[layout.version as StompVersion]);
  return { command: parsed.command, headers: parsed.headers };
}

/** The whole record decoded; `bytes` must be all of it. */
export function decodeRecord(bytes: Buffer): DecodedRecord {
  const length = bytes.readUInt32LE(0);
  if (length !== bytes.length) throw new Error(`corrupt capture record: header says ${length} bytes, found ${bytes.length}`);
  const layout = layoutOf(bytes);
  const { command, headers } = headOf(layout, bytes);
  return {
    seq: layout.seq,
    receivedAt: layout.receivedAt,
    framing: layout.framing,
    origin: layout.origin,
    command,
    headers,
    body: bytes.subarray(layout.bodyStart, layout.bodyStart + layout.bodyLength),
    raw: layout.rawStart < 0 ? undefined : bytes.subarray(layout.rawStart, layout.rawStart + layout.rawLength),
  };
}

/**
 * The head's length when the record can keep the raw frame alone: raw bytes and the version are
 * known, the raw frame ends with NUL, and its tail before that NUL is the body, byte for byte.
 * -1 otherwise (the frame is then kept in the older layout).
 */
function rawHeadLength(input: RecordInput): number {
  const { raw, body, version } = input;
  if (!raw || !version) return -1;
  const head = raw.length - 1 - body.length;
  if (head < 2 || raw[raw.length - 1] !== 0 || raw[head - 1] !== 0x0a) return -1;
  // The client's body is a view of the raw frame's memory: the same bytes, no need to compare them.
  const sameMemory = body.buffer === raw.buffer && body.byteOffset === raw.byteOffset + head;
  if (body.length > 0 && !sameMemory && Buffer.compare(raw.subarray(head, raw.length - 1), body) !== 0) return -1;
  return head;
}

/**
 * See FLAG_CLEAN_HEAD: ASCII, no backslash, no CR, one line per header (each with its colon)
 * between the command line and the blank line.
 */
function isCleanHead(raw: Uint8Array, end: number, headerCount: number): boolean {
  // One pass with a byte-class table: a dozen indexOf calls on a Uint8Array each took V8's C++
  // path (5 % of the host's CPU at 10k msg/s), and one comparison per byte beats three.
  // The head is raw[0, end): read in place, no view made of it.
  let lines = -1; // the command line is not a header line
  let colon = true;
  let pos = 0;
  for (; pos < end; pos++) {
    const kind = HEAD_BYTE[raw[pos]];
    if (kind === PLAIN) continue;
    if (kind === COLON) colon = true;
    else if (kind === LF) {
      if (!colon) return false;
      lines++;
      // An LF right behind another is the blank line that ends the head.
      if (pos + 1 < end && raw[pos + 1] === 0x0a) break;
      colon = false;
    } else return false;
  }
  // The blank line must be the head's last byte.
  return lines === headerCount && pos === end - 2;
}

const PLAIN = 0;
const COLON = 1;
const LF = 2;
const NOT_CLEAN = 3;
/** Each byte's class for isCleanHead: over 0x7f, backslash and CR make a head not clean. */
const HEAD_BYTE = (() => {
  const table = new Uint8Array(256).fill(PLAIN);
  table.fill(NOT_CLEAN, 0x80);
  table[0x5c] = NOT_CLEAN;
  table[0x0d] = NOT_CLEAN;
  table[0x3a] = COLON;
  table[0x0a] = LF;
  return table;
})();

/** Re-parsing a head kept from a frame the client already accepted: lenient, silent. */
const LENIENT = Object.fromEntries(
  VERSIONS.map((version): [StompVersion, HeadContext] => [version, { version, strict: false, report: () => undefined, room: () => 0 }]),
) as Record<StompVersion, HeadContext>;

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

interface Cursor {
  pos: number;
  /** Where the bytes at hand end: the record's end, or a prefix's. */
  readonly limit: number;
}

function readString(bytes: Buffer, cursor: Cursor): string {
  const n = readVarint(bytes, cursor);
  const start = cursor.pos;
  cursor.pos += n;
  if (cursor.pos > cursor.limit) throw truncatedOrCorrupt(bytes, cursor.pos);
  return n === 0 ? '' : bytes.toString('utf8', start, cursor.pos);
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

function readVarint(bytes: Buffer, cursor: Cursor): number {
  let n = 0;
  let scale = 1;
  for (;;) {
    if (cursor.pos >= cursor.limit) throw truncatedOrCorrupt(bytes, cursor.pos + 1);
    const b = bytes[cursor.pos++];
    n += (b & 0x7f) * scale;
    if (b < 0x80) return n;
    scale *= 0x80;
  }
}

/** Past the prefix but within the record: read more. Past the record: it is corrupt. */
function truncatedOrCorrupt(bytes: Buffer, needed: number): Error {
  const length = bytes.readUInt32LE(0);
  if (bytes.length < length && needed <= length) return new RecordTruncatedError(needed);
  return new Error('corrupt capture record: a length runs past its end');
}
