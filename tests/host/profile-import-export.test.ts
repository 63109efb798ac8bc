import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passcodeKey, PROFILES_EXPORT_FORMAT, PROFILES_FILE, SANDBOX_PROFILE_ID } from '../../src-main/host/profiles';
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

async function storeWithTwo() {
  const store = await openStore(dir, secrets);
  const a = await store.create({ name: 'A', uri: 'tcp://a', login: 'alice', passcode: 'secret-a', preset: 'activemq' });
  const b = await store.create({ name: 'B', uri: 'ws://b:15674/ws', tls: { verify: true } });
  return { store, a, b };
}

describe('profiles export', () => {
  it('is a versioned document without secrets, and without the built-in profile by default', async () => {
    const { store, a, b } = await storeWithTwo();
    const json = store.exportJson();
    const document = JSON.parse(json);
    expect(document).toMatchObject({ format: PROFILES_EXPORT_FORMAT, schemaVersion: 2 });
    expect(typeof document.exportedAt).toBe('string');
    expect(document.profiles).toEqual([
      { ...a, hasPasscode: false },
      { ...b, hasPasscode: false },
    ]);
    expect(json).not.toContain('secret-a');
    expect(json).not.toContain('passcode"');
  });

  it('exports the profiles asked for, the built-in one included', async () => {
    const { store, b } = await storeWithTwo();
    const document = JSON.parse(store.exportJson([b.id, SANDBOX_PROFILE_ID]));
    expect(document.profiles.map((p: { id: string }) => p.id)).toEqual([SANDBOX_PROFILE_ID, b.id]);
    const error = await apiError(() => store.exportJson([b.id, 'ghost']));
    expect(error.code).toBe('not-found');
    expect(error.details).toEqual({ ids: ['ghost'] });
  });
});

