/**
 * What the fuzzer feeds the parser: valid frames of every version written by the serializer, then
 * those mutated (bit flips, inserted, deleted and duplicated bytes, truncation, splices), huge and
 * malformed content-lengths, NUL/CR/BOM in odd places, broken UTF-8, undefined escapes, 1 MB header
 * lines, 10⁵ headers and plain random bytes. Each input comes from its own seeded PRNG
 * (fuzz-random.ts), so `(seed, index)` makes it again.
 */
import { createFrame, type Header } from '../../src-core/protocol/frame';
import type { ParserLimits } from '../../src-core/protocol/parser';
import { headerProblem, serializeFrame } from '../../src-core/protocol/serializer';
import { commandsOf, mayHaveBody, VERSIONS, type StompVersion } from '../../src-core/protocol/spec';
import { chance, inputRandom, int, pick, skewed, type Random } from './fuzz-random';

export interface FuzzInput {
  readonly index: number;
  readonly family: string;
  readonly version: StompVersion;
  readonly limits: Partial<ParserLimits> | undefined;
  readonly bytes: Uint8Array;
}

const encoder = new TextEncoder();
const utf8 = (text: string) => encoder.encode(text);

/** Limits wide enough for the big families to reach the parse of their heads. */
const WIDE: Partial<ParserLimits> = { maxHeaderLineLength: 2 * 1024 * 1024, maxHeaders: 200_000 };

/** Characters that escaping, line splitting and UTF-8 must get right. */
const TRICKY = ['a', 'z', '0', ' ', ':', '\\', '\n', '\r', 'c', 'n', 'r', 't', 'é', '日', '🎉', '\uFEFF', '\uFFFD', '-', '/'];

/** Byte strings that break a rule somewhere in a frame. */
const ODD: readonly (readonly number[])[] = [
  [0x00],
  [0x0d],
  [0x0a],
  [0x0d, 0x0a],
  [0xef, 0xbb, 0xbf],
  [0x3a],
  [0x5c],
  [0x5c, 0x74],
  [0xff],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x8e],
];

type Family = (random: Random, version: StompVersion) => { bytes: Uint8Array; limits?: Partial<ParserLimits> };

/** Families and their share of a run, in thousandths. */
const FAMILIES: readonly (readonly [name: string, weight: number, make: Family])[] = [
  ['valid', 220, (r, v) => ({ bytes: validStream(r, v) })],
  ['mutated', 380, (r, v) => ({ bytes: mutate(r, validStream(r, v), v) })],
  ['content-length', 80, (r, v) => ({ bytes: contentLengths(r, v) })],
  ['odd-bytes', 80, (r, v) => ({ bytes: oddBytes(r, v) })],
  ['broken-utf8', 50, (r, v) => ({ bytes: brokenUtf8(r, v) })],
  ['escapes', 60, (r, v) => escapes(r, v)],
  ['random', 125, (r) => ({ bytes: randomBytes(r) })],
  ['small-limits', 3, (r, v) => ({ bytes: mutate(r, validStream(r, v), v), limits: smallLimits(r) })],
  // About 1 MB each: a few dozen in a run of a million.
  ['huge-line', 0.04, (r, v) => hugeLine(r, v)],
  ['many-headers', 0.04, (r, v) => manyHeaders(r, v)],
];
const TOTAL_WEIGHT = FAMILIES.reduce((sum, [, weight]) => sum + weight, 0);

export const FAMILY_NAMES: readonly string[] = FAMILIES.map(([name]) => name);

/** Input `index` of the run seeded with `seed`; `only` forces a family (for scaling and replays). */
export function makeInput(seed: number, index: number, only?: string): FuzzInput {
  const random = inputRandom(seed, index);
  const version = pick(random, VERSIONS);
  let roll = random() * TOTAL_WEIGHT;
  let chosen = FAMILIES[0];
  for (const family of FAMILIES) {
    roll -= family[1];
    if (roll < 0) {
      chosen = family;
      break;
    }
  }
  if (only !== undefined) chosen = FAMILIES.find(([name]) => name === only) ?? chosen;
  const made = chosen[2](random, version);
  return { index, family: chosen[0], version, limits: made.limits, bytes: made.bytes };
}

function text(random: Random, max: number, alphabet: readonly string[] = TRICKY): string {
  let out = '';
  const length = skewed(random, max + 1);
  for (let i = 0; i < length; i++) out += pick(random, alphabet);
  return out;
}

function header(random: Random): Header {
  return [text(random, 12) || 'x', text(random, 24)];
}

