/**
 * A CBOR body as a tree with byte ranges: item heads are walked (cbor-head.ts) to find each node's
 * bytes, including indefinite-length strings, arrays and maps up to their break; each scalar is
 * decoded by cbor-x from exactly its bytes; a tag is a node around its content; cbor-x decodes the
 * whole body for the JSON form. Lengths and counts are checked against the bytes left, nesting is
 * capped: linear in the body, whatever it claims.
 */
import { Decoder, Tag } from 'cbor-x';
import { toJsonForm } from '../json-form';
import { leafFields } from '../leaf-node';
import { NodeBudget } from '../node-budget';
import { childPath, CodecError, DEFAULT_DECODE_LIMITS, type DecodedTree, type DecodeLimits, type TreeNode } from '../tree';
import { cborHead, MAJOR_NAMES } from './cbor-head';
import { joinBytes } from '../../protocol/join-bytes';

type Node = { -readonly [K in keyof TreeNode]: TreeNode[K] } & { children?: TreeNode[] };

/** The CBOR text string "__proto__". */
const PROTO_KEY = new Uint8Array([0x69, ...new TextEncoder().encode('__proto__')]);

export const CBOR_DECODE_OPTIONS = { mapsAsObjects: true, useRecords: false } as const;

interface Walk {
  readonly bytes: Uint8Array;
  readonly budget: NodeBudget;
  readonly limits: DecodeLimits;
  readonly decoder: Decoder;
}

export function decodeCbor(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): DecodedTree {
  if (bytes.length === 0) throw new CodecError('the body is empty: no CBOR value', 0);
  const walk: Walk = { bytes, budget: new NodeBudget(limits), limits, decoder: new Decoder(CBOR_DECODE_OPTIONS) };
  const { node, end } = item(walk, 0, '', undefined, 0);
  if (end !== bytes.length) throw new CodecError(`the value ends at byte ${end}, ${bytes.length - end} bytes before the body does (a CBOR sequence, or not CBOR?)`, end);
  let whole: unknown;
  try {
    whole = new Decoder(CBOR_DECODE_OPTIONS).decode(bytes);
  } catch (error) {
    // The walk found the body well formed, so this is something cbor-x does not support
    // (indefinite-length strings): the tree stands, the JSON form is missing.
    const note = `no JSON form: cbor-x says ${(error as Error).message}`;
    return { codec: 'cbor', root: node!, json: null, nodeCount: walk.budget.built, notes: [note] };
  }
  const { json, notes } = toJsonForm(whole, (v) => (v instanceof Tag ? { $tag: v.tag, $value: v.value } : undefined));
  if (includesBytes(bytes, PROTO_KEY)) notes.push('cbor-x renames a map key __proto__ to __proto_ in the JSON form (its guard against prototype pollution); the tree shows it as sent');
  if (walk.budget.skipped > 0) notes.push(`${walk.budget.skipped} nodes not shown (limit ${limits.maxNodes})`);
  return { codec: 'cbor', root: node!, json, nodeCount: walk.budget.built, notes };
}

function item(walk: Walk, pos: number, path: string, key: string | number | undefined, depth: number): { node?: Node; end: number } {
  if (depth > walk.limits.maxDepth) throw new CodecError(`nested deeper than ${walk.limits.maxDepth} levels`, pos, path);
  const { bytes } = walk;
  const head = cborHead(bytes, pos, path);
  if (head.isBreak) throw new CodecError(`${path || 'value'}: a break (0xff) at byte ${pos} outside an indefinite-length item`, pos, path);
  const build = walk.budget.take();
  const keyed = key !== undefined ? { key } : {};
  const left = bytes.length - head.headerEnd;
  switch (head.major) {
    case 2:
    case 3: {
      if (head.argument >= 0) {
        if (head.argument > left) throw new CodecError(`${path || 'value'}: ${MAJOR_NAMES[head.major]} of ${head.argument} bytes at byte ${pos}, ${left} left`, pos, path);
        return { node: build ? scalarNode(walk, pos, head.headerEnd + head.argument, path, keyed, MAJOR_NAMES[head.major]) : undefined, end: head.headerEnd + head.argument };
      }
      // cbor-x does not decode indefinite-length strings: each definite chunk goes through it alone.
      const parts = chunks(walk, head.headerEnd, head.major, path);
      const end = parts.end;
      if (!build) return { end };
      const values = parts.ranges.map(([from, to]) => decodeSlice(walk, from, to, path));
      const joined = head.major === 3 ? (values as string[]).join('') : joinBytes(values as Uint8Array[]);
      const leaf = leafFields(joined, walk.limits.maxBytesShown, false);
      return { node: { ...keyed, path, type: `${MAJOR_NAMES[head.major]} (${parts.ranges.length} chunks)`, ...leaf, range: { start: pos, end } }, end };
    }
    case 4:
    case 5:
      return container(walk, pos, head.headerEnd, head.major === 5, head.argument, path, keyed, depth, build);
    case 6: {
      const content = item(walk, head.headerEnd, childPath(path, 'value', true), 'value', depth + 1);
      if (!build) return { end: content.end };
      const contentNode = content.node;
      const simple = contentNode && !contentNode.children;
      // What cbor-x makes of a tag over a scalar (a date for tags 0 and 1, a bigint for 2 and 3).
      const shown = simple ? tagValue(walk, pos, content.end, path) : undefined;
      return {
        node: { ...keyed, path, kind: 'wrapper', type: `tag ${head.argument}`, ...(shown ? { value: shown.value, truncated: shown.truncated, note: shown.note } : {}), children: contentNode ? [contentNode] : [], count: 1, range: { start: pos, end: content.end } },
        end: content.end,
      };
    }
    default:
      // Integers, simple values and floats: the head is the whole item.
      return { node: build ? scalarNode(walk, pos, head.headerEnd, path, keyed, head.major === 7 ? floatName(bytes[pos] & 0x1f) : MAJOR_NAMES[head.major]) : undefined, end: head.headerEnd };
  }
}

