/**
 * A MessagePack body as a tree with byte ranges: the item heads are walked (msgpack-head.ts) to
 * find each node's bytes, each scalar is decoded by @msgpack/msgpack from exactly its bytes, and
 * the library decodes the whole body for the JSON form. Counts are checked against the bytes left
 * (every item takes at least one), nesting is capped: linear in the body, whatever it claims.
 */
import { decode, Decoder, ExtData } from '@msgpack/msgpack';
import { base64, toJsonForm } from '../json-form';
import { leafFields } from '../leaf-node';
import { hexPreview, NodeBudget } from '../node-budget';
import { childPath, CodecError, DEFAULT_DECODE_LIMITS, type DecodedTree, type DecodeLimits, type TreeNode } from '../tree';
import { msgpackHead } from './msgpack-head';

type Node = { -readonly [K in keyof TreeNode]: TreeNode[K] } & { children?: TreeNode[] };

/** 64-bit integers as BigInt, so none is rounded. */
export const MSGPACK_DECODE_OPTIONS = { useBigInt64: true } as const;

interface Walk {
  readonly bytes: Uint8Array;
  readonly budget: NodeBudget;
  readonly limits: DecodeLimits;
  readonly decoder: Decoder;
}

export function decodeMsgpack(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedTree {
  if (bytes.length === 0) throw new CodecError('the body is empty: no MessagePack value', 0);
  const walk: Walk = { bytes, budget: new NodeBudget(limits), limits, decoder: new Decoder(MSGPACK_DECODE_OPTIONS) };
  const { node, end } = item(walk, 0, '', undefined, 0);
  if (end !== bytes.length) throw new CodecError(`the value ends at byte ${end}, ${bytes.length - end} bytes before the body does (several values, or not MessagePack?)`, end);
  let whole: unknown;
  try {
    whole = decode(bytes, MSGPACK_DECODE_OPTIONS);
  } catch (error) {
    // The walk found the body well formed: this is something the library refuses (a map key
    // named __proto__). The tree stands; the JSON form is missing and the note says why.
    return { codec: 'msgpack', root: node!, json: null, nodeCount: walk.budget.built, notes: [`no JSON form: @msgpack/msgpack says ${(error as Error).message}`] };
  }
  const { json, notes } = toJsonForm(whole, extension);
  if (walk.budget.skipped > 0) notes.push(`${walk.budget.skipped} nodes not shown (limit ${limits.maxNodes})`);
  return { codec: 'msgpack', root: node!, json, nodeCount: walk.budget.built, notes };
}

function extension(value: object): unknown {
  if (!(value instanceof ExtData)) return undefined;
  return { $ext: value.type, $data: base64(value.data instanceof Uint8Array ? value.data : new Uint8Array()) };
}

function item(walk: Walk, pos: number, path: string, key: string | number | undefined, depth: number): { node?: Node; end: number } {
  if (depth > walk.limits.maxDepth) throw new CodecError(`nested deeper than ${walk.limits.maxDepth} levels`, pos, path);
  const { bytes } = walk;
  const head = msgpackHead(bytes, pos, path);
  const build = walk.budget.take();
  const keyed = key !== undefined ? { key } : {};
  if (head.kind === 'scalar') {
    if (head.end > bytes.length) throw new CodecError(`${path || 'value'}: ${head.type} at byte ${pos} needs ${head.end - pos} bytes, ${bytes.length - pos} left`, pos, path);
    if (!build) return { end: head.end };
    const value = scalar(walk, pos, head.end, path);
    if (value instanceof ExtData) {
      const data = value.data instanceof Uint8Array ? value.data : new Uint8Array();
      const shown = hexPreview(data, walk.limits.maxBytesShown);
      return { node: { ...keyed, path, kind: 'bytes', type: `${head.type}, type ${value.type}`, value: shown.value, truncated: shown.truncated, note: 'an extension type', range: { start: pos, end: head.end } }, end: head.end };
    }
    const leaf = leafFields(value, walk.limits.maxBytesShown, head.type.startsWith('float'));
    return { node: { ...keyed, path, type: head.type, ...leaf, range: { start: pos, end: head.end } }, end: head.end };
  }
  const isMap = head.kind === 'map';
  const items = isMap ? head.count * 2 : head.count;
  if (items > bytes.length - head.headerEnd) {
    throw new CodecError(`${path || 'value'}: ${head.type} at byte ${pos} claims ${head.count} ${isMap ? 'entries' : 'items'}, more than the ${bytes.length - head.headerEnd} bytes left can hold`, pos, path);
  }
  const children: Node[] = [];
  let at = head.headerEnd;
  let skipped = 0;
  let skippedFrom = -1;
  for (let i = 0; i < head.count; i++) {
    const itemStart = at;
    let childKey: string | number = i;
    if (isMap) {
      const keyEnd = msgpackHead(bytes, at, path);
      if (keyEnd.kind === 'scalar') {
        if (keyEnd.end > bytes.length) throw new CodecError(`${path || 'value'}: truncated map key at byte ${at}`, at, path);
        const k = scalar(walk, at, keyEnd.end, path);
        childKey = typeof k === 'string' ? k : leafFields(k, 16, false).value?.toString() ?? 'null';
        at = keyEnd.end;
      } else {
        // A container as a key (the format allows it): shown by its position.
        childKey = `(key at byte ${at})`;
        at = item(walk, at, path, undefined, depth + 1).end;
      }
    }
    const childPathText = childPath(path, childKey);
    const valueStart = at;
    const child = item(walk, at, childPathText, childKey, depth + 1);
    at = child.end;
    if (child.node && build) {
      if (isMap) Object.assign(child.node, { range: { start: itemStart, end: at }, valueRange: { start: valueStart, end: at } });
      children.push(child.node);
    } else if (build) {
      skipped++;
      if (skippedFrom < 0) skippedFrom = itemStart;
    }
  }
  if (!build) return { end: at };
  if (skipped > 0) children.push(NodeBudget.more(path, skipped, skippedFrom, at) as Node);
  return { node: { ...keyed, path, kind: head.kind, type: head.type, children, count: head.count, range: { start: pos, end: at } }, end: at };
}

function scalar(walk: Walk, start: number, end: number, path: string): unknown {
  try {
    return walk.decoder.decode(walk.bytes.subarray(start, end));
  } catch (error) {
    throw new CodecError(`${path || 'value'}: at byte ${start}: ${(error as Error).message}`, start, path);
  }
}
