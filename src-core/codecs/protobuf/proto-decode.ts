/**
 * A protobuf body as a tree with byte ranges. protobufjs decodes the message (the authority on
 * its value and its JSON form); alongside, this walks the body's tags and lengths with
 * protobufjs's own Reader to learn where each field's bytes are. Every length is checked against
 * the bytes left before it is read, every varint is bounded, nesting is capped: a hostile body
 * fails with an error naming the byte and the field, in time linear in its size.
 */
import protobuf from 'protobufjs';
import { hexPreview, NodeBudget } from '../node-budget';
import { childPath, CodecError, DEFAULT_DECODE_LIMITS, type ByteRange, type DecodedTree, type DecodeLimits, type TreeNode } from '../tree';

type Node = { -readonly [K in keyof TreeNode]: TreeNode[K] } & { children?: TreeNode[] };

const WIRE_TYPES = ['varint', '64-bit', 'length-delimited', 'group start', 'group end', '32-bit', 'invalid (6)', 'invalid (7)'];
const FIXED_SIZE: Record<string, number> = { double: 8, fixed64: 8, sfixed64: 8, float: 4, fixed32: 4, sfixed32: 4 };
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, json: true };

interface Walk {
  readonly reader: protobuf.Reader;
  readonly budget: NodeBudget;
  readonly limits: DecodeLimits;
  readonly notes: string[];
}

export function decodeProtobuf(bytes: Uint8Array, type: protobuf.Type, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedTree {
  const walk: Walk = { reader: protobuf.Reader.create(bytes), budget: new NodeBudget(limits), limits, notes: [] };
  walk.budget.take();
  const children = readMessage(walk, type, bytes.length, '', 0);
  const root: TreeNode = { path: '', kind: 'record', type: type.fullName.slice(1), range: { start: 0, end: bytes.length }, children, count: children.length };
  let json: unknown;
  try {
    json = type.toObject(type.decode(bytes), TO_OBJECT);
  } catch (error) {
    // proto2 `required` fields missing: the value is still there, the library says what is missing.
    const instance = (error as { instance?: protobuf.Message }).instance;
    if (!instance) throw new CodecError(`protobufjs could not decode it as ${type.fullName.slice(1)}: ${(error as Error).message}`);
    json = type.toObject(instance, TO_OBJECT);
    walk.notes.push(`protobufjs: ${(error as Error).message}`);
  }
  if (walk.budget.skipped > 0) walk.notes.push(`${walk.budget.skipped} nodes not shown (limit ${limits.maxNodes}); the JSON form has them all`);
  return { codec: 'protobuf', messageType: type.fullName.slice(1), root, json, nodeCount: walk.budget.built, notes: walk.notes };
}

/** The fields of one message, in wire order; a repeated field is one array node at its first place. */
function readMessage(walk: Walk, type: protobuf.Type, end: number, path: string, depth: number): TreeNode[] {
  const { reader } = walk;
  if (depth > walk.limits.maxDepth) throw new CodecError(`messages nested deeper than ${walk.limits.maxDepth} levels`, reader.pos, path);
  const nodes: (Node | undefined)[] = [];
  const lists = new Map<number, Node>();
  const singular = new Map<number, { index: number; times: number }>();
  let skipped = 0;
  let skippedFrom = -1;
  while (reader.pos < end) {
    const start = reader.pos;
    const tag = varint(walk, () => reader.uint32(), end, 'a field tag', path);
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number === 0) throw new CodecError(`field number 0 at byte ${start}: not a ${type.fullName.slice(1)} here (wrong message type?)`, start, path);
    const field = type.fieldsById[number];
    const build = walk.budget.take();
    if (!build && skippedFrom < 0) skippedFrom = start;
    if (!field) {
      const node = unknownField(walk, number, wireType, start, end, path, depth);
      if (build) nodes.push(node);
      else skipped++;
      continue;
    }
    const fieldPath = childPath(path, field.name);
    if (field.map || field.repeated) {
      let list = lists.get(number);
      if (!list && build) {
        list = { key: field.name, path: fieldPath, kind: field.map ? 'map' : 'array', type: fieldTypeName(field), children: [], range: { start, end: start } };
        lists.set(number, list);
        nodes.push(list);
      }
      const before = list?.children?.length ?? 0;
      const elements = field.map ? [mapEntry(walk, field, wireType, start, end, fieldPath, depth)] : repeatedElements(walk, field, wireType, start, end, fieldPath, before, depth);
      if (!list) {
        skipped++;
        continue;
      }
      list.children!.push(...elements);
      list.count = list.children!.length;
      extendRange(list, start, reader.pos);
      continue;
    }
    const node = singleValue(walk, field, wireType, start, end, fieldPath, field.name, depth);
    if (!build) {
      skipped++;
      continue;
    }
    const seen = singular.get(number);
    if (seen) {
      // A replacement, not one node more.
      walk.budget.built--;
      // The last occurrence counts (messages are merged): show it where it is, say so.
      nodes[seen.index] = undefined;
      seen.times++;
      node.note = `${field.name} appears ${seen.times} times in the body; ${field.resolvedType instanceof protobuf.Type ? 'protobuf merges them, this is the last' : 'the last one counts'}`;
      seen.index = nodes.length;
    } else singular.set(number, { index: nodes.length, times: 1 });
    nodes.push(node);
  }
  if (reader.pos !== end) throw new CodecError(`the last field runs past the end of ${path || 'the message'} (byte ${end})`, end, path);
  const shown = nodes.filter((n): n is Node => n !== undefined);
  if (skipped > 0) shown.push(NodeBudget.more(path, skipped, skippedFrom, end) as Node);
  return shown;
}

