/**
 * Protobuf: schemas compiled from .proto text, bodies decoded into a tree whose every node points
 * at its own bytes, JSON encoded back byte-exact with protobufjs, and hostile bodies refused with
 * an error naming the byte and the field, in work linear in their size (counted, not timed).
 */
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { afterEach, describe, expect, it } from 'vitest';
import { compileProto, decodeBody, decodeProtobuf, encodeBody, compileSchemaSet, EncodeError, protoType, CodecError, type TreeNode } from '../../src-core/codecs';
import { AN_ORDER, COMMON_PROTO, SHOP_PROTO } from './fixtures/codec-schemas';

const files = [
  { name: 'shop.proto', kind: 'protobuf' as const, text: SHOP_PROTO },
  { name: 'common.proto', kind: 'protobuf' as const, text: COMMON_PROTO },
];
const schemas = compileSchemaSet(files);
const Order = protoType(schemas.proto, 'shop.Order');

function libraryBytes(type: protobuf.Type, json: object): Uint8Array {
  return type.encode(type.fromObject(json)).finish();
}

function* nodes(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children ?? []) yield* nodes(child);
}

describe('protobuf schemas', () => {
  it('compiles files that import each other and the well-known types, and lists the message types', () => {
    expect(schemas.problems).toEqual([]);
    expect(schemas.proto.messageTypes).toEqual(expect.arrayContaining(['shop.Order', 'shop.Item', 'shop.Node', 'common.Money', 'google.protobuf.Timestamp']));
  });

  it('reports a syntax error with its file and line, and keeps the other files usable', () => {
    const compiled = compileProto([
      { name: 'broken.proto', text: 'syntax = "proto3";\nmessage A {\n  string a = 1\n}\n' },
      { name: 'common.proto', text: COMMON_PROTO },
    ]);
    expect(compiled.problems).toEqual([expect.objectContaining({ file: 'broken.proto', line: 4 })]);
    expect(compiled.problems[0].message).toMatch(/expected/);
    expect(compiled.messageTypes).toEqual(['common.Money']);
  });

  it('names an import that is not among the files, and a type that does not resolve', () => {
    const compiled = compileProto([{ name: 'shop.proto', text: SHOP_PROTO }]);
    expect(compiled.problems.map((p) => p.message).join('\n')).toMatch(/imports "common.proto", which is not among/);
    expect(compiled.problems.map((p) => p.message).join('\n')).toMatch(/shop.Order: no such type/i);
    expect(compiled.messageTypes).toContain('shop.Item');
    expect(compiled.messageTypes).not.toContain('shop.Order');
  });

  it('finds a type by its short name when that is unique, and says what exists when it is not there', () => {
    expect(protoType(schemas.proto, 'Order').fullName).toBe('.shop.Order');
    expect(() => protoType(schemas.proto, 'shop.Nope')).toThrow(/no protobuf message type "shop.Nope".*shop.Order/);
  });
});