/** A frame the serializer accepts for `version`: headers it refuses are left out. */
function validFrame(random: Random, version: StompVersion): Uint8Array {
  const command = pick(random, [...commandsOf(version)]);
  const headers: Header[] = [];
  const count = skewed(random, 9);
  for (let i = 0; i < count; i++) {
    const candidate = header(random);
    if (candidate[0] !== 'content-length' && headerProblem(candidate[0], candidate[1], command, version) === undefined) headers.push(candidate);
  }
  let body = new Uint8Array(0);
  if (mayHaveBody(version, command) && chance(random, 0.7)) {
    // The parser looks only at a body's length and its NULs: one byte repeated, a few others strewn in.
    const size = chance(random, 0.01) ? int(random, 1024, 64 * 1024) : skewed(random, 300);
    body = new Uint8Array(size).fill(int(random, 32, 126));
    for (let k = size > 0 ? int(random, 0, 4) : 0; k > 0; k--) body[int(random, 0, size - 1)] = pick(random, [0, 10, 13, 0x5c, 0xff, int(random, 0, 255)]);
  }
  const omit = body.length > 0 && !body.includes(0) && chance(random, 0.2);
  return serializeFrame(createFrame(command, headers, body), version, omit ? { contentLength: 'omit' } : undefined);
}

function eols(random: Random, version: StompVersion): Uint8Array {
  const n = skewed(random, 4);
  const parts: number[] = [];
  for (let i = 0; i < n; i++) parts.push(...(version === '1.2' && chance(random, 0.3) ? [13, 10] : [10]));
  return Uint8Array.from(parts);
}

function validStream(random: Random, version: StompVersion): Uint8Array {
  const parts: Uint8Array[] = [];
  const frames = int(random, 1, 6);
  for (let i = 0; i < frames; i++) parts.push(validFrame(random, version), eols(random, version));
  return join(parts);
}

function mutate(random: Random, bytes: Uint8Array, version: StompVersion): Uint8Array {
  let out = bytes;
  const mutations = int(random, 1, 4);
  for (let m = 0; m < mutations; m++) {
    const at = int(random, 0, out.length);
    switch (int(random, 0, 6)) {
      case 0: // bit flip
        if (out.length > 0) {
          out = out.slice();
          out[Math.min(at, out.length - 1)] ^= 1 << int(random, 0, 7);
        }
        break;
      case 1: // insert an odd byte string
        out = join([out.subarray(0, at), Uint8Array.from(pick(random, ODD)), out.subarray(at)]);
        break;
      case 2: // delete a range
        out = join([out.subarray(0, at), out.subarray(Math.min(out.length, at + skewed(random, 40) + 1))]);
        break;
      case 3: {
        // duplicate a range
        const end = Math.min(out.length, at + skewed(random, 60) + 1);
        out = join([out.subarray(0, end), out.subarray(at, end), out.subarray(end)]);
        break;
      }
      case 4: // truncate
        out = out.subarray(0, at);
        break;
      case 5: {
        // splice with another stream
        const other = validStream(random, version);
        out = join([out.subarray(0, at), other.subarray(int(random, 0, other.length))]);
        break;
      }
      default: // a random byte
        out = join([out.subarray(0, at), Uint8Array.of(int(random, 0, 255)), out.subarray(at)]);
    }
  }
  return out;
}

function contentLengths(random: Random, version: StompVersion): Uint8Array {
  const body = text(random, 40, ['a', 'b', '\0', '\n', 'é']);
  const declared = pick(random, [
    String(utf8(body).length),
    String(utf8(body).length + int(random, 1, 5)),
    String(Math.max(0, utf8(body).length - int(random, 1, 5))),
    '99999999999999999999',
    String(2 ** 53),
    String(128 * 1024 * 1024 + 1),
    '-1',
    '0x10',
    ' 3 ',
    '',
    '1e3',
    '３',
  ]);
  const twice = chance(random, 0.2) ? `content-length:${int(random, 0, 9)}\n` : '';
  const head = `${pick(random, ['SEND', 'MESSAGE', 'ERROR', 'ACK'])}\ndestination:/q\ncontent-length:${declared}\n${twice}\n`;
  return join([utf8(head), utf8(body), Uint8Array.of(0), eols(random, version), validStream(random, version)]);
}

/** NUL, CR and BOM at structural places: before a command, between frames, inside heads and bodies. */
function oddBytes(random: Random, version: StompVersion): Uint8Array {
  const frames: Uint8Array[] = [];
  const count = int(random, 1, 4);
  for (let i = 0; i < count; i++) {
    const frame = validFrame(random, version);
    const odd = Uint8Array.from(pick(random, [[0xef, 0xbb, 0xbf], [0x00], [0x0d], [0x0d, 0x0d, 0x0a], [0x00, 0x0a]]));
    const lf = frame.indexOf(10);
    const place = pick(random, ['before', 'after-command', 'end-of-head', 'in-body', 'after']);
    if (place === 'before') frames.push(odd, frame);
    else if (place === 'after') frames.push(frame, odd);
    else if (place === 'after-command') frames.push(frame.subarray(0, lf), odd, frame.subarray(lf));
    else if (place === 'end-of-head') {
      // Between the LF that ends the last header line and the one that ends the head.
      const blank = indexOfPair(frame, 10, 10);
      const at = blank < 0 ? lf : blank + 1;
      frames.push(frame.subarray(0, at), odd, frame.subarray(at));
    } else frames.push(frame.subarray(0, frame.length - 1), odd, frame.subarray(frame.length - 1));
    frames.push(eols(random, version));
  }
  return join(frames);
}

