/**
 * The head of one CBOR data item (RFC 8949 §3): major type, argument and header length. Only the
 * edges of items are found here; values are decoded by cbor-x. Indefinite lengths (additional
 * information 31) are reported as such; the walker reads their chunks or items up to the break.
 */
import { CodecError } from '../tree';

export interface CborHead {
  readonly major: number;
  /** The argument (a length, count, tag number or simple value); -1 for indefinite length. */
  readonly argument: number;
  readonly headerEnd: number;
  /** 0xff: ends an indefinite-length item. */
  readonly isBreak: boolean;
}

export function cborHead(bytes: Uint8Array, pos: number, path: string): CborHead {
  if (pos >= bytes.length) throw new CodecError(`${path || 'value'}: the body ends at byte ${pos} where an item should start`, pos, path);
  const initial = bytes[pos];
  const major = initial >> 5;
  const info = initial & 0x1f;
  if (info < 24) return { major, argument: info, headerEnd: pos + 1, isBreak: false };
  if (info >= 28 && info <= 30) throw new CodecError(`${path || 'value'}: byte 0x${initial.toString(16)} at ${pos} uses reserved additional information ${info}: not CBOR`, pos, path);
  if (info === 31) {
    if (major === 7) return { major, argument: -1, headerEnd: pos + 1, isBreak: true };
    if (major === 0 || major === 1 || major === 6) throw new CodecError(`${path || 'value'}: major type ${major} cannot have an indefinite length (byte ${pos})`, pos, path);
    return { major, argument: -1, headerEnd: pos + 1, isBreak: false };
  }
  const size = 1 << (info - 24);
  if (pos + 1 + size > bytes.length) throw new CodecError(`${path || 'value'}: truncated head at byte ${pos} (needs ${size} more bytes)`, pos, path);
  const view = new DataView(bytes.buffer, bytes.byteOffset + pos + 1, size);
  let argument: number;
  if (size === 1) argument = view.getUint8(0);
  else if (size === 2) argument = view.getUint16(0);
  else if (size === 4) argument = view.getUint32(0);
  else {
    const big = view.getBigUint64(0);
    // Integers and floats may be that large; lengths and counts beyond the body are refused later.
    argument = big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
  }
  return { major, argument, headerEnd: pos + 1 + size, isBreak: false };
}

export const MAJOR_NAMES = ['unsigned integer', 'negative integer', 'byte string', 'text string', 'array', 'map', 'tag', 'simple/float'];