describe('profiles import', () => {
  it('round-trips an export into another data folder under new ids', async () => {
    const { store, a, b } = await storeWithTwo();
    const json = store.exportJson([SANDBOX_PROFILE_ID, a.id, b.id]);
    const other = await tempDataDir();
    try {
      const fresh = await openStore(other.dir, new MemorySecretStore());
      const result = await fresh.importJson(json);
      expect(result).toMatchObject({ added: 3, updated: 0, skipped: 0 });
      const imported = result.profiles;
      for (const p of imported) expect([SANDBOX_PROFILE_ID, a.id, b.id]).not.toContain(p.id);
      // The new store has its own built-in sandbox: the imported one is kept apart by name.
      expect(imported.map((p) => p.name)).toEqual(['Sandbox (built-in broker) (imported)', 'A', 'B']);
      // Never built-in, and no passcode (exports carry none).
      expect(imported.every((p) => !p.builtIn && !p.hasPasscode)).toBe(true);
      expect(imported[1]).toMatchObject({ uri: 'tcp://a', login: 'alice', preset: 'activemq', color: a.color });
      expect((await openStore(other.dir, new MemorySecretStore())).list()).toHaveLength(4);
    } finally {
      await other.cleanup();
    }
  });

  it('re-importing its own export duplicates nothing: the preview says skip, a changed profile is an update naming the field', async () => {
    const { store, a, b } = await storeWithTwo();
    const json = store.exportJson([a.id, b.id]);
    expect(store.previewImport(json).map((e) => [e.name, e.action, e.changes])).toEqual([
      ['A', 'skip', []],
      ['B', 'skip', []],
    ]);
    expect(await store.importJson(json)).toMatchObject({ added: 0, updated: 0, skipped: 2 });
    const changed = JSON.parse(json);
    changed.profiles[1].uri = 'ws://b2:15674/ws';
    changed.profiles.push({ name: 'C', uri: 'tcp://c' }, { name: 'C', uri: 'tcp://c-again' });
    const text = JSON.stringify(changed);
    expect(store.previewImport(text).map((e) => [e.name, e.action, e.changes])).toEqual([
      ['A', 'skip', []],
      ['B', 'update', ['uri']],
      ['C', 'add', []],
      ['C', 'add-copy', []],
    ]);
    const result = await store.importJson(text);
    expect(result).toMatchObject({ added: 2, updated: 1, skipped: 1 });
    const names = store.list().map((p) => p.name);
    expect(names.filter((n) => n === 'B')).toHaveLength(1);
    expect(store.list().find((p) => p.name === 'B')?.uri).toBe('ws://b2:15674/ws');
    expect(store.list().find((p) => p.name === 'B')?.id).toBe(b.id);
    expect(names).toEqual(expect.arrayContaining(['C', 'C (imported)']));
    // No two profiles share a name.
    expect(new Set(names).size).toBe(names.length);
    // The user may choose otherwise: add a copy of A beside it.
    const chosen = await store.importJson(json, ['add-copy', 'skip']);
    expect(chosen.profiles.map((p) => p.name)).toEqual(['A (imported)']);
    await expect(store.importJson(json, ['add'])).rejects.toThrow(/2 profiles/);
  });

  it('gives new profiles colours the others do not use', async () => {
    const store = await openStore(dir, secrets);
    const made = [];
    for (const name of ['one', 'two', 'three', 'four']) made.push(await store.create({ name, uri: 'tcp://h' }));
    expect(new Set(made.map((p) => p.color)).size).toBe(4);
  });

  it('stores a passcode from a hand-written entry in the secret store, not the file', async () => {
    const store = await openStore(dir, secrets);
    const [p] = (await store.importJson(JSON.stringify([{ name: 'hand', uri: 'tcp://h', passcode: 'typed-by-hand' }]))).profiles;
    expect(p.hasPasscode).toBe(true);
    expect(secrets.values.get(passcodeKey(p.id))).toBe('typed-by-hand');
    expect(await readFile(join(dir, PROFILES_FILE), 'utf8')).not.toContain('typed-by-hand');
  });

  it('migrates an export of schemaVersion 1', async () => {
    const store = await openStore(dir, secrets);
    const [p] = (await store.importJson(JSON.stringify({ schemaVersion: 1, profiles: [{ id: 'x', name: 'Old', url: 'tcp://old', username: 'u', heartbeat: '0,0' }] }))).profiles;
    expect(p).toMatchObject({ name: 'Old', uri: 'tcp://old', login: 'u', heartBeat: [0, 0], builtIn: false });
  });

  it('answers bad input with a typed error naming each profile and field, and changes nothing', async () => {
    const { store } = await storeWithTwo();
    const before = await readFile(join(dir, PROFILES_FILE));
    const secretsBefore = new Map(secrets.values);
    const listBefore = store.list();
    const json = JSON.stringify({
      format: PROFILES_EXPORT_FORMAT,
      schemaVersion: 2,
      profiles: [
        { name: 'fine', uri: 'tcp://fine', passcode: 'would-be-stored' },
        { name: 'Bad colour', uri: 'tcp://c', color: 'blue' },
        { name: 'Bad URI', uri: 'tcp://host:0' },
        { uri: 'tcp://d', heartBeat: [1] },
      ],
    });

    const error = await apiError(() => store.importJson(json));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/^import: nothing was imported: /);
    expect(error.message).toContain('profile 2 ("Bad colour"): color: a colour is #rrggbb');
    expect(error.message).toContain('profile 3 ("Bad URI"): uri: bad port "0"');
    expect(error.message).toContain('profile 4: name:');
    const issues = (error.details as { issues: { index: number; path: string; uri?: unknown }[] }).issues;
    expect(issues.map((i) => i.path)).toEqual(['profiles.1.color', 'profiles.2.uri', 'profiles.3.name', 'profiles.3.heartBeat']);
    expect(issues[1]).toMatchObject({ index: 2, name: 'Bad URI', uri: { offset: 11, length: 1, problem: 'bad-port' } });

    expect(await readFile(join(dir, PROFILES_FILE))).toEqual(before);
    expect(secrets.values).toEqual(secretsBefore);
    expect(store.list()).toEqual(listBefore);
  });

  it('answers what is not an export at all', async () => {
    const store = await openStore(dir, secrets);
    const cases: [string, string, RegExp][] = [
      ['{ nope', 'invalid-request', /not JSON/],
      ['"a string"', 'invalid-request', /expected a profiles export/],
      ['{"format": "something-else", "profiles": []}', 'invalid-request', /not a STOMP Explorer profiles export/],
      ['{"schemaVersion": "2", "profiles": []}', 'invalid-request', /schemaVersion must be a positive integer/],
      ['{"schemaVersion": 2, "profiles": {}}', 'invalid-request', /"profiles" must be a list/],
      ['{"schemaVersion": 99, "profiles": []}', 'unsupported', /newer STOMP Explorer/],
      [JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ name: `p${i}`, uri: 'tcp://a' }))), 'too-large', /at most 1000/],
    ];
    for (const [json, code, message] of cases) {
      const error = await apiError(() => store.importJson(json));
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
    }
    expect(store.list()).toHaveLength(1);
  });

  it('undoes the passcodes it stored when a later one fails', async () => {
    const store = await openStore(dir, secrets);
    const realSet = secrets.set.bind(secrets);
    let calls = 0;
    secrets.set = async (key, value) => {
      if (++calls === 2) throw new Error('keyring went away');
      return realSet(key, value);
    };
    const json = JSON.stringify([
      { name: 'one', uri: 'tcp://a', passcode: '1' },
      { name: 'two', uri: 'tcp://a', passcode: '2' },
    ]);
    await expect(store.importJson(json)).rejects.toThrow('keyring went away');
    expect(secrets.values.size).toBe(0);
    expect(store.list()).toHaveLength(1);
  });
});
