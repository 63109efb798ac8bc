/**
 * Avro: .avsc files compiled with avsc into one registry, bodies (raw or single-object encoded)
 * decoded field by field into a tree with byte ranges, JSON (Avro's JSON encoding) encoded back
 * byte-exact with avsc, hostile bodies refused in bounded work.
 */
import avro from 'avsc';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compileAvro, compileSchemaSet, decodeAvro, decodeBody, encodeBody, EncodeError, rabinFingerprint, schemaFingerprint, type TreeNode } from '../../src-core/codecs';
import { AN_AVRO_ORDER, LINE_AVSC, ORDER_AVSC } from './fixtures/codec-schemas';

// Order refers to Line, which comes second: the compiler must not care about file order.
const schemas = compileSchemaSet([
  { name: 'order.avsc', kind: 'avro', text: ORDER_AVSC },
  { name: 'line.avsc', kind: 'avro', text: LINE_AVSC },
]);
const Order = schemas.avro.types.get('shop.avro.Order')!;
const bytesOf = (json: unknown) => {
  const buf = Order.toBuffer(Order.fromString(JSON.stringify(json)));
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
};

function* nodes(node: TreeNode): Generator<TreeNode> {
  yield node;
  for (const child of node.children ?? []) yield* nodes(child);
}

describe('Avro schemas', () => {
  it('compiles files in any order into one registry and lists records first', () => {
    expect(schemas.problems).toEqual([]);
    expect(schemas.avro.messageTypes.slice(0, 2)).toEqual(['shop.avro.Line', 'shop.avro.Order']);
    expect(schemas.avro.messageTypes).toEqual(expect.arrayContaining(['shop.avro.Status', 'shop.avro.Hash']));
  });

  it('reports invalid JSON with its line and column, and an unknown type by name', () => {
    const compiled = compileAvro([
      { name: 'bad.avsc', text: '{\n  "type": "record",\n  "name": "A",\n  "fields": [ oops ]\n}' },
      { name: 'missing.avsc', text: JSON.stringify({ type: 'record', name: 'B', fields: [{ name: 'x', type: 'Nowhere' }] }) },
    ]);
    expect(compiled.problems).toEqual([
      expect.objectContaining({ file: 'bad.avsc', line: 4, column: 15, message: expect.stringMatching(/^not valid JSON at line 4, column 15: Unexpected token/) }),
      expect.objectContaining({ file: 'missing.avsc', message: expect.stringMatching(/undefined type name: Nowhere/) }),
    ]);
  });

  it('fingerprints with CRC-64-AVRO as the Avro project publishes it', () => {
    const fp = (s: string) => BigInt.asIntN(64, rabinFingerprint(new TextEncoder().encode(s)));
    expect(fp('"null"')).toBe(7195948357588979594n);
    expect(fp('"int"')).toBe(8247732601305521295n);
    expect(fp('{"name":"foo","type":"record","fields":[{"name":"f1","type":"boolean"}]}')).toBe(7843277075252814651n);
    expect(fp('{"name":"PigValue","type":"record","fields":[{"name":"value","type":["null","int","long","PigValue"]}]}')).toBe(-1759257747318642341n);
    // avsc's schema() is the Parsing Canonical Form the fingerprint is taken of.
    const foo = avro.Type.forSchema({ type: 'record', name: 'foo', doc: 'ignored', fields: [{ name: 'f1', type: 'boolean', default: true }] } as avro.Schema);
    expect(Buffer.from(schemaFingerprint(foo)).readBigInt64LE()).toBe(7843277075252814651n);
  });
});