function brokenUtf8(random: Random, version: StompVersion): Uint8Array {
  const lines: Uint8Array[] = [utf8(`${pick(random, ['MESSAGE', 'SEND', 'ERROR'])}\n`)];
  const count = int(random, 1, 8);
  for (let i = 0; i < count; i++) {
    const pieces: Uint8Array[] = [utf8(text(random, 6, ['a', 'é', '日'])), utf8(':')];
    const n = int(random, 1, 5);
    for (let k = 0; k < n; k++) pieces.push(chance(random, 0.5) ? Uint8Array.from(pick(random, ODD.slice(8))) : utf8(text(random, 4, ['x', 'ü', '🎉'])));
    pieces.push(utf8('\n'));
    lines.push(join(pieces));
  }
  lines.push(utf8('\nbody\0'), eols(random, version));
  return join(lines);
}

function escapes(random: Random, version: StompVersion): { bytes: Uint8Array; limits?: Partial<ParserLimits> } {
  const big = chance(random, 0.0005);
  const count = big ? int(random, 20_000, 500_000) : skewed(random, 2000);
  const parts = ['\\n', '\\c', '\\\\', '\\r', '\\q', '\\t', '\\', 'a', 'é'];
  let value = '';
  for (let i = 0; i < count; i++) value += pick(random, parts);
  const name = chance(random, 0.2) ? `n${pick(random, parts)}` : 'x';
  const nonAscii = chance(random, 0.5) ? 'a:é\n' : '';
  const bytes = utf8(`MESSAGE\n${nonAscii}${name}:${value}\n\nbody\0`);
  return { bytes: join([bytes, eols(random, version)]), limits: big ? WIDE : undefined };
}

function randomBytes(random: Random): Uint8Array {
  const tokens = ['SEND\n', 'MESSAGE\n', 'CONNECTED\n', '\n', '\r\n', '\0', ':', '\\', 'content-length:', 'x:y\n', 'é'];
  const parts: Uint8Array[] = [];
  const n = skewed(random, 60);
  for (let i = 0; i < n; i++) {
    if (chance(random, 0.5)) parts.push(utf8(pick(random, tokens)));
    else {
      const chunk = new Uint8Array(skewed(random, 12));
      for (let k = 0; k < chunk.length; k++) chunk[k] = int(random, 0, 255);
      parts.push(chunk);
    }
  }
  return join(parts);
}

function smallLimits(random: Random): Partial<ParserLimits> {
  return { maxHeaders: int(random, 0, 6), maxHeaderLineLength: int(random, 1, 40), maxFrameSize: int(random, 1, 300), maxDiagnostics: int(random, 1, 4) };
}

/** A header line of about 1 MB: refused by the default limit, parsed (and escaped) under wide ones. */
function hugeLine(random: Random, version: StompVersion): { bytes: Uint8Array; limits?: Partial<ParserLimits> } {
  const size = int(random, 900_000, 1_100_000);
  const unit = pick(random, ['a', 'é', '\\q', '\\n', ':']);
  const value = unit.repeat(Math.ceil(size / utf8(unit).length));
  return { bytes: join([utf8(`SEND\ndestination:/q\nx:${value}\n\n\0`), eols(random, version)]), limits: chance(random, 0.5) ? WIDE : undefined };
}

/** 10⁵ header lines: refused by the default limit of 1000, parsed under wide limits. */
function manyHeaders(random: Random, version: StompVersion): { bytes: Uint8Array; limits?: Partial<ParserLimits> } {
  const line = pick(random, ['h:v\n', 'é:ü\n', 'nocolon\n', ':empty\n', 'x:\\q\n']);
  return { bytes: join([utf8('MESSAGE\n'), utf8(line.repeat(100_000)), utf8('\nbody\0'), eols(random, version)]), limits: chance(random, 0.5) ? WIDE : undefined };
}

function indexOfPair(bytes: Uint8Array, a: number, b: number): number {
  for (let at = bytes.indexOf(a); at >= 0 && at + 1 < bytes.length; at = bytes.indexOf(a, at + 1)) if (bytes[at + 1] === b) return at;
  return -1;
}

export function join(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
