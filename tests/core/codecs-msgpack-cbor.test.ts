/**
 * MessagePack and CBOR: decoded by @msgpack/msgpack and cbor-x into the same tree model, each node
 * with its byte range (found by walking item heads, checked here against the libraries decoding
 * each range alone), JSON encoded back byte-exact with the libraries, hostile bodies refused in
 * bounded work.
 */
import { decode as msgpackDecode, Decoder as MsgpackDecoder, encode as msgpackEncode, ExtData } from '@msgpack/msgpack';
import { Decoder as CborDecoder, Encoder as CborEncoder, Tag } from 'cbor-x';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CBOR_ENCODE_OPTIONS, decodeBody, decodeCbor, decodeMsgpack, EMPTY_SCHEMA_SET, encodeBody, EncodeError, MSGPACK_DECODE_OPTIONS, MSGPACK_ENCODE_OPTIONS, type TreeNode } from '../../src-core/codecs';

function* nodes(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children ?? []) yield* nodes(child);
}

const sample = { id: 'o-1', n: 42, neg: -7, pi: 3.25, ok: true, none: null, list: [1, 'two', [3]], nested: { deep: { x: 1 } }, bytes: new Uint8Array([0, 1, 255]), big: 2n ** 60n };
const cborEncoder = new CborEncoder(CBOR_ENCODE_OPTIONS);
const cborDecoder = new CborDecoder({ mapsAsObjects: true, useRecords: false });

