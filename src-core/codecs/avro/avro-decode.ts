/**
 * An Avro body as a tree with byte ranges. The body is read field by field with avsc's own
 * `Type.decode(buffer, offset)`, which returns where each value ends: records field by field,
 * arrays and maps block by block, unions by branch index. Lengths and counts are checked against
 * the bytes left before anything is read (avsc alone would loop on a hostile block count), nesting
 * is capped, and items that take no bytes (nulls) are capped too, so the work is linear in the
 * body. avsc then decodes the whole value for its JSON form.
 *
 * Single-object encoding (C3 01, then the schema's 8-byte CRC-64-AVRO fingerprint, then the data)
 * is recognised by its fingerprint; raw data needs the schema named.
 */
import avro from 'avsc';
import { hexPreview, NodeBudget } from '../node-budget';
import { childPath, CodecError, DEFAULT_DECODE_LIMITS, type DecodedTree, type DecodeLimits, type TreeNode } from '../tree';
import { avroType, type CompiledAvro } from './avro-schema';
import { fingerprintHex } from './rabin';

type Node = { -readonly [K in keyof TreeNode]: TreeNode[K] } & { children?: TreeNode[] };
type AnyType = avro.Type & Record<string, unknown>;

export type AvroFraming = 'auto' | 'raw' | 'single-object';

/** Items that take no bytes (nulls, empty records) are capped at this many per body. */
const MAX_EMPTY_ITEMS = 1_000_000;
const LONG = avro.Type.forSchema('long');
const STRING = avro.Type.forSchema('string');

interface Walk {
  readonly buf: Buffer;
  readonly end: number;
  readonly budget: NodeBudget;
  readonly limits: DecodeLimits;
  readonly notes: string[];
  pos: number;
  emptyItems: number;
  readonly minSizes: Map<avro.Type, number>;
}