function extendRange(list: Node, start: number, end: number): void {
  if (!list.range) return;
  if (list.range.start === list.range.end) list.range = { start, end };
  else if (list.range.end === start) list.range = { start: list.range.start, end };
  else {
    list.range = undefined;
    list.noRange = 'its elements are spread over the body: select one to see its bytes';
  }
}

function singleValue(walk: Walk, field: protobuf.Field, wireType: number, start: number, end: number, path: string, key: string | number, depth: number): Node {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    if (wireType === 3) return groupField(walk, field, start, end, path, key, depth);
    expectWire(field, wireType, 2, start, path);
    const { from, to } = lengthDelimited(walk, end, path);
    const children = readMessage(walk, resolved, to, path, depth + 1);
    return { key, path, kind: 'record', type: resolved.fullName.slice(1), range: { start, end: to }, valueRange: { start: from, end: to }, children, count: children.length };
  }
  const expected = resolved instanceof protobuf.Enum ? 0 : protobuf.types.basic[field.type as keyof typeof protobuf.types.basic];
  expectWire(field, wireType, expected, start, path);
  const valueStart = walk.reader.pos;
  const scalar = readScalar(walk, field, end, path);
  return { key, path, ...scalar, range: { start, end: walk.reader.pos }, valueRange: { start: scalar.payloadStart ?? valueStart, end: walk.reader.pos }, payloadStart: undefined } as Node;
}

/** Packed (one length-delimited run) or one element per tag: either way, element nodes. */
function repeatedElements(walk: Walk, field: protobuf.Field, wireType: number, start: number, end: number, path: string, first: number, depth: number): Node[] {
  const resolved = field.resolvedType;
  const scalarWire = resolved instanceof protobuf.Enum ? 0 : protobuf.types.basic[field.type as keyof typeof protobuf.types.basic];
  const packable = !(resolved instanceof protobuf.Type) && scalarWire !== 2;
  if (!(packable && wireType === 2)) return [singleValue(walk, field, wireType, start, end, childPath(path, first), first, depth)];
  const { to } = lengthDelimited(walk, end, path);
  const elements: Node[] = [];
  let index = first;
  let skipped = 0;
  let skippedFrom = -1;
  while (walk.reader.pos < to) {
    const at = walk.reader.pos;
    const scalar = readScalar(walk, field, to, childPath(path, index));
    if (walk.budget.take()) elements.push({ key: index, path: childPath(path, index), ...scalar, payloadStart: undefined, range: { start: at, end: walk.reader.pos } } as Node);
    else {
      skipped++;
      if (skippedFrom < 0) skippedFrom = at;
    }
    index++;
  }
  if (skipped > 0) elements.push(NodeBudget.more(path, skipped, skippedFrom, to) as Node);
  return elements;
}

