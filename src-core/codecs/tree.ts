/**
 * The one tree every schema-aware decoder produces, shaped like a JSON tree, where each node says
 * which bytes of the body it came from: `range` is [start, end) in the body, so a viewer can
 * highlight a field's bytes in the hex view. A decoder that cannot know a node's bytes leaves
 * `range` out and says why in `noRange`; it never guesses.
 */

export const CODECS = ['protobuf', 'avro', 'msgpack', 'cbor'] as const;
export type SchemaCodec = (typeof CODECS)[number];

export interface ByteRange {
  /** First byte of the node, inclusive. */
  readonly start: number;
  /** One past its last byte. */
  readonly end: number;
}

export type NodeKind =
  /** A protobuf message or Avro record: named fields. */
  | 'record'
  /** Keys to values (protobuf map, Avro map, msgpack/CBOR map). */
  | 'map'
  | 'array'
  | 'string'
  | 'bytes'
  | 'integer'
  | 'float'
  | 'boolean'
  | 'null'
  | 'enum'
  /** An Avro union branch, a CBOR tag, a msgpack extension: one wrapped child. */
  | 'wrapper'
  /** A protobuf field the schema does not know: its number, wire type and raw bytes. */
  | 'unknown'
  /** Children left out beyond the node limit; `count` says how many. */
  | 'more';

export interface TreeNode {
  /** Field name, array index or map key; absent for the root. */
  readonly key?: string | number;
  /** Where the node sits, e.g. `items[2].sku` or `attrs["colour"]`; "" for the root. */
  readonly path: string;
  readonly kind: NodeKind;
  /** The schema's word for it: `int32`, `shop.Item`, `long`, `fixext 1`, `tag 1`... */
  readonly type?: string;
  /**
   * A scalar's value for display: 64-bit integers as decimal strings (exact), bytes as hex
   * (cut after 64 bytes; `truncated` says so), floats as numbers (NaN and infinities as strings).
   */
  readonly value?: string | number | boolean | null;
  /** The node's bytes in the body: for a protobuf field, its tag and length prefix included. */
  readonly range?: ByteRange;
  /** Protobuf only: the payload without tag and length prefix. */
  readonly valueRange?: ByteRange;
  /** Why the node has no range. */
  readonly noRange?: string;
  readonly children?: readonly TreeNode[];
  /** Items in a container, or children left out for `more`. */
  readonly count?: number;
  /** A value cut for display (long bytes). */
  readonly truncated?: boolean;
  /** One line worth knowing, e.g. "field 7 appeared twice: the last value counts". */
  readonly note?: string;
}

export interface DecodedTree {
  readonly codec: SchemaCodec;
  /** The protobuf message type or Avro schema name the body was read as. */
  readonly messageType?: string;
  readonly root: TreeNode;
  /**
   * The value as JSON that the encoder for this codec and type takes back, so "edit and send"
   * starts from it: protobuf's JSON mapping (64-bit integers and bytes as strings), Avro's JSON
   * encoding, and for msgpack/CBOR plain JSON with `{"$bytes": base64}` for binary.
   */
  readonly json: unknown;
  /** Nodes in the tree (capped: see DecodeLimits.maxNodes). */
  readonly nodeCount: number;
  /** Things the reader should know: a single-object header, skipped children, imprecise numbers. */
  readonly notes: readonly string[];
}

/** Bounds that keep hostile input from costing more than linear time and bounded memory. */
export interface DecodeLimits {
  /** Nesting deeper than this is an error (protoc's default recursion limit is 100). */
  readonly maxDepth: number;
  /** Nodes built for display; the rest is still checked, but summarised as `more`. */
  readonly maxNodes: number;
  /** Bytes shown per bytes value. */
  readonly maxBytesShown: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDepth: 100, maxNodes: 20_000, maxBytesShown: 64 };

/** A body that does not decode: what is wrong, where in the body, and in which field. */
export class CodecError extends Error {
  constructor(
    message: string,
    /** Byte offset in the body where reading failed, when known. */
    readonly offset?: number,
    /** The field being read, e.g. `items[2].sku`. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'CodecError';
  }
}

/** One problem of a value that does not encode: where it is and what is wrong with it. */
export interface FieldIssue {
  /** `items[2].qty`; "" for the value as a whole. */
  readonly path: string;
  readonly message: string;
}

export class EncodeError extends Error {
  constructor(readonly issues: readonly FieldIssue[]) {
    super(
      issues
        .slice(0, 5)
        .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
        .join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : ''),
    );
    this.name = 'EncodeError';
  }
}

/** `items` + 2 → `items[2]`; `order` + `id` → `order.id`; keys that are not identifiers are quoted. */
export function childPath(parent: string, key: string | number, asMapKey = false): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!asMapKey && /^[A-Za-z_$][\w$]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}