export function decodeAvro(bytes: Uint8Array, compiled: CompiledAvro, messageType: string | undefined, framing: AvroFraming = 'auto', limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedTree {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const notes: string[] = [];
  let start = 0;
  let name = messageType;
  const marked = bytes.length >= 10 && bytes[0] === 0xc3 && bytes[1] === 0x01;
  if (framing === 'single-object' && !marked) throw new CodecError('not single-object encoded: it does not start with C3 01', 0);
  if (marked && framing !== 'raw') {
    const fingerprint = fingerprintHex(bytes.subarray(2, 10));
    const known = compiled.byFingerprint.get(fingerprint);
    if (known) {
      if (name && avroType(compiled, name) !== compiled.types.get(known)) notes.push(`the body's fingerprint names ${known}, not ${name}: read as ${known}`);
      name = known;
      start = 10;
      notes.push(`single-object encoding: bytes 0–9 are its header (C3 01 and fingerprint ${fingerprint} of ${known})`);
    } else if (framing === 'single-object' || !name) {
      throw new CodecError(`single-object encoded with a schema this profile does not have (fingerprint ${fingerprint}): add that .avsc to the profile`, 2);
    }
  }
  if (!name) throw new CodecError('raw Avro data does not say its schema: map this destination to one, or use a content-type with messageType=…');
  const type = avroType(compiled, name);
  name = type.name ?? name;
  const walk: Walk = { buf, end: bytes.length, budget: new NodeBudget(limits), limits, notes, pos: start, emptyItems: 0, minSizes: new Map() };
  const root = read(walk, type, '', undefined, 0)!;
  if (walk.pos !== bytes.length) throw new CodecError(`${bytes.length - walk.pos} bytes left over after the ${name} ended at byte ${walk.pos}: wrong schema?`, walk.pos);
  let json: unknown = null;
  try {
    json = JSON.parse(type.toString(type.fromBuffer(buf.subarray(start))));
  } catch (error) {
    notes.push(`no JSON form: avsc says ${(error as Error).message}`);
  }
  if (walk.budget.skipped > 0) notes.push(`${walk.budget.skipped} nodes not shown (limit ${limits.maxNodes})`);
  return { codec: 'avro', messageType: name, root, json, nodeCount: walk.budget.built, notes };
}

function read(walk: Walk, type: avro.Type, path: string, key: string | number | undefined, depth: number): Node | undefined {
  if (depth > walk.limits.maxDepth) throw new CodecError(`nested deeper than ${walk.limits.maxDepth} levels`, walk.pos, path);
  const build = walk.budget.take();
  const start = walk.pos;
  const t = type as AnyType;
  const label = type.name ?? type.typeName;
  const base = (node: Omit<Node, 'path' | 'range'>): Node | undefined =>
    build ? ({ ...(key !== undefined ? { key } : {}), path, ...node, range: { start, end: walk.pos } } as Node) : undefined;

  switch (type.typeName) {
    case 'record':
    case 'error': {
      const children: Node[] = [];
      let skipped = 0;
      let skippedFrom = -1;
      for (const field of t.fields as { name: string; type: avro.Type }[]) {
        const at = walk.pos;
        const child = read(walk, field.type, childPath(path, field.name), field.name, depth + 1);
        if (child && build) children.push(child);
        else if (build) {
          skipped++;
          if (skippedFrom < 0) skippedFrom = at;
        }
      }
      if (skipped > 0) children.push(NodeBudget.more(path, skipped, skippedFrom, walk.pos) as Node);
      return base({ kind: 'record', type: label, children, count: (t.fields as unknown[]).length });
    }
    case 'enum': {
      const index = long(walk, path, 'an enum index');
      const symbols = t.symbols as string[];
      if (index < 0 || index >= symbols.length) throw new CodecError(`${path || 'value'}: enum index ${index} at byte ${start}, but ${label} has ${symbols.length} symbols`, start, path);
      return base({ kind: 'enum', type: label, value: symbols[index] });
    }
    case 'union:wrapped':
    case 'union:unwrapped': {
      const branches = t.types as avro.Type[];
      const index = long(walk, path, 'a union branch index');
      if (index < 0 || index >= branches.length) throw new CodecError(`${path || 'value'}: union branch ${index} at byte ${start}, but the union has ${branches.length}`, start, path);
      const branch = branches[index];
      const branchName = branch.name ?? branch.typeName;
      if (branch.typeName === 'null') return base({ kind: 'null', type: 'null', value: null, note: `union branch ${index}` });
      const child = read(walk, branch, childPath(path, branchName, true), branchName, depth + 1);
      return base({ kind: 'wrapper', type: `union → ${branchName}`, children: child ? [child] : [], count: 1 });
    }
    case 'array':
    case 'map':
      return blocks(walk, type, path, key, depth, build, start);
    case 'fixed': {
      const size = t.size as number;
      if (walk.end - walk.pos < size) throw new CodecError(`${path || 'value'}: ${label} needs ${size} bytes at byte ${start}, ${walk.end - start} left`, start, path);
      walk.pos += size;
      const shown = hexPreview(walk.buf.subarray(start, walk.pos), walk.limits.maxBytesShown);
      return base({ kind: 'bytes', type: `fixed ${label} (${size})`, value: shown.value, truncated: shown.truncated });
    }
    case 'string':
    case 'bytes': {
      const length = long(walk, path, 'a length');
      if (length < 0 || length > walk.end - walk.pos) throw new CodecError(`${path || 'value'}: length ${length} at byte ${start} does not fit the ${walk.end - walk.pos} bytes left`, start, path);
      walk.pos = start;
      const value = leaf(walk, type, path);
      if (type.typeName === 'string') return base({ kind: 'string', type: 'string', value: value as string });
      const shown = hexPreview(value as Uint8Array, walk.limits.maxBytesShown);
      return base({ kind: 'bytes', type: 'bytes', value: shown.value, truncated: shown.truncated, note: `${(value as Uint8Array).length} bytes` });
    }
    case 'long': {
      try {
        return base({ kind: 'integer', type: 'long', value: leaf(walk, type, path) as number });
      } catch (error) {
        if (!(error instanceof CodecError) || !/precision/.test(error.message)) throw error;
        walk.pos = start;
        return base({ kind: 'integer', type: 'long', value: exactLong(walk, path), note: 'beyond JavaScript’s exact integers: avsc cannot give it a JSON form' });
      }
    }
    default: {
      const value = leaf(walk, type, path);
      const kind: Node['kind'] = type.typeName === 'null' ? 'null' : type.typeName === 'boolean' ? 'boolean' : type.typeName === 'int' ? 'integer' : 'float';
      const shown = typeof value === 'number' && !Number.isFinite(value) ? String(value) : (value as Node['value']);
      return base({ kind, type: type.typeName, value: shown });
    }
  }
}

/** Arrays and maps: blocks of `count` items (a negative count is followed by the block's byte size) until a zero count. */
function blocks(walk: Walk, type: avro.Type, path: string, key: string | number | undefined, depth: number, build: boolean, start: number): Node | undefined {
  const t = type as AnyType;
  const isMap = type.typeName === 'map';
  const itemType = (isMap ? t.valuesType : t.itemsType) as avro.Type;
  const minSize = minimumSize(walk, itemType) + (isMap ? 1 : 0);
  const children: Node[] = [];
  let index = 0;
  let skipped = 0;
  let skippedFrom = -1;
  for (;;) {
    const at = walk.pos;
    let count = long(walk, path, 'a block count');
    if (count === 0) break;
    if (count < 0) {
      count = -count;
      const size = long(walk, path, 'a block size');
      if (size < 0 || size > walk.end - walk.pos) throw new CodecError(`${path || 'value'}: block size ${size} at byte ${at} does not fit the ${walk.end - walk.pos} bytes left`, at, path);
    }
    if (minSize > 0 && count * minSize > walk.end - walk.pos) {
      throw new CodecError(`${path || 'value'}: a block of ${count} items at byte ${at} cannot fit the ${walk.end - walk.pos} bytes left`, at, path);
    }
    if (minSize === 0 && (walk.emptyItems += count) > MAX_EMPTY_ITEMS) {
      throw new CodecError(`${path || 'value'}: more than ${MAX_EMPTY_ITEMS} items that take no bytes: refused`, at, path);
    }
    for (let i = 0; i < count; i++) {
      const itemStart = walk.pos;
      let itemKey: string | number = index;
      if (isMap) itemKey = leafString(walk, path);
      const child = read(walk, itemType, childPath(path, itemKey, isMap), itemKey, depth + 1);
      if (child && build) {
        if (isMap) child.range = { start: itemStart, end: walk.pos };
        children.push(child);
      } else if (build) {
        skipped++;
        if (skippedFrom < 0) skippedFrom = itemStart;
      }
      index++;
    }
  }
  if (!build) return undefined;
  if (skipped > 0) children.push(NodeBudget.more(path, skipped, skippedFrom, walk.pos) as Node);
  return { ...(key !== undefined ? { key } : {}), path, kind: isMap ? 'map' : 'array', type: isMap ? `map<${itemType.name ?? itemType.typeName}>` : `array<${itemType.name ?? itemType.typeName}>`, children, count: index, range: { start, end: walk.pos } };
}

/** One value through avsc, which says where it ended. */
function leaf(walk: Walk, type: avro.Type, path: string): unknown {
  const at = walk.pos;
  let decoded: { value: unknown; offset: number };
  try {
    decoded = type.decode(walk.buf, at);
  } catch (error) {
    throw new CodecError(`${path || 'value'}: ${type.typeName} at byte ${at}: ${(error as Error).message}`, at, path);
  }
  if (decoded.offset < 0 || decoded.offset > walk.end) throw new CodecError(`${path || 'value'}: truncated ${type.typeName} at byte ${at}`, at, path);
  walk.pos = decoded.offset;
  return decoded.value;
}

function leafString(walk: Walk, path: string): string {
  const at = walk.pos;
  const length = long(walk, path, 'a map key length');
  if (length < 0 || length > walk.end - walk.pos) throw new CodecError(`${path || 'value'}: map key length ${length} at byte ${at} does not fit`, at, path);
  walk.pos = at;
  return leaf(walk, STRING, path) as string;
}

function long(walk: Walk, path: string, what: string): number {
  const at = walk.pos;
  try {
    return leaf(walk, LONG, path) as number;
  } catch {
    throw new CodecError(`${path || 'value'}: ${what} at byte ${at} is truncated or too large`, at, path);
  }
}

/** A zig-zag varint read exactly (avsc refuses longs beyond 2^53). */
function exactLong(walk: Walk, path: string): string {
  const at = walk.pos;
  let n = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (walk.pos >= walk.end) break;
    const b = walk.buf[walk.pos++];
    n |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if ((b & 0x80) === 0) return ((n >> 1n) ^ -(n & 1n)).toString();
  }
  throw new CodecError(`${path || 'value'}: truncated long at byte ${at}`, at, path);
}

/** The fewest bytes a value of this type can take; 0 for nulls and types that may take none. */
function minimumSize(walk: Walk, type: avro.Type, visiting = new Set<avro.Type>()): number {
  const cached = walk.minSizes.get(type);
  if (cached !== undefined) return cached;
  if (visiting.has(type)) return 0;
  visiting.add(type);
  const t = type as AnyType;
  let size: number;
  switch (type.typeName) {
    case 'null':
      size = 0;
      break;
    case 'float':
      size = 4;
      break;
    case 'double':
      size = 8;
      break;
    case 'fixed':
      size = t.size as number;
      break;
    case 'record':
    case 'error':
      size = (t.fields as { type: avro.Type }[]).reduce((sum, f) => sum + minimumSize(walk, f.type, visiting), 0);
      break;
    default:
      size = 1;
  }
  visiting.delete(type);
  walk.minSizes.set(type, size);
  return size;
}