describe('Avro decoding', () => {
  const body = bytesOf(AN_AVRO_ORDER);

  it('gives avsc’s value as Avro JSON, which encodes back byte-exact', () => {
    const tree = decodeAvro(body, schemas.avro, 'shop.avro.Order');
    expect(tree.json).toEqual(AN_AVRO_ORDER);
    const again = encodeBody({ codec: 'avro', messageType: 'Order', json: JSON.stringify(tree.json), schemas });
    expect(Buffer.from(again.bytes).equals(Buffer.from(body))).toBe(true);
    expect(again.contentType).toBe('application/avro; messageType=shop.avro.Order');
  });

  it('every node covers exactly its own bytes: avsc reads the same value back from the range alone', () => {
    const tree = decodeAvro(body, schemas.avro, 'shop.avro.Order');
    const fieldTypes = new Map((Order as unknown as { fields: { name: string; type: avro.Type }[] }).fields.map((f) => [f.name, f.type]));
    let checked = 0;
    for (const node of tree.root.children!) {
      const type = fieldTypes.get(String(node.key))!;
      const alone = type.fromBuffer(Buffer.from(body.subarray(node.range!.start, node.range!.end)));
      expect(JSON.parse(type.toString(alone)), node.path).toEqual((AN_AVRO_ORDER as Record<string, unknown>)[String(node.key)]);
      checked++;
    }
    const line = [...nodes(tree.root)].find((n) => n.path === 'lines[1].price')!;
    expect(avro.Type.forSchema('double').fromBuffer(Buffer.from(body.subarray(line.range!.start, line.range!.end)))).toBe(2);
    expect(checked).toBe(12);
  });

  it('shows union branches, enums, fixed and map entries', () => {
    const byPath = new Map([...nodes(decodeAvro(body, schemas.avro, 'Order').root)].map((n) => [n.path, n]));
    expect(byPath.get('note')).toMatchObject({ kind: 'wrapper', type: 'union → string' });
    expect(byPath.get('note["string"]')).toMatchObject({ value: 'leave at door' });
    expect(byPath.get('status')).toMatchObject({ kind: 'enum', value: 'PAID' });
    expect(byPath.get('hash')).toMatchObject({ kind: 'bytes', value: '00 01 fe ff' });
    expect(byPath.get('attrs["x"]')).toMatchObject({ value: 1.5 });
  });

  it('reads single-object encoding by its fingerprint, without being told the schema', () => {
    const single = encodeBody({ codec: 'avro', messageType: 'shop.avro.Order', json: JSON.stringify(AN_AVRO_ORDER), schemas, avroSingleObject: true });
    expect(Array.from(single.bytes.subarray(0, 2))).toEqual([0xc3, 0x01]);
    expect(Buffer.from(single.bytes.subarray(10)).equals(Buffer.from(body))).toBe(true);
    const decoded = decodeBody({ bytes: single.bytes, contentType: 'application/avro', schemas });
    expect(decoded).toMatchObject({ kind: 'tree', tree: { messageType: 'shop.avro.Order', json: AN_AVRO_ORDER } });
    if (decoded.kind !== 'tree') throw new Error('not decoded');
    const tree = decoded.tree;
    expect(tree.root.range).toEqual({ start: 10, end: single.bytes.length });
    expect(tree.notes[0]).toMatch(/single-object encoding: bytes 0–9/);
  });

  it('names a single-object fingerprint the profile does not know', () => {
    const foreign = new Uint8Array([0xc3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0]);
    expect(decodeBody({ bytes: foreign, codec: 'avro', schemas })).toMatchObject({ kind: 'error', message: expect.stringMatching(/fingerprint 0102030405060708/) });
  });

  it('property: any value avsc writes decodes to the same JSON and encodes back to the same bytes', () => {
    const arbitrary = fc.record({
      id: fc.string({ maxLength: 10 }),
      qty: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      total: fc.integer({ min: -(2 ** 52), max: 2 ** 53 - 2 }),
      tags: fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }),
      attrs: fc.dictionary(fc.string({ maxLength: 4 }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)), { maxKeys: 3 }),
      note: fc.option(fc.string({ maxLength: 6 }).map((s) => ({ string: s })), { nil: null }),
      status: fc.constantFrom('NEW', 'PAID'),
      hash: fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => String.fromCharCode(...b)),
      blob: fc.uint8Array({ maxLength: 8 }).map((b) => String.fromCharCode(...b)),
      lines: fc.array(fc.record({ sku: fc.string({ maxLength: 3 }), price: fc.integer() }), { maxLength: 3 }),
      ok: fc.boolean(),
      ratio: fc.constantFrom(0, 0.5, -2, 1024),
    });
    fc.assert(
      fc.property(arbitrary, (value) => {
        const bytes = bytesOf(value);
        const tree = decodeAvro(bytes, schemas.avro, 'Order');
        expect(tree.json).toEqual(value);
        const again = encodeBody({ codec: 'avro', messageType: 'Order', json: JSON.stringify(tree.json), schemas });
        expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Avro encoding errors name the field', () => {
  it('lists every wrong field with its path', () => {
    let issues: readonly { path: string; message: string }[] = [];
    try {
      encodeBody({ codec: 'avro', messageType: 'Order', json: JSON.stringify({ ...AN_AVRO_ORDER, qty: 'x', tags: ['a', 4], note: 'plain', status: 'LOST', hash: 'abc', extra: 1, lines: [{ sku: 'a' }] }), schemas });
    } catch (error) {
      expect(error).toBeInstanceOf(EncodeError);
      issues = (error as EncodeError).issues;
    }
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'qty', message: 'expected an int (32-bit integer), got the string "x"' },
        { path: 'tags[1]', message: 'expected a string, got number 4' },
        { path: 'note', message: expect.stringMatching(/a union value as \{"branch": value\}, the branch one of null, string/) },
        { path: 'status', message: expect.stringMatching(/one of NEW, PAID/) },
        { path: 'hash', message: expect.stringMatching(/4 bytes/) },
        { path: 'extra', message: expect.stringMatching(/Order has no field "extra"/) },
        { path: 'lines[0].price', message: 'missing, and the field has no default' },
      ]),
    );
  });

  it('refuses a long below -2^52, which avsc would write wrongly', () => {
    expect(() => encodeBody({ codec: 'avro', messageType: 'Order', json: JSON.stringify({ ...AN_AVRO_ORDER, total: -(2 ** 52) - 1 }), schemas })).toThrow(/total: expected a long from -2\^52 to 2\^53 - 2/);
    expect(() => encodeBody({ codec: 'avro', messageType: 'Order', json: JSON.stringify({ ...AN_AVRO_ORDER, total: 2 ** 53 - 1 }), schemas })).toThrow(/total: expected a long/);
  });

  it('leaves out a field that has a default', () => {
    const { note: _note, ...rest } = AN_AVRO_ORDER;
    expect(() => encodeBody({ codec: 'avro', messageType: 'Order', json: JSON.stringify(rest), schemas })).not.toThrow();
  });
});