describe.each([
  {
    codec: 'msgpack' as const,
    encode: (v: unknown) => msgpackEncode(v, MSGPACK_ENCODE_OPTIONS),
    decode: (b: Uint8Array) => msgpackDecode(b, MSGPACK_DECODE_OPTIONS),
    tree: decodeMsgpack,
  },
  {
    codec: 'cbor' as const,
    encode: (v: unknown) => new Uint8Array(cborEncoder.encode(v)),
    decode: (b: Uint8Array) => cborDecoder.decode(b),
    tree: decodeCbor,
  },
])('$codec', ({ codec, encode, decode, tree }) => {
  const body = encode(sample);

  it('decodes to a tree whose every node’s range, decoded alone by the library, is that node’s value', () => {
    const decoded = tree(body);
    let checked = 0;
    const whole = decode(body) as Record<string, unknown>;
    for (const child of decoded.root.children!) {
      // A map entry's range is key and value; its valueRange the value alone.
      const value = decode(body.subarray(child.valueRange!.start, child.valueRange!.end));
      expect(value, child.path).toEqual(whole[String(child.key)]);
      checked++;
    }
    for (const node of nodes(decoded.root)) {
      if (node.kind === 'map' || node.kind === 'array' || node.path === '' || !node.range) continue;
      const range = node.valueRange ?? node.range;
      expect(() => decode(body.subarray(range.start, range.end)), node.path).not.toThrow();
      checked++;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('shows kinds and values: strings, integers (64-bit exact), floats, bytes as hex, null', () => {
    const byPath = new Map([...nodes(tree(body).root)].map((n) => [n.path, n]));
    expect(byPath.get('id')).toMatchObject({ kind: 'string', value: 'o-1' });
    expect(byPath.get('neg')).toMatchObject({ kind: 'integer', value: -7 });
    expect(byPath.get('pi')).toMatchObject({ kind: 'float', value: 3.25 });
    expect(byPath.get('bytes')).toMatchObject({ kind: 'bytes', value: '00 01 ff' });
    expect(byPath.get('none')).toMatchObject({ kind: 'null', value: null });
    expect(byPath.get('big')).toMatchObject({ kind: 'integer', value: '1152921504606846976' });
    expect(byPath.get('list[2][0]')).toMatchObject({ value: 3 });
    expect(byPath.get('nested.deep.x')).toMatchObject({ value: 1 });
  });

  it('gives a JSON form the encoder takes back to the same bytes', () => {
    const decoded = tree(body);
    expect(decoded.json).toMatchObject({ bytes: { $bytes: 'AAH/' }, big: { $bigint: '1152921504606846976' } });
    const again = encodeBody({ codec, json: JSON.stringify(decoded.json), schemas: EMPTY_SCHEMA_SET });
    expect(Buffer.from(again.bytes).equals(Buffer.from(body))).toBe(true);
  });

  it('property: any JSON value encodes byte-exact with the library and decodes back to itself', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value);
        const json = JSON.parse(text) as unknown;
        const ours = encodeBody({ codec, json: text, schemas: EMPTY_SCHEMA_SET });
        expect(Buffer.from(ours.bytes).equals(Buffer.from(encode(json)))).toBe(true);
        // A __proto__ key encodes as sent; the libraries will not hand it back (see below).
        if (!text.includes('"__proto__"')) expect(tree(ours.bytes).json).toEqual(json);
      }),
      { numRuns: 300 },
    );
  });

  it('a map key named __proto__ is encoded as an ordinary key and shown in the tree; the JSON form says what the library did', () => {
    const text = '{"__proto__":[1],"a":1}';
    const ours = encodeBody({ codec, json: text, schemas: EMPTY_SCHEMA_SET });
    expect(Buffer.from(ours.bytes).equals(Buffer.from(encode(JSON.parse(text))))).toBe(true);
    const decoded = tree(ours.bytes);
    expect(decoded.root.children!.map((c) => c.key)).toEqual(['__proto__', 'a']);
    expect(decoded.notes.join(' ')).toMatch(codec === 'msgpack' ? /no JSON form: @msgpack\/msgpack says The key __proto__ is not allowed/ : /cbor-x renames a map key __proto__ to __proto_/);
  });

  it('names a bad $bytes by its path', () => {
    expect(() => encodeBody({ codec, json: '{"a": [{"$bytes": "!!"}]}', schemas: EMPTY_SCHEMA_SET })).toThrow(EncodeError);
    expect(() => encodeBody({ codec, json: '{"a": [{"$bytes": "!!"}]}', schemas: EMPTY_SCHEMA_SET })).toThrow(/a\[0\]: \$bytes takes a base64 string/);
  });

  it('is chosen by its content-type', () => {
    const type = codec === 'msgpack' ? 'application/msgpack' : 'application/cbor';
    expect(decodeBody({ bytes: body, contentType: type })).toMatchObject({ kind: 'tree', chosenBy: 'content-type', tree: { codec } });
  });

  it.each([
    ['an empty body', new Uint8Array(), /empty/],
    ['a truncated string', codec === 'msgpack' ? [0xa5, 0x61] : [0x65, 0x61], /at byte 0/],
    ['an array claiming 2^32 - 1 items in 6 bytes', codec === 'msgpack' ? [0xdd, 0xff, 0xff, 0xff, 0xff, 0x01] : [0x9a, 0xff, 0xff, 0xff, 0xff, 0x01], /claims 4294967295 items, more than the 1 bytes left/],
    ['trailing bytes', [...encode(1), 1], /ends at byte 1, 1 bytes before the body does/],
  ] as [string, Uint8Array | number[], RegExp][])('%s: a clear error', (_, bytes, message) => {
    const decoded = decodeBody({ bytes: new Uint8Array(bytes), codec });
    expect(decoded.kind).toBe('error');
    expect((decoded as { message: string }).message).toMatch(message);
  });

  it('10 000 levels of nesting are refused at the depth limit, before the library recurses', () => {
    const open = codec === 'msgpack' ? 0x91 : 0x81; // a one-item array, again and again
    const bytes = new Uint8Array(10_001).fill(open);
    bytes[10_000] = 0x01;
    expect(decodeBody({ bytes, codec })).toMatchObject({ kind: 'error', message: expect.stringMatching(/nested deeper than 100 levels/) });
  });

  it('a long array is summarised past the node limit, every item still checked', () => {
    const long = encode(Array.from({ length: 30_000 }, (_, i) => i));
    const decoded = tree(long);
    const children = decoded.root.children!;
    expect(children.at(-1)).toMatchObject({ kind: 'more', count: 30_000 - (20_000 - 1) });
    expect(decoded.root.count).toBe(30_000);
    expect((decoded.json as number[]).length).toBe(30_000);
  });
});

