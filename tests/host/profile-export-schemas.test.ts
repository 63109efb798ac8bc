/**
 * A profile's schemas travel with its export (no secret among them) and come back under the
 * imported profile's new id; schemas the store would not take stop the whole import, before
 * anything is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMON_PROTO, SHOP_PROTO } from '../core/fixtures/codec-schemas';
import { apiError, startHostKit, type HostKit } from './host-kit';

let source: HostKit;
let target: HostKit;

beforeAll(async () => {
  source = await startHostKit();
  target = await startHostKit();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('schemas in the profiles export', () => {
  it('are exported with their profile and imported under its new id, mappings included', async () => {
    const { profile } = await source.call('profiles.create', { profile: { name: 'Shop', uri: 'tcp://127.0.0.1:1', login: 'u', passcode: 'never-exported' } });
    await source.call('schemas.save', { profileId: profile.id, file: { name: 'common.proto', text: COMMON_PROTO } });
    await source.call('schemas.save', { profileId: profile.id, file: { name: 'shop.proto', text: SHOP_PROTO } });
    await source.call('schemas.setMappings', { profileId: profile.id, mappings: [{ destination: '/queue/orders', codec: 'protobuf', messageType: 'shop.Order' }] });
    const { json } = await source.call('profiles.export', { ids: [profile.id] });
    expect(json).not.toContain('never-exported');
    const entry = JSON.parse(json).profiles[0];
    expect(entry.schemas.files.map((f: { name: string }) => f.name)).toEqual(['common.proto', 'shop.proto']);

    const imported = await target.call('profiles.import', { json });
    expect(imported.added).toBe(1);
    const view = await target.call('schemas.list', { profileId: imported.profiles[0].id });
    expect(view.files.map((f) => f.name)).toEqual(['common.proto', 'shop.proto']);
    expect(view.mappings).toEqual([expect.objectContaining({ destination: '/queue/orders', codec: 'protobuf', messageType: 'shop.Order' })]);
    expect(view.problems).toEqual([]);
  });

  it('refuses schemas the store would not take, and imports nothing', async () => {
    const before = (await target.call('profiles.list', {})).profiles.length;
    const json = JSON.stringify([{ name: 'Broken schemas', uri: 'tcp://h:1', schemas: { files: 'not a list', mappings: [] } }]);
    const error = await apiError(target.call('profiles.import', { json }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/nothing was imported: profile 1 \("Broken schemas"\): schemas: files/);
    expect((await target.call('profiles.list', {})).profiles).toHaveLength(before);
  });
});