describe('hostile Avro bodies', () => {
  const Nulls = compileAvro([{ name: 'n.avsc', text: JSON.stringify({ type: 'record', name: 'N', fields: [{ name: 'xs', type: { type: 'array', items: 'null' } }] }) }]);
  const originalDecode = avro.Type.prototype.decode;
  afterEach(() => {
    avro.Type.prototype.decode = originalDecode;
  });

  const withStatusIndex = (index: number) => {
    const bytes = bytesOf(AN_AVRO_ORDER).slice();
    const status = decodeAvro(bytes, schemas.avro, 'Order').root.children!.find((n) => n.key === 'status')!;
    bytes[status.range!.start] = index * 2; // zig-zag
    return bytes;
  };
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['a string length past the end', () => new Uint8Array([0x7e, 0x41]), /id: length 63 at byte 0 does not fit the 1 bytes left/],
    ['a negative string length', () => new Uint8Array([0x01]), /id: length -1 at byte 0/],
    ['an array block of 2^40 strings in a dozen bytes', () => new Uint8Array([0x02, 0x61, 0x02, 0x02, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x02, 0x61]), /tags: a block of 1099511627776 items at byte 4 cannot fit the 2 bytes left/],
    ['an enum index out of range', () => withStatusIndex(5), /status: enum index 5 at byte \d+, but shop.avro.Status has 2 symbols/],
    ['trailing bytes', () => new Uint8Array([...bytesOf(AN_AVRO_ORDER), 0]), /1 bytes left over after the shop.avro.Order ended/],
  ];
  it.each(cases)('%s: a clear error', (_, bytes, message) => {
    expect(() => decodeAvro(bytes(), schemas.avro, 'Order')).toThrow(message);
  });

  it('an array of nulls claiming 2^30 items (each takes no bytes) is refused after a bounded count', () => {
    const bytes = new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x08, 0]); // 2^30 nulls
    expect(() => decodeAvro(bytes, Nulls, 'N')).toThrow(/more than 1000000 items that take no bytes/);
  });

  it('work is linear: one avsc read per value, whatever the counts claim', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => ({ sku: `s${i}`, price: i }));
    const bytes = bytesOf({ ...AN_AVRO_ORDER, lines });
    let reads = 0;
    avro.Type.prototype.decode = function (this: avro.Type, ...args: Parameters<avro.Type['decode']>) {
      reads++;
      return originalDecode.apply(this, args);
    };
    const tree = decodeAvro(bytes, schemas.avro, 'Order');
    avro.Type.prototype.decode = originalDecode;
    expect(tree.root.children!.find((n) => n.key === 'lines')!.count).toBe(5000);
    // Per line: its sku's length, its sku and its price; plus the rest of the order.
    expect(reads).toBeLessThan(5000 * 3 + 60);
  });
});