describe('work stays linear (counted, not timed)', () => {
  it.each([
    ['msgpack', MsgpackDecoder.prototype as unknown as { decode: (...a: unknown[]) => unknown }, (v: unknown) => msgpackEncode(v, MSGPACK_ENCODE_OPTIONS), decodeMsgpack],
    ['cbor', CborDecoder.prototype as unknown as { decode: (...a: unknown[]) => unknown }, (v: unknown) => new Uint8Array(cborEncoder.encode(v)), decodeCbor],
  ] as const)('%s: one library call per scalar, whatever the nesting', (_, proto, encode, tree) => {
    const value = Array.from({ length: 2000 }, (_, i) => ({ k: i, s: `v${i}`, n: [i, i + 1] }));
    const body = encode(value);
    const original = proto.decode;
    let calls = 0;
    proto.decode = function (this: unknown, ...args: unknown[]) {
      calls++;
      return original.apply(this, args);
    };
    try {
      tree(body);
    } finally {
      proto.decode = original;
    }
    // Per item: 3 keys and 4 values; plus the whole body once for the JSON form.
    expect(calls).toBeLessThanOrEqual(2000 * 7 + 1);
  });
});

describe('library-specific values', () => {
  it('msgpack extensions keep their type and data, and encode back', () => {
    const body = msgpackEncode({ e: new ExtData(7, new Uint8Array([1, 2])) });
    const decoded = decodeMsgpack(body);
    expect(decoded.root.children![0]).toMatchObject({ type: 'fixext 2, type 7', value: '01 02' });
    expect(decoded.json).toEqual({ e: { $ext: 7, $data: 'AQI=' } });
    expect(Buffer.from(encodeBody({ codec: 'msgpack', json: JSON.stringify(decoded.json), schemas: EMPTY_SCHEMA_SET }).bytes).equals(Buffer.from(body))).toBe(true);
  });

  it('CBOR tags wrap their content; indefinite-length strings and arrays end at their break', () => {
    const tagged = new Uint8Array(cborEncoder.encode(new Tag('hello', 99)));
    expect(decodeCbor(tagged).root).toMatchObject({ kind: 'wrapper', type: 'tag 99', children: [{ kind: 'string', value: 'hello' }] });
    expect(decodeCbor(tagged).json).toEqual({ $tag: 99, $value: 'hello' });
    // [_ "ab" (chunked as "a" "b"), 1 ] with an indefinite array and an indefinite text string.
    const indefinite = new Uint8Array([0x9f, 0x7f, 0x61, 0x61, 0x61, 0x62, 0xff, 0x01, 0xff]);
    const decoded = decodeCbor(indefinite);
    expect(decoded.root).toMatchObject({ kind: 'array', type: 'array (indefinite)', count: 2, range: { start: 0, end: 9 } });
    expect(decoded.root.children![0]).toMatchObject({ type: 'text string (2 chunks)', value: 'ab', range: { start: 1, end: 7 } });
    // cbor-x itself refuses indefinite-length strings: the tree says so rather than invent a value.
    expect(decoded.json).toBeNull();
    expect(decoded.notes).toEqual([expect.stringMatching(/no JSON form: cbor-x says Indefinite length not supported/)]);
    expect(decodeCbor(new Uint8Array([0x9f, 0x01, 0x02, 0xff])).json).toEqual([1, 2]);
  });

  it('a CBOR epoch date shows as a date; its JSON form says it became a string', () => {
    const body = new Uint8Array([0xc1, 0x1a, 0x65, 0x53, 0xf1, 0x00]); // tag 1, 1700000000
    const decoded = decodeCbor(body);
    expect(decoded.root).toMatchObject({ type: 'tag 1', value: '2023-11-14T22:13:20.000Z' });
    expect(decoded.notes.join(' ')).toMatch(/dates became ISO strings/);
  });
});
