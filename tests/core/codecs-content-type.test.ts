/** Content-type → codec, text or binary (never mojibake), and where JSON text goes wrong. */
import { describe, expect, it } from 'vitest';
import { bodyKindFor, contentTypeFor, decodeBody, judgeText, parseContentType, compileSchemaSet } from '../../src-core/codecs';
import { jsonErrorPosition, parseJsonWithPosition } from '../../src-core/codecs/json-position';
import { destinationMatches } from '../../src-core/codecs/schema-set';

describe('content-type', () => {
  it.each([
    ['application/x-protobuf; messageType=shop.Order', { kind: 'protobuf', messageType: 'shop.Order' }],
    ['Application/X-Protobuf;MessageType="shop.Order"', { kind: 'protobuf', messageType: 'shop.Order' }],
    ['application/vnd.google.protobuf; proto=a.B', { kind: 'protobuf', messageType: 'a.B' }],
    ['application/vnd.acme.order+protobuf', { kind: 'protobuf' }],
    ['avro/binary', { kind: 'avro' }],
    ['application/vnd.apache.avro+binary; schema=shop.avro.Order', { kind: 'avro', messageType: 'shop.avro.Order' }],
    ['application/msgpack', { kind: 'msgpack' }],
    ['application/x-msgpack', { kind: 'msgpack' }],
    ['application/cbor', { kind: 'cbor' }],
    ['application/problem+json', { kind: 'json' }],
    ['text/plain; charset=iso-8859-1', { kind: 'text', charset: 'iso-8859-1' }],
    ['image/png', { kind: 'image' }],
    ['application/octet-stream', { kind: 'unknown' }],
    ['not a type', { kind: 'unknown' }],
    [undefined, { kind: 'unknown' }],
  ])('%s', (type, expected) => {
    expect(bodyKindFor(type)).toEqual(expected);
  });

  it('parses quoted parameters with semicolons and escapes inside', () => {
    expect(parseContentType('a/b; x="1;2\\"3"; y=4')).toEqual({ mediaType: 'a/b', params: { x: '1;2"3', y: '4' } });
  });

  it('writes the content-type an encoded body travels with, quoting when it must', () => {
    expect(contentTypeFor('protobuf', 'shop.Order')).toBe('application/x-protobuf; messageType=shop.Order');
    expect(contentTypeFor('avro', 'a b')).toBe('application/avro; messageType="a b"');
    expect(bodyKindFor(contentTypeFor('avro', 'a b')).messageType).toBe('a b');
  });

  it('destination patterns: * matches any run, without backtracking blow-up', () => {
    expect(destinationMatches('/queue/orders.*', '/queue/orders.eu')).toBe(true);
    expect(destinationMatches('/queue/*.orders.*', '/queue/eu.orders.x')).toBe(true);
    expect(destinationMatches('/queue/orders.*', '/queue/other')).toBe(false);
    expect(destinationMatches('*a*a*a*a*a*a*a*b', 'a'.repeat(100_000))).toBe(false);
  });
});

describe('text or binary', () => {
  it('valid UTF-8 without control characters is text; tabs and newlines are fine', () => {
    expect(judgeText(new TextEncoder().encode('héllo\tworld\r\n✓'))).toEqual({ kind: 'text', charset: 'utf-8' });
  });

  it('invalid UTF-8 or a control character is binary, with the reason', () => {
    expect(judgeText(new Uint8Array([0x68, 0xff, 0x69]))).toEqual({ kind: 'binary', reason: 'not valid utf-8' });
    expect(judgeText(new Uint8Array([0x68, 0x00, 0x69]))).toEqual({ kind: 'binary', reason: 'control character U+0000' });
  });

  it('another charset when the content-type says so', () => {
    expect(judgeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'iso-8859-1')).toEqual({ kind: 'text', charset: 'windows-1252' });
    expect(judgeText(new Uint8Array([0x41]), 'no-such-charset').kind).toBe('binary');
  });

  it('a large body is judged by its head and tail, and a character cut at the sample edge is not an error', () => {
    const big = new Uint8Array(40 * 1024 * 1024).fill(0x61);
    big.set(new TextEncoder().encode('€'), 1024 * 1024 - 1); // straddles the end of the head sample
    expect(judgeText(big).kind).toBe('text');
    big[big.length - 10] = 0x01;
    expect(judgeText(big)).toEqual({ kind: 'binary', reason: 'control character U+0001' });
  });

  it('unknown binary is shown as hex, unknown text as text, JSON by its content-type', () => {
    expect(decodeBody({ bytes: new Uint8Array([0x89, 0x50, 0x00]) })).toEqual({ kind: 'plain', viewer: 'hex', reason: 'binary: not valid utf-8' });
    expect(decodeBody({ bytes: new TextEncoder().encode('hi'), contentType: 'application/octet-stream' })).toMatchObject({ kind: 'plain', viewer: 'text' });
    expect(decodeBody({ bytes: new TextEncoder().encode('{}'), contentType: 'application/json' })).toMatchObject({ kind: 'plain', viewer: 'json' });
    expect(decodeBody({ bytes: new Uint8Array([0xff]), contentType: 'application/json' })).toMatchObject({ kind: 'plain', viewer: 'hex' });
  });

  it('a destination mapping applies only when the content-type says nothing', () => {
    const schemas = compileSchemaSet([], [{ destination: '/queue/x', codec: 'msgpack' }]);
    expect(decodeBody({ bytes: new Uint8Array([0x01]), destination: '/queue/x', schemas })).toMatchObject({ kind: 'tree', chosenBy: 'destination' });
    expect(decodeBody({ bytes: new TextEncoder().encode('1'), contentType: 'text/plain', destination: '/queue/x', schemas })).toMatchObject({ kind: 'plain', viewer: 'text' });
  });
});

describe('JSON error positions', () => {
  it.each([
    ['{\n  "a": 1,\n  oops\n}', 3, 3],
    ['[1, 2,]', 1, 7],
    ['{"a" 1}', 1, 6],
    ['{"a": 1} x', 1, 10],
    ['{"a": [1, 2}', 1, 12],
    ['', 1, 1],
    ['"\u0001"', 1, 1],
  ])('%j: line %i, column %i', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toMatchObject({ line, column });
    const parsed = parseJsonWithPosition(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(new RegExp(`^not valid JSON at line ${line}, column ${column}: `));
  });

  it('valid JSON of every kind parses', () => {
    for (const text of ['{}', '[]', '[[]]', '{"a":{"b":[1,-2.5e3,true,false,null,"x\\u00e9"]}}', ' 1 ']) expect(parseJsonWithPosition(text)).toEqual({ ok: true, value: JSON.parse(text) });
  });
});