describe('protobuf decoding', () => {
  const body = libraryBytes(Order, AN_ORDER);

  it('gives the value protobufjs gives, as JSON the encoder takes back byte-exact', () => {
    const tree = decodeProtobuf(body, Order);
    expect(tree.json).toEqual(Order.toObject(Order.decode(body), { longs: String, enums: String, bytes: String, json: true }));
    const again = encodeBody({ codec: 'protobuf', messageType: 'shop.Order', json: JSON.stringify(tree.json), schemas });
    expect(Buffer.from(again.bytes).equals(Buffer.from(body))).toBe(true);
    expect(again.contentType).toBe('application/x-protobuf; messageType=shop.Order');
  });

  it('shows 64-bit integers exactly, enums by name, bytes as hex, maps by key', () => {
    const tree = decodeProtobuf(body, Order);
    const byPath = new Map([...nodes(tree.root)].map((n) => [n.path, n]));
    expect(byPath.get('total_cents')?.value).toBe('9007199254740993');
    expect(byPath.get('big')?.value).toBe('18446744073709551615');
    expect(byPath.get('delta')?.value).toBe('-5');
    expect(byPath.get('status')).toMatchObject({ kind: 'enum', value: 'PAID' });
    expect(byPath.get('blob')).toMatchObject({ kind: 'bytes', value: '00 01 02 ff' });
    expect(byPath.get('attrs["colour"]')).toMatchObject({ key: 'colour', value: 7 });
    expect(byPath.get('items[1].sku')?.value).toBe('pear');
    expect(byPath.get('price.currency')?.value).toBe('EUR');
  });

  it('every field node covers exactly its own bytes: parsed alone as its parent type, the range gives that field and only it', () => {
    const tree = decodeProtobuf(body, Order);
    const plain = (type: protobuf.Type, bytes: Uint8Array) => type.toObject(type.decode(bytes), { longs: String, enums: String, bytes: String, json: true });
    let checked = 0;
    const check = (record: TreeNode, type: protobuf.Type) => {
      for (const child of record.children ?? []) {
        const field = type.fields[String(child.key)];
        if (!field) continue;
        const slices = field.repeated || field.map ? (child.children ?? []) : [child];
        for (const slice of slices) {
          if (field.repeated && !(field.resolvedType instanceof protobuf.Type) && field.type !== 'string' && field.type !== 'bytes') continue; // packed: below
          const alone = plain(type, body.subarray(slice.range!.start, slice.range!.end));
          expect(Object.keys(alone), slice.path).toEqual([field.name]);
          if (field.map) expect(Object.keys(alone[field.name] as object), slice.path).toEqual([slice.key]);
          else if (field.repeated) expect(alone[field.name], slice.path).toHaveLength(1);
          checked++;
          if (field.resolvedType instanceof protobuf.Type && slice.kind === 'record') check(slice, field.resolvedType);
        }
      }
    };
    check(tree.root, Order);
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  it('packed elements each point at their own varint', () => {
    const tree = decodeProtobuf(body, Order);
    const codes = tree.root.children!.find((n) => n.key === 'codes')!;
    expect(codes.children!.map((c) => c.value)).toEqual([1, 300, -1]);
    for (const element of codes.children!) {
      const reader = protobuf.Reader.create(body.subarray(element.range!.start, element.range!.end));
      expect(reader.int32()).toBe(element.value);
      expect(reader.pos).toBe(reader.len);
    }
  });

  it('keeps fields the schema does not know, with their number, wire type and bytes', () => {
    const writer = protobuf.Writer.create();
    writer.uint32((99 << 3) | 2).bytes(new Uint8Array([1, 2, 3]));
    writer.uint32((1 << 3) | 2).string('x');
    const tree = decodeProtobuf(writer.finish(), Order);
    expect(tree.root.children![0]).toMatchObject({ kind: 'unknown', key: '#99', value: '01 02 03', range: { start: 0, end: 6 }, note: 'not in the schema' });
    expect(tree.root.children![1]).toMatchObject({ key: 'id', value: 'x' });
  });

  it('property: any order protobufjs encodes decodes to the same JSON and encodes back to the same bytes', () => {
    const item = fc.record({ sku: fc.string({ maxLength: 8 }), qty: fc.nat(1000) }, { requiredKeys: [] });
    const order = fc.record(
      {
        id: fc.string({ maxLength: 12 }),
        total_cents: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
        items: fc.array(item, { maxLength: 4 }),
        attrs: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer({ min: -1000, max: 1000 }), { maxKeys: 3 }),
        status: fc.constantFrom('NEW', 'PAID', 'SHIPPED'),
        codes: fc.array(fc.integer(), { maxLength: 5 }),
        // -0 is not JSON: JSON.stringify writes it as 0.
        ratio: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
        urgent: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(order, (value) => {
        const bytes = libraryBytes(Order, value);
        const tree = decodeProtobuf(bytes, Order);
        const again = encodeBody({ codec: 'protobuf', messageType: 'shop.Order', json: JSON.stringify(tree.json), schemas });
        expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
        for (const node of nodes(tree.root)) if (node.range) expect(node.range.end).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 200 },
    );
  });

  it('is chosen by the content-type parameter, or by the destination mapping', () => {
    const byType = decodeBody({ bytes: body, contentType: 'application/x-protobuf; messageType="shop.Order"', schemas });
    expect(byType).toMatchObject({ kind: 'tree', chosenBy: 'content-type', tree: { messageType: 'shop.Order' } });
    const mapped = compileSchemaSet(files, [{ destination: '/queue/orders.*', codec: 'protobuf', messageType: 'shop.Order' }]);
    expect(decodeBody({ bytes: body, destination: '/queue/orders.eu', schemas: mapped })).toMatchObject({ kind: 'tree', chosenBy: 'destination' });
    expect(decodeBody({ bytes: body, contentType: 'application/x-protobuf', schemas })).toMatchObject({ kind: 'error', message: expect.stringMatching(/does not say its message type/) });
  });
});

describe('protobuf encoding errors name the field', () => {
  const encode = (json: unknown) => {
    try {
      encodeBody({ codec: 'protobuf', messageType: 'shop.Order', json: JSON.stringify(json), schemas });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(EncodeError);
      return (error as EncodeError).issues;
    }
  };

  it('lists every wrong field with its path', () => {
    const issues = encode({ id: 5, items: [{ sku: 'a', qty: 'x' }, { qty: -1 }], status: 'LOST', colour: 1, attrs: { a: 'b' }, total_cents: '12x', email: 'a', phone: 'b' });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'id', message: 'expected a string, got number 5' },
        { path: 'items[0].qty', message: 'expected an integer (uint32), got the string "x"' },
        { path: 'items[1].qty', message: expect.stringMatching(/-1 is out of range for uint32/) },
        { path: 'status', message: expect.stringMatching(/"LOST" is not a value of Status \(one of NEW, PAID, SHIPPED\)/) },
        { path: 'colour', message: expect.stringMatching(/Order has no field "colour"/) },
        { path: 'attrs["a"]', message: expect.stringMatching(/expected an integer/) },
        { path: 'total_cents', message: expect.stringMatching(/expected an integer \(int64\)/) },
        { path: 'phone', message: expect.stringMatching(/only one of the oneof contact/) },
      ]),
    );
  });

  it('says where invalid JSON breaks', () => {
    expect(() => encodeBody({ codec: 'protobuf', messageType: 'shop.Order', json: '{\n  "id": "a",\n  oops\n}', schemas })).toThrow(/line 3, column 3/);
  });

  it('refuses an unsafe JSON number for a 64-bit field and asks for a string', () => {
    expect(encode({ total_cents: 2 ** 60 })).toEqual([{ path: 'total_cents', message: expect.stringMatching(/write it as a string/) }]);
  });
});

