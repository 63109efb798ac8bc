import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { profileSchema } from '../../src-core/api';
import { passcodeKey, PROFILES_FILE, SANDBOX_PROFILE_ID, SANDBOX_PROFILE_NAME, SANDBOX_URI } from '../../src-main/host/profiles';
import { MemorySecretStore, tempDataDir } from './secret-test-kit';
import { apiError, openStore } from './profile-test-kit';

let dir: string;
let cleanup: () => Promise<void>;
let secrets: MemorySecretStore;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDataDir());
  secrets = new MemorySecretStore();
});
afterEach(() => cleanup());

const activemq = {
  name: 'ActiveMQ prod',
  uri: 'failover:(tcp://amq1:61613,ssl://amq2:61614)?randomize=false',
  login: 'admin',
  passcode: 'pw-activemq',
  host: 'broker',
  versions: ['1.2', '1.1'] as ('1.2' | '1.1')[],
  heartBeat: [5000, 5000] as [number, number],
  tls: { caFile: '/etc/ca.pem', verify: false },
  preset: 'activemq' as const,
  color: '#336699',
};

describe('ProfileStore: first run and the sandbox profile', () => {
  it('starts with the built-in sandbox profile, and writes the file', async () => {
    const store = await openStore(dir, secrets);
    const [sandbox, ...rest] = store.list();
    expect(rest).toEqual([]);
    expect(sandbox).toMatchObject({ id: SANDBOX_PROFILE_ID, name: SANDBOX_PROFILE_NAME, uri: SANDBOX_URI, preset: 'sandbox', builtIn: true, hasPasscode: false });
    expect(profileSchema.parse(sandbox)).toEqual(sandbox);
    const onDisk = JSON.parse(await readFile(join(dir, PROFILES_FILE), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 2, profiles: [sandbox] });
  });

  it('cannot be deleted', async () => {
    const store = await openStore(dir, secrets);
    const error = await apiError(() => store.delete(SANDBOX_PROFILE_ID));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('built in');
    expect((await openStore(dir, secrets)).list()).toHaveLength(1);
  });

  it('keeps its URI and preset, but its name and settings can change', async () => {
    const store = await openStore(dir, secrets);
    const error = await apiError(() => store.update(SANDBOX_PROFILE_ID, { uri: 'tcp://elsewhere:61613' }));
    expect(error.code).toBe('conflict');
    expect(error.details).toMatchObject({ field: 'uri' });
    const renamed = await store.update(SANDBOX_PROFILE_ID, { name: 'Try me', heartBeat: [0, 0], preset: 'generic' });
    expect(renamed).toMatchObject({ name: 'Try me', heartBeat: [0, 0], preset: 'sandbox', uri: SANDBOX_URI, builtIn: true });
  });

  it('comes back when the file lost it', async () => {
    const store = await openStore(dir, secrets);
    const created = await store.create({ name: 'a', uri: 'tcp://a' });
    const path = join(dir, PROFILES_FILE);
    const document = JSON.parse(await readFile(path, 'utf8'));
    document.profiles = document.profiles.filter((p: { builtIn: boolean }) => !p.builtIn);
    await writeFile(path, JSON.stringify(document));
    const reopened = await openStore(dir, secrets);
    expect(reopened.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID, created.id]);
  });
});