/** A map entry is a small message: key = field 1, value = field 2; missing ones take defaults. */
function mapEntry(walk: Walk, field: protobuf.Field, wireType: number, start: number, end: number, path: string, depth: number): Node {
  expectWire(field, wireType, 2, start, path);
  const { reader } = walk;
  const { from, to } = lengthDelimited(walk, end, path);
  const keyType = (field as unknown as protobuf.MapField).keyType;
  let key: string = keyType === 'string' ? '' : keyType === 'bool' ? 'false' : '0';
  let value: Node | undefined;
  while (reader.pos < to) {
    const at = reader.pos;
    const tag = varint(walk, () => reader.uint32(), to, 'a map entry tag', path);
    const number = tag >>> 3;
    if (number === 1) {
      const keyField = { name: 'key', type: keyType, resolvedType: null } as unknown as protobuf.Field;
      expectWire(keyField, tag & 7, protobuf.types.mapKey[keyType as keyof typeof protobuf.types.mapKey], at, path);
      key = String(readScalar(walk, keyField, to, path).value);
    } else if (number === 2) {
      // Keys come first in practice; a value before its key is read under the default key's path.
      value = singleValue(walk, field, tag & 7, at, to, childPath(path, key, true), key, depth + 1);
    } else unknownField(walk, number, tag & 7, at, to, path, depth);
  }
  const entryPath = childPath(path, key, true);
  const shown: Node = value ?? { kind: defaultKind(field), type: field.type, value: defaultValue(field), noRange: 'absent from the body: the default value', path: entryPath };
  return { ...shown, key, path: entryPath, range: { start, end: to }, valueRange: value?.range ?? { start: from, end: from }, note: value ? shown.note : 'value absent: the default' } as Node;
}

function groupField(walk: Walk, field: protobuf.Field, start: number, end: number, path: string, key: string | number, depth: number): Node {
  walk.reader.skipType(3, depth, field.id);
  if (walk.reader.pos > end) throw new CodecError(`group ${field.name} runs past the end of its message`, start, path);
  const { value, truncated } = hexPreview(walk.reader.buf.subarray(start, walk.reader.pos), walk.limits.maxBytesShown);
  return { key, path, kind: 'unknown', type: `group ${field.name}`, value, truncated, range: { start, end: walk.reader.pos }, note: 'a proto2 group: shown as raw bytes' };
}

function unknownField(walk: Walk, number: number, wireType: number, start: number, end: number, path: string, depth: number): Node {
  const { reader } = walk;
  const fieldPath = childPath(path, `#${number}`, true);
  let value: string;
  let truncated = false;
  let valueStart = reader.pos;
  switch (wireType) {
    case 0:
      value = varint(walk, () => reader.uint64(), end, `unknown field ${number}`, path).toString();
      break;
    case 1:
    case 5: {
      const size = wireType === 1 ? 8 : 4;
      need(walk, size, end, fieldPath);
      ({ value } = hexPreview(reader.buf.subarray(reader.pos, reader.pos + size), size));
      reader.pos += size;
      break;
    }
    case 2: {
      const { from, to } = lengthDelimited(walk, end, fieldPath);
      valueStart = from;
      ({ value, truncated } = hexPreview(reader.buf.subarray(from, to), walk.limits.maxBytesShown));
      reader.pos = to;
      break;
    }
    case 3:
      if (depth > walk.limits.maxDepth) throw new CodecError(`groups nested deeper than ${walk.limits.maxDepth} levels`, start, path);
      try {
        reader.skipType(3, depth, number);
      } catch (error) {
        throw new CodecError(`unknown group ${number} at byte ${start}: ${(error as Error).message}`, start, path);
      }
      if (reader.pos > end) throw new CodecError(`unknown group ${number} runs past the end of its message`, start, path);
      ({ value, truncated } = hexPreview(reader.buf.subarray(valueStart, reader.pos), walk.limits.maxBytesShown));
      break;
    default:
      throw new CodecError(`field ${number} at byte ${start} has wire type ${WIRE_TYPES[wireType]}: not valid here (wrong message type, or not protobuf?)`, start, path);
  }
  return {
    key: `#${number}`,
    path: fieldPath,
    kind: 'unknown',
    type: `field ${number}, ${WIRE_TYPES[wireType]}`,
    value,
    truncated,
    range: { start, end: reader.pos },
    valueRange: { start: valueStart, end: reader.pos },
    note: 'not in the schema',
  };
}

type Scalar = Pick<Node, 'kind' | 'type' | 'value' | 'truncated' | 'note'> & { payloadStart?: number };

