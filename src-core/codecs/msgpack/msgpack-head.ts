/**
 * The head of one MessagePack item, as the format's specification lays it out: what it is, how
 * many bytes its header takes, and (for a scalar) where the whole item ends, or (for an array or
 * map) how many children follow. Values themselves are decoded by @msgpack/msgpack; this only
 * finds the edges, so each node of the tree gets its byte range.
 */
import { CodecError } from '../tree';

export type MsgpackHead =
  | { readonly kind: 'array' | 'map'; readonly count: number; readonly headerEnd: number; readonly type: string }
  | { readonly kind: 'scalar'; readonly end: number; readonly type: string };

export function msgpackHead(bytes: Uint8Array, pos: number, path: string): MsgpackHead {
  if (pos >= bytes.length) throw new CodecError(`${path || 'value'}: the body ends at byte ${pos} where an item should start`, pos, path);
  const b = bytes[pos];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const uint = (size: 1 | 2 | 4): number => {
    if (pos + 1 + size > bytes.length) throw new CodecError(`${path || 'value'}: truncated header at byte ${pos}`, pos, path);
    return size === 1 ? view.getUint8(pos + 1) : size === 2 ? view.getUint16(pos + 1) : view.getUint32(pos + 1);
  };
  const scalar = (size: number, type: string): MsgpackHead => ({ kind: 'scalar', end: pos + size, type });
  const sized = (lengthBytes: 1 | 2 | 4, extra: number, type: string): MsgpackHead => scalar(1 + lengthBytes + extra + uint(lengthBytes), type);
  if (b <= 0x7f || b >= 0xe0) return scalar(1, 'fixint');
  if (b <= 0x8f) return { kind: 'map', count: b & 0x0f, headerEnd: pos + 1, type: 'fixmap' };
  if (b <= 0x9f) return { kind: 'array', count: b & 0x0f, headerEnd: pos + 1, type: 'fixarray' };
  if (b <= 0xbf) return scalar(1 + (b & 0x1f), 'fixstr');
  switch (b) {
    case 0xc0:
      return scalar(1, 'nil');
    case 0xc2:
    case 0xc3:
      return scalar(1, 'bool');
    case 0xc4:
      return sized(1, 0, 'bin 8');
    case 0xc5:
      return sized(2, 0, 'bin 16');
    case 0xc6:
      return sized(4, 0, 'bin 32');
    case 0xc7:
      return sized(1, 1, 'ext 8');
    case 0xc8:
      return sized(2, 1, 'ext 16');
    case 0xc9:
      return sized(4, 1, 'ext 32');
    case 0xca:
      return scalar(5, 'float 32');
    case 0xcb:
      return scalar(9, 'float 64');
    case 0xcc:
    case 0xd0:
      return scalar(2, b === 0xcc ? 'uint 8' : 'int 8');
    case 0xcd:
    case 0xd1:
      return scalar(3, b === 0xcd ? 'uint 16' : 'int 16');
    case 0xce:
    case 0xd2:
      return scalar(5, b === 0xce ? 'uint 32' : 'int 32');
    case 0xcf:
    case 0xd3:
      return scalar(9, b === 0xcf ? 'uint 64' : 'int 64');
    case 0xd4:
      return scalar(3, 'fixext 1');
    case 0xd5:
      return scalar(4, 'fixext 2');
    case 0xd6:
      return scalar(6, 'fixext 4');
    case 0xd7:
      return scalar(10, 'fixext 8');
    case 0xd8:
      return scalar(18, 'fixext 16');
    case 0xd9:
      return sized(1, 0, 'str 8');
    case 0xda:
      return sized(2, 0, 'str 16');
    case 0xdb:
      return sized(4, 0, 'str 32');
    case 0xdc:
      return { kind: 'array', count: uint(2), headerEnd: pos + 3, type: 'array 16' };
    case 0xdd:
      return { kind: 'array', count: uint(4), headerEnd: pos + 5, type: 'array 32' };
    case 0xde:
      return { kind: 'map', count: uint(2), headerEnd: pos + 3, type: 'map 16' };
    case 0xdf:
      return { kind: 'map', count: uint(4), headerEnd: pos + 5, type: 'map 32' };
    default:
      throw new CodecError(`${path || 'value'}: byte 0x${b.toString(16)} at ${pos} is not a MessagePack type (0xc1 is never used)`, pos, path);
  }
}