describe('hostile protobuf bodies', () => {
  const Node = protoType(schemas.proto, 'shop.Node');
  let reads = 0;
  const originalUint32 = protobuf.Reader.prototype.uint32;
  afterEach(() => {
    protobuf.Reader.prototype.uint32 = originalUint32;
  });

  it.each([
    ['a truncated varint', [0x10, 0xff, 0xff], /total_cents: truncated varint .* at byte 1/],
    ['a truncated tag', [0x80], /truncated varint \(a field tag\) at byte 0/],
    ['a length past the end', [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x41], /id: length 4294967295 at byte 1 runs past the end/],
    ['a nested length past its message', [0x4a, 0x03, 0x0a, 0x05, 0x41], /price.currency: length 5 at byte 3 runs past the end of its enclosing message/],
    ['field number 0', [0x00, 0x01], /field number 0 at byte 0/],
    ['a wire type that does not match', [0x0d, 1, 2, 3, 4], /id: wire type 32-bit at byte 0, but id is string/],
    ['an invalid wire type', [0xff, 0x07], /wire type invalid \(7\)/],
  ])('%s: a CodecError naming the byte and field', (_, bytes, message) => {
    const decoded = decodeBody({ bytes: new Uint8Array(bytes), codec: 'protobuf', messageType: 'shop.Order', schemas });
    expect(decoded.kind).toBe('error');
    expect((decoded as { message: string }).message).toMatch(message);
  });

  it('nesting beyond 100 levels is refused before any recursion runs away', () => {
    let bytes = Node.encode({ value: 1 }).finish();
    for (let i = 0; i < 150; i++) bytes = wrap(bytes);
    expect(() => decodeProtobuf(bytes, Node)).toThrow(CodecError);
    expect(() => decodeProtobuf(bytes, Node)).toThrow(/deeper than 100 levels/);
  });

  it('work stays linear: 256 KiB of two-byte fields costs one tag read per field, and the tree is capped', () => {
    const size = 256 * 1024;
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i += 2) bytes.set([0x68, 0x01], i); // urgent = true, again and again
    reads = 0;
    protobuf.Reader.prototype.uint32 = function (this: protobuf.Reader) {
      reads++;
      return originalUint32.call(this);
    };
    const tree = decodeProtobuf(bytes, Order);
    expect(reads).toBeLessThanOrEqual(size / 2 + 10);
    expect(tree.root.children).toHaveLength(1);
    expect(tree.root.children![0].note).toMatch(/urgent appears 131072 times/);
  });

  function wrap(inner: Uint8Array): Uint8Array {
    const writer = protobuf.Writer.create();
    writer.uint32((1 << 3) | 2).bytes(inner);
    return writer.finish();
  }
});