function readScalar(walk: Walk, field: protobuf.Field, end: number, path: string): Scalar {
  const { reader } = walk;
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) {
    const n = varint(walk, () => reader.int32(), end, 'an enum value', path);
    const name = resolved.valuesById[n];
    return { kind: 'enum', type: resolved.fullName.slice(1), value: name ?? n, ...(name === undefined ? { note: `${n} is not a value of ${resolved.name}` } : {}) };
  }
  const type = field.type;
  if (type === 'string' || type === 'bytes') {
    // Bounds first (a hostile length fails here), then the library reads length and payload.
    const { at, from, to } = lengthDelimited(walk, end, path);
    reader.pos = at;
    if (type === 'string') return { kind: 'string', type, value: reader.string(), payloadStart: from };
    const shown = hexPreview(reader.bytes(), walk.limits.maxBytesShown);
    return { kind: 'bytes', type, value: shown.value, truncated: shown.truncated, payloadStart: from, note: `${to - from} bytes` };
  }
  const size = FIXED_SIZE[type];
  if (size !== undefined) need(walk, size, end, path);
  const read = (reader as unknown as Record<string, () => unknown>)[type];
  if (typeof read !== 'function') throw new CodecError(`${path}: unsupported field type ${type}`, reader.pos, path);
  const raw = size !== undefined ? read.call(reader) : varint(walk, () => read.call(reader), end, `${type} value`, path);
  if (type === 'bool') return { kind: 'boolean', type, value: raw as boolean };
  if (type === 'double' || type === 'float') return { kind: 'float', type, value: Number.isFinite(raw as number) ? (raw as number) : String(raw) };
  return { kind: 'integer', type, value: typeof raw === 'number' ? raw : String(raw) };
}

function lengthDelimited(walk: Walk, end: number, path: string): { at: number; from: number; to: number } {
  const at = walk.reader.pos;
  const length = varint(walk, () => walk.reader.uint32(), end, 'a length', path);
  const from = walk.reader.pos;
  if (length > end - from) {
    const scope = /[.[]/.test(path) ? `its enclosing message (byte ${end})` : `the body (byte ${end})`;
    throw new CodecError(`${path || 'the message'}: length ${length} at byte ${at} runs past the end of ${scope}, ${end - from} bytes left`, at, path);
  }
  return { at, from, to: from + length };
}

function need(walk: Walk, size: number, end: number, path: string): void {
  if (walk.reader.pos + size > end) throw new CodecError(`${path || 'the message'}: needs ${size} bytes at byte ${walk.reader.pos}, ${end - walk.reader.pos} left`, walk.reader.pos, path);
}

function varint<T>(walk: Walk, read: () => T, end: number, what: string, path: string): T {
  const at = walk.reader.pos;
  let value: T;
  try {
    value = read();
  } catch {
    throw new CodecError(`${path ? `${path}: ` : ''}truncated varint (${what}) at byte ${at}`, at, path);
  }
  if (walk.reader.pos > end) throw new CodecError(`${path ? `${path}: ` : ''}${what} at byte ${at} runs past the end of its message (byte ${end})`, at, path);
  return value;
}

function expectWire(field: protobuf.Field, wireType: number, expected: number, at: number, path: string): void {
  if (wireType !== expected) {
    throw new CodecError(
      `${path}: wire type ${WIRE_TYPES[wireType]} at byte ${at}, but ${field.name} is ${field.type} (${WIRE_TYPES[expected]}): the body does not match this message type`,
      at,
      path,
    );
  }
}

function fieldTypeName(field: protobuf.Field): string {
  if (field.map) return `map<${(field as unknown as protobuf.MapField).keyType}, ${field.type}>`;
  return `repeated ${field.type}`;
}

function defaultKind(field: protobuf.Field): TreeNode['kind'] {
  if (field.resolvedType instanceof protobuf.Type) return 'record';
  if (field.resolvedType instanceof protobuf.Enum) return 'enum';
  if (field.type === 'string') return 'string';
  if (field.type === 'bytes') return 'bytes';
  if (field.type === 'bool') return 'boolean';
  if (field.type === 'float' || field.type === 'double') return 'float';
  return 'integer';
}

function defaultValue(field: protobuf.Field): TreeNode['value'] {
  const kind = defaultKind(field);
  if (kind === 'record') return null;
  if (kind === 'enum') return (field.resolvedType as protobuf.Enum).valuesById[0] ?? 0;
  if (kind === 'string' || kind === 'bytes') return '';
  if (kind === 'boolean') return false;
  return 0;
}

export type { ByteRange };
