import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passcodeKey, PROFILES_FILE, SANDBOX_PROFILE_ID } from '../../src-main/host/profiles';
import { MemorySecretStore, tempDataDir } from './secret-test-kit';
import { apiError, openStore } from './profile-test-kit';

let dir: string;
let path: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDataDir());
  path = join(dir, PROFILES_FILE);
  await mkdir(dir, { recursive: true });
});
afterEach(() => cleanup());

const v1File = {
  schemaVersion: 1,
  profiles: [
    {
      id: 'legacy-1',
      name: 'Old RabbitMQ',
      url: 'tcp://rabbit:61613',
      username: 'guest',
      vhost: '/',
      heartbeat: '10000, 20000',
      preset: 'rabbitmq',
      created: Date.parse('2024-06-01T08:00:00.000Z'),
    },
    { id: 'legacy-2', name: 'Old failover', url: 'failover:(tcp://a:61613,tcp://b:61613)' },
  ],
};

describe('profiles.json', () => {
  it('is versioned, private, and written without temporary leftovers', async () => {
    const store = await openStore(dir);
    await store.create({ name: 'x', uri: 'tcp://a' });
    const document = JSON.parse(await readFile(path, 'utf8'));
    expect(document.schemaVersion).toBe(2);
    expect(document.profiles).toHaveLength(2);
    expect(await readdir(dir)).toEqual([PROFILES_FILE]);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('is migrated from schemaVersion 1, keeping the old file', async () => {
    const original = JSON.stringify(v1File, null, 2);
    await writeFile(path, original);
    const store = await openStore(dir);

    expect(store.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID, 'legacy-1', 'legacy-2']);
    expect(store.get('legacy-1')).toEqual({
      id: 'legacy-1',
      name: 'Old RabbitMQ',
      uri: 'tcp://rabbit:61613',
      login: 'guest',
      host: '/',
      heartBeat: [10000, 20000],
      preset: 'rabbitmq',
      hasPasscode: false,
      builtIn: false,
      createdAt: '2024-06-01T08:00:00.000Z',
      updatedAt: '2024-06-01T08:00:00.000Z',
    });
    expect(store.get('legacy-2')).toMatchObject({ uri: 'failover:(tcp://a:61613,tcp://b:61613)', preset: 'generic' });

    const document = JSON.parse(await readFile(path, 'utf8'));
    expect(document.schemaVersion).toBe(2);
    expect(JSON.stringify(document)).not.toMatch(/"url"|"username"|"vhost"|"heartbeat"/);
    expect(await readFile(`${path}.v1.bak`, 'utf8')).toBe(original);
    expect(store.diagnostics).toEqual([expect.objectContaining({ level: 'info', kind: 'migrated', keptAt: `${path}.v1.bak` })]);

    // Opening again: nothing more to migrate.
    expect((await openStore(dir)).diagnostics).toEqual([]);
  });

  it('sets a damaged file aside, with a diagnostic, and starts afresh', async () => {
    await writeFile(path, '{"schemaVersion": 2, "profiles": [ {"id": "a", ');
    const store = await openStore(dir);
    expect(store.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID]);
    const [diagnostic] = store.diagnostics;
    expect(diagnostic).toMatchObject({ level: 'warning', kind: 'invalid-json', file: path });
    expect(diagnostic.keptAt).toMatch(/profiles\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(diagnostic.message).toContain('is not valid JSON');
    expect(diagnostic.message).toContain('moved to profiles.json.corrupt-');
    // The damaged bytes are kept, and a good file replaces them.
    expect(await readFile(diagnostic.keptAt!, 'utf8')).toBe('{"schemaVersion": 2, "profiles": [ {"id": "a", ');
    expect(JSON.parse(await readFile(path, 'utf8')).schemaVersion).toBe(2);
  });

  it('sets aside files of the wrong shape', async () => {
    for (const [content, kind] of [
      ['[1, 2]', 'invalid-format'],
      ['{"profiles": []}', 'invalid-format'],
      ['{"schemaVersion": 2, "profiles": {}}', 'invalid-format'],
      ['{"schemaVersion": 1, "profiles": "x"}', 'migration-failed'],
    ] as const) {
      await writeFile(path, content);
      const store = await openStore(dir);
      expect(store.diagnostics[0].kind).toBe(kind);
      expect(await readFile(store.diagnostics[0].keptAt!, 'utf8')).toBe(content);
    }
    expect((await readdir(dir)).filter((name) => name.includes('.corrupt-'))).toHaveLength(4);
  });

  it('keeps the readable profiles when some are not, and copies the file aside', async () => {
    const store = await openStore(dir);
    const good = await store.create({ name: 'good', uri: 'tcp://a' });
    const document = JSON.parse(await readFile(path, 'utf8'));
    document.profiles.push({ id: 'bad', name: 'broken', uri: 'tcp://b', preset: 'nonsense' }, 'not a profile');
    const written = JSON.stringify(document);
    await writeFile(path, written);

    const reopened = await openStore(dir);
    expect(reopened.list().map((p) => p.id)).toEqual([SANDBOX_PROFILE_ID, good.id]);
    const [diagnostic] = reopened.diagnostics;
    expect(diagnostic.kind).toBe('invalid-entries');
    expect(diagnostic.message).toContain('2 unreadable entries');
    expect(diagnostic.message).toContain('profile 3 ("broken")');
    expect(await readFile(diagnostic.keptAt!, 'utf8')).toBe(written);
  });

  it('leaves a file from a newer version alone and says why', async () => {
    const newer = JSON.stringify({ schemaVersion: 3, profiles: [], somethingNew: true });
    await writeFile(path, newer);
    const error = await apiError(() => openStore(dir));
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('newer STOMP Explorer');
    expect(await readFile(path, 'utf8')).toBe(newer);
    expect(await readdir(dir)).toEqual([PROFILES_FILE]);
  });

  it('reports a file it cannot read as an I/O error, touching nothing', async () => {
    await mkdir(path);
    const error = await apiError(() => openStore(dir));
    expect(error.code).toBe('io-error');
    expect(error.message).toContain(path);
  });

  it('reports a failed save as an I/O error, keeping the previous state and no new secret', async () => {
    const secrets = new MemorySecretStore();
    const store = await openStore(dir, secrets);
    const kept = await store.create({ name: 'kept', uri: 'tcp://a', passcode: 'old' });
    // A non-empty directory where the file should be: the atomic rename fails, even for root.
    await rm(path);
    await mkdir(join(path, 'in-the-way'), { recursive: true });

    const error = await apiError(() => store.create({ name: 'x', uri: 'tcp://a', passcode: 'new' }));
    expect(error.code).toBe('io-error');
    expect(error.message).toContain('cannot save');
    expect(store.list()).toHaveLength(2);
    expect([...secrets.values.values()]).toEqual(['old']);

    await apiError(() => store.update(kept.id, { passcode: 'changed' }));
    expect(secrets.values.get(passcodeKey(kept.id))).toBe('old');
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });
});