describe('ProfileStore: create, update, delete', () => {
  it('round-trips every field through the file', async () => {
    const store = await openStore(dir, secrets);
    const created = await store.create(activemq);
    const { passcode: _, ...expected } = activemq;
    expect(created).toMatchObject({ ...expected, hasPasscode: true, builtIn: false });
    expect(created).not.toHaveProperty('passcode');
    expect(created.createdAt).toBe(created.updatedAt);
    expect(secrets.values.get(passcodeKey(created.id))).toBe('pw-activemq');

    const reopened = await openStore(dir, secrets);
    expect(reopened.get(created.id)).toEqual(created);
    expect(reopened.list()).toEqual(store.list());
  });

  it('answers unknown ids with not-found', async () => {
    const store = await openStore(dir, secrets);
    for (const run of [() => store.get('nope'), () => store.update('nope', { name: 'x' }), () => store.delete('nope'), () => store.duplicate('nope'), () => store.getConnectSettings('nope')]) {
      const error = await apiError(run);
      expect(error.code).toBe('not-found');
      expect(error.details).toEqual({ id: 'nope' });
    }
  });

  it('validates input with the contract schema', async () => {
    const store = await openStore(dir, secrets);
    const error = await apiError(() => store.create({ name: '  ', uri: 'tcp://a', color: 'red' }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toContain('name: a name is required');
    expect(error.details).toMatchObject({ issues: expect.arrayContaining([{ path: 'color', message: 'a colour is #rrggbb' }]) });
    expect(store.list()).toHaveLength(1);
  });

  it('validates the URI on create and update, with the span to underline', async () => {
    const store = await openStore(dir, secrets);
    const error = await apiError(() => store.create({ name: 'x', uri: 'tcp://host:99999' }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/^uri: bad port/);
    expect(error.details).toEqual({ field: 'uri', offset: 11, length: 5, problem: 'bad-port' });

    const created = await store.create({ name: 'x', uri: 'tcp://host' });
    const updateError = await apiError(() => store.update(created.id, { uri: 'failover:(tcp://a,foo://b)' }));
    expect(updateError.details).toMatchObject({ field: 'uri', problem: 'unknown-scheme', offset: 18, length: 3 });
    expect(store.get(created.id).uri).toBe('tcp://host');
  });

  it('updates only the fields a patch names', async () => {
    const store = await openStore(dir, secrets);
    const created = await store.create(activemq);
    const updated = await store.update(created.id, { name: 'Renamed' });
    expect(updated).toEqual({ ...created, name: 'Renamed', updatedAt: updated.updatedAt });
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    // Not reset to the schema's default 'generic'.
    expect(updated.preset).toBe('activemq');
    expect(secrets.values.get(passcodeKey(created.id))).toBe('pw-activemq');
  });

  it('clears login and host with an empty string', async () => {
    const store = await openStore(dir, secrets);
    const created = await store.create(activemq);
    const updated = await store.update(created.id, { login: '', host: '' });
    expect(updated).not.toHaveProperty('login');
    expect(updated).not.toHaveProperty('host');
  });

  it('sets, keeps and clears the passcode', async () => {
    const store = await openStore(dir, secrets);
    const { id } = await store.create({ name: 'x', uri: 'tcp://a' });
    expect(store.get(id).hasPasscode).toBe(false);
    expect((await store.update(id, { passcode: 'one' })).hasPasscode).toBe(true);
    expect(secrets.values.get(passcodeKey(id))).toBe('one');
    expect((await store.update(id, { login: 'me' })).hasPasscode).toBe(true);
    expect(secrets.values.get(passcodeKey(id))).toBe('one');
    expect((await store.update(id, { passcode: null })).hasPasscode).toBe(false);
    expect(secrets.values.has(passcodeKey(id))).toBe(false);
  });

  it('deletes a profile and its passcode', async () => {
    const store = await openStore(dir, secrets);
    const { id } = await store.create(activemq);
    await store.delete(id);
    expect(store.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID]);
    expect(secrets.values.size).toBe(0);
    expect((await openStore(dir, secrets)).list()).toHaveLength(1);
  });

  it('changes nothing when the passcode cannot be stored', async () => {
    const store = await openStore(dir, secrets);
    const before = await readFile(join(dir, PROFILES_FILE));
    secrets.failNextSet = true;
    await expect(store.create(activemq)).rejects.toThrow('set failed');
    expect(store.list()).toHaveLength(1);
    expect(await readFile(join(dir, PROFILES_FILE))).toEqual(before);
  });

  it('tells listeners about every change', async () => {
    const store = await openStore(dir, secrets);
    const seen: number[] = [];
    const off = store.onChange((profiles) => seen.push(profiles.length));
    const { id } = await store.create({ name: 'x', uri: 'tcp://a' });
    await store.duplicate(id);
    off();
    await store.delete(id);
    expect(seen).toEqual([2, 3]);
  });

  it('serializes concurrent changes', async () => {
    const store = await openStore(dir, secrets);
    await Promise.all(Array.from({ length: 15 }, (_, i) => store.create({ name: `p${i}`, uri: 'tcp://a', passcode: `s${i}` })));
    const reopened = await openStore(dir, secrets);
    expect(reopened.list()).toHaveLength(16);
    expect(secrets.values.size).toBe(15);
  });

  it('returns copies: callers cannot change the store', async () => {
    const store = await openStore(dir, secrets);
    const created = await store.create(activemq);
    created.name = 'changed';
    store.list()[1].tls!.verify = true;
    expect(store.get(created.id).name).toBe('ActiveMQ prod');
    expect(store.get(created.id).tls!.verify).toBe(false);
  });
});

describe('ProfileStore: duplicate', () => {
  it('copies settings and passcode under "<name> (copy)"', async () => {
    const store = await openStore(dir, secrets);
    const source = await store.create(activemq);
    const copy = await store.duplicate(source.id);
    expect(copy.id).not.toBe(source.id);
    expect(copy).toEqual({ ...source, id: copy.id, name: 'ActiveMQ prod (copy)', color: copy.color, createdAt: copy.createdAt, updatedAt: copy.updatedAt });
    // A copy is told apart at a glance: a colour of its own.
    expect(copy.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(copy.color).not.toBe(source.color);
    expect(secrets.values.get(passcodeKey(copy.id))).toBe('pw-activemq');
    // The copy's passcode is its own.
    await store.update(copy.id, { passcode: 'changed' });
    expect(secrets.values.get(passcodeKey(source.id))).toBe('pw-activemq');
    expect((await store.duplicate(source.id)).name).toBe('ActiveMQ prod (copy 2)');
  });

  it('makes an ordinary, deletable profile of the sandbox', async () => {
    const store = await openStore(dir, secrets);
    const copy = await store.duplicate(SANDBOX_PROFILE_ID);
    expect(copy).toMatchObject({ name: `${SANDBOX_PROFILE_NAME} (copy)`, builtIn: false, uri: SANDBOX_URI, preset: 'sandbox' });
    expect((await store.getConnectSettings(copy.id)).embeddedBroker).toBe(true);
    await store.delete(copy.id);
  });
});

describe('ProfileStore: connect settings', () => {
  it('gives the client everything, passcode included', async () => {
    const store = await openStore(dir, secrets);
    const { id } = await store.create(activemq);
    expect(await store.getConnectSettings(id)).toEqual({
      profileId: id,
      name: 'ActiveMQ prod',
      preset: 'activemq',
      uri: activemq.uri,
      embeddedBroker: false,
      login: 'admin',
      passcode: 'pw-activemq',
      host: 'broker',
      versions: ['1.2', '1.1'],
      heartBeat: [5000, 5000],
      tls: { caFile: '/etc/ca.pem', verify: false },
    });
  });

  it('marks the sandbox for the embedded broker', async () => {
    const store = await openStore(dir, secrets);
    expect(await store.getConnectSettings(SANDBOX_PROFILE_ID)).toEqual({
      profileId: SANDBOX_PROFILE_ID,
      name: SANDBOX_PROFILE_NAME,
      preset: 'sandbox',
      uri: SANDBOX_URI,
      embeddedBroker: true,
    });
  });

  it('says so when a saved passcode went missing', async () => {
    const store = await openStore(dir, secrets);
    const { id } = await store.create(activemq);
    secrets.values.clear();
    const error = await apiError(() => store.getConnectSettings(id));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('enter it again');
  });
});