function container(walk: Walk, pos: number, from: number, isMap: boolean, count: number, path: string, keyed: { key?: string | number }, depth: number, build: boolean): { node?: Node; end: number } {
  const { bytes } = walk;
  if (count >= 0 && (isMap ? count * 2 : count) > bytes.length - from) {
    throw new CodecError(`${path || 'value'}: ${isMap ? 'map' : 'array'} at byte ${pos} claims ${count} ${isMap ? 'entries' : 'items'}, more than the ${bytes.length - from} bytes left can hold`, pos, path);
  }
  const children: Node[] = [];
  let at = from;
  let index = 0;
  let skipped = 0;
  let skippedFrom = -1;
  for (;;) {
    if (count >= 0 ? index >= count : cborHead(bytes, at, path).isBreak) break;
    const itemStart = at;
    let childKey: string | number = index;
    if (isMap) {
      const keyItem = item(walk, at, path, undefined, depth + 1);
      childKey = keyItem.node && !keyItem.node.children ? String(keyItem.node.value) : `(key at byte ${at})`;
      at = keyItem.end;
    }
    const valueStart = at;
    const child = item(walk, at, childPath(path, childKey), childKey, depth + 1);
    at = child.end;
    if (child.node && build) {
      if (isMap) Object.assign(child.node, { range: { start: itemStart, end: at }, valueRange: { start: valueStart, end: at } });
      children.push(child.node);
    } else if (build) {
      skipped++;
      if (skippedFrom < 0) skippedFrom = itemStart;
    }
    index++;
  }
  if (count < 0) at++; // the break
  if (!build) return { end: at };
  if (skipped > 0) children.push(NodeBudget.more(path, skipped, skippedFrom, at) as Node);
  const kind = isMap ? 'map' : 'array';
  return { node: { ...keyed, path, kind, type: count < 0 ? `${kind} (indefinite)` : kind, children, count: index, range: { start: pos, end: at } }, end: at };
}

/** The chunks of an indefinite-length string: definite strings of the same major type, then a break. */
function chunks(walk: Walk, from: number, major: number, path: string): { end: number; ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  let at = from;
  for (;;) {
    const head = cborHead(walk.bytes, at, path);
    if (head.isBreak) return { end: at + 1, ranges };
    if (head.major !== major || head.argument < 0) throw new CodecError(`${path || 'value'}: chunk at byte ${at} of an indefinite ${MAJOR_NAMES[major]} is not a definite ${MAJOR_NAMES[major]}`, at, path);
    if (head.argument > walk.bytes.length - head.headerEnd) throw new CodecError(`${path || 'value'}: chunk of ${head.argument} bytes at byte ${at} runs past the end`, at, path);
    ranges.push([at, head.headerEnd + head.argument]);
    at = head.headerEnd + head.argument;
  }
}

function scalarNode(walk: Walk, start: number, end: number, path: string, keyed: { key?: string | number }, type: string): Node {
  const value = decodeSlice(walk, start, end, path);
  return { ...keyed, path, type, ...leafFields(value, walk.limits.maxBytesShown, type.startsWith('float')), range: { start, end } };
}

function decodeSlice(walk: Walk, start: number, end: number, path: string): unknown {
  try {
    return walk.decoder.decode(walk.bytes.subarray(start, end));
  } catch (error) {
    throw new CodecError(`${path || 'value'}: at byte ${start}: ${(error as Error).message}`, start, path);
  }
}

/** Best effort: cbor-x may not take every content a tag can wrap (e.g. an indefinite string). */
function tagValue(walk: Walk, start: number, end: number, path: string): ReturnType<typeof leafFields> | undefined {
  try {
    return leafFields(decodeSlice(walk, start, end, path), walk.limits.maxBytesShown, false);
  } catch {
    return undefined;
  }
}

function includesBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = haystack.indexOf(needle[0]); i >= 0 && i <= haystack.length - needle.length; i = haystack.indexOf(needle[0], i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function floatName(info: number): string {
  if (info === 25) return 'float 16';
  if (info === 26) return 'float 32';
  if (info === 27) return 'float 64';
  return 'simple value';
}
