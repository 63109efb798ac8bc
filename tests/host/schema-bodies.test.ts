/**
 * The host's schema store and body codecs through the contract: files per profile (validated,
 * stored in schemas.json, dropped with their profile), destination mappings, captured bodies
 * decoded with the capturing connection's profile, JSON encoded with field-path errors.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_PROTO, ORDER_AVSC, LINE_AVSC, SHOP_PROTO, AN_ORDER, AN_AVRO_ORDER } from '../core/fixtures/codec-schemas';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let profileId: string;

beforeAll(async () => {
  kit = await startHostKit();
  profileId = (await kit.call('profiles.create', { profile: { name: 'Shop', uri: 'tcp://127.0.0.1:1' } })).profile.id;
});

afterAll(async () => {
  await kit?.close();
});

describe('schemas.*', () => {
  it('adds files in any order; a missing import is a problem until its file comes', async () => {
    const first = await kit.call('schemas.save', { profileId, file: { name: 'shop.proto', text: SHOP_PROTO } });
    expect(first.file).toMatchObject({ name: 'shop.proto', kind: 'protobuf' });
    expect(first.view.problems.map((p) => p.message).join('\n')).toMatch(/imports "common.proto"/);
    const second = await kit.call('schemas.save', { profileId, file: { name: 'common.proto', text: COMMON_PROTO } });
    expect(second.view.problems).toEqual([]);
    expect(second.view.messageTypes.protobuf).toEqual(expect.arrayContaining(['shop.Order', 'common.Money']));
    await kit.call('schemas.save', { profileId, file: { name: 'line.avsc', text: LINE_AVSC } });
    const avro = await kit.call('schemas.save', { profileId, file: { name: 'order.avsc', text: ORDER_AVSC } });
    expect(avro.view.messageTypes.avro.slice(0, 2)).toEqual(['shop.avro.Line', 'shop.avro.Order']);
    // Stored, as written, in the data directory.
    const stored = JSON.parse(await readFile(join(kit.dataDir, 'schemas.json'), 'utf8'));
    expect(stored.schemaVersion).toBe(1);
    expect(stored.profiles[profileId].files.map((f: { name: string }) => f.name)).toEqual(['shop.proto', 'common.proto', 'line.avsc', 'order.avsc']);
  });

  it('refuses a file with a syntax error, naming its line, and keeps the old one', async () => {
    const error = await apiError(kit.call('schemas.save', { profileId, file: { name: 'bad.proto', text: 'syntax = "proto3";\nmessage A {\n  int32 a = 1\n}' } }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/^bad\.proto line 4: /);
    const bad = await apiError(kit.call('schemas.save', { profileId, file: { name: 'x.avsc', text: '{"type": "record", "name": "X", "fields": [' } }));
    expect(bad.message).toMatch(/^x\.avsc line 1, column \d+: not valid JSON/);
    expect((await kit.call('schemas.list', { profileId })).files).toHaveLength(4);
    expect((await apiError(kit.call('schemas.save', { profileId, file: { name: 'notes.txt', text: 'x' } }))).message).toMatch(/name it \.proto or \.avsc/);
    expect((await apiError(kit.call('schemas.save', { profileId, file: { name: 'shop.proto', text: SHOP_PROTO } }))).code).toBe('conflict');
  });

  it('answers not-found for an unknown profile or file', async () => {
    expect((await apiError(kit.call('schemas.list', { profileId: 'nope' }))).code).toBe('not-found');
    expect((await apiError(kit.call('schemas.delete', { profileId, fileId: 'nope' }))).code).toBe('not-found');
  });

  it('keeps destination mappings, and emits schemas.changed', async () => {
    const changed = kit.nextEvent('schemas.changed', (e) => e.profileId === profileId);
    const { view } = await kit.call('schemas.setMappings', { profileId, mappings: [{ destination: '/queue/orders.*', codec: 'protobuf', messageType: 'shop.Order' }] });
    expect(view.mappings).toEqual([{ destination: '/queue/orders.*', codec: 'protobuf', messageType: 'shop.Order' }]);
    await changed;
  });
});

describe('bodies.encode', () => {
  it('encodes JSON byte-exact with protobufjs and Avro byte-exact with avsc', async () => {
    const encoded = await kit.call('bodies.encode', { profileId, codec: 'protobuf', messageType: 'shop.Order', json: JSON.stringify(AN_ORDER) });
    const root = new protobuf.Root();
    protobuf.parse(COMMON_PROTO, root, { keepCase: true });
    protobuf.parse(SHOP_PROTO, root, { keepCase: true });
    root.addJSON((protobuf.common.get('google/protobuf/timestamp.proto') as { nested: protobuf.INamespace['nested'] }).nested!);
    const Order = root.lookupType('shop.Order');
    expect(Buffer.from(encoded.base64, 'base64').equals(Buffer.from(Order.encode(Order.fromObject(AN_ORDER)).finish()))).toBe(true);
    expect(encoded.contentType).toBe('application/x-protobuf; messageType=shop.Order');
    const avro = await kit.call('bodies.encode', { profileId, codec: 'avro', messageType: 'Order', json: JSON.stringify(AN_AVRO_ORDER) });
    expect(avro.messageType).toBe('shop.avro.Order');
  });

  it('answers a value that does not fit with every field path in details.issues', async () => {
    const error = await apiError(kit.call('bodies.encode', { profileId, codec: 'protobuf', messageType: 'shop.Order', json: JSON.stringify({ id: 1, items: [{ qty: 'x' }] }) }));
    expect(error.code).toBe('invalid-request');
    expect(error.details).toEqual({ issues: [{ path: 'id', message: 'expected a string, got number 1' }, { path: 'items[0].qty', message: 'expected an integer (uint32), got the string "x"' }] });
  });
});

describe('bodies.decode', () => {
  it('decodes a captured protobuf body with its connection’s profile, by the destination mapping', async () => {
    // The built-in sandbox profile captures; its schemas are the ones used.
    await kit.call('schemas.save', { profileId: 'sandbox', file: { name: 'shop.proto', text: SHOP_PROTO } });
    await kit.call('schemas.save', { profileId: 'sandbox', file: { name: 'common.proto', text: COMMON_PROTO } });
    await kit.call('schemas.setMappings', { profileId: 'sandbox', mappings: [{ destination: '/queue/orders.*', codec: 'protobuf', messageType: 'shop.Order' }] });
    const encoded = await kit.call('bodies.encode', { profileId: 'sandbox', codec: 'protobuf', messageType: 'shop.Order', json: JSON.stringify(AN_ORDER) });
    const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
    const { subscription } = await kit.call('subscriptions.add', { connectionId: connection.id, destination: '/queue/orders.eu' });
    await kit.call('messages.send', { connectionId: connection.id, destination: '/queue/orders.eu', body: { encoding: 'base64', base64: encoded.base64 } });
    await kit.call('messages.send', { connectionId: connection.id, destination: '/queue/orders.eu', headers: [['content-type', 'application/msgpack']], body: { encoding: 'base64', base64: Buffer.from([0x81, 0xa1, 0x61, 0x01]).toString('base64') } });
    await waitFor(async () => ((await kit.call('messages.list', { captureId: subscription.captureId })).total === 2 ? true : undefined));

    const decoded = await kit.call('bodies.decode', { captureId: subscription.captureId, seq: 0 });
    expect(decoded).toMatchObject({ kind: 'tree', chosenBy: 'destination', codec: 'protobuf', messageType: 'shop.Order', profileId: 'sandbox' });
    if (decoded.kind !== 'tree') throw new Error('no tree');
    expect(JSON.parse(decoded.json)).toMatchObject({ id: 'o-1', status: 'PAID' });
    expect(decoded.root.children!.find((n) => n.key === 'id')).toMatchObject({ value: 'o-1', range: { start: 0, end: 5 } });

    // The content-type wins over the mapping.
    expect(await kit.call('bodies.decode', { captureId: subscription.captureId, seq: 1 })).toMatchObject({ kind: 'tree', chosenBy: 'content-type', codec: 'msgpack' });
    // The user's choice wins over both; a wrong one is an error at a byte.
    expect(await kit.call('bodies.decode', { captureId: subscription.captureId, seq: 1, codec: 'protobuf', messageType: 'shop.Order' })).toMatchObject({ kind: 'error', offset: expect.any(Number) });
    expect((await apiError(kit.call('bodies.decode', { captureId: subscription.captureId, seq: 99 }))).code).toBe('not-found');
  });
});

describe('profiles and their schemas', () => {
  it('a deleted profile’s schemas go with it', async () => {
    const other = (await kit.call('profiles.create', { profile: { name: 'Short-lived', uri: 'tcp://127.0.0.1:1' } })).profile.id;
    await kit.call('schemas.save', { profileId: other, file: { name: 'common.proto', text: COMMON_PROTO } });
    await kit.call('profiles.delete', { id: other });
    await waitFor(async () => (JSON.parse(await readFile(join(kit.dataDir, 'schemas.json'), 'utf8')).profiles[other] === undefined ? true : undefined));
  });
});
