/**
 * The promise the profiles make: a passcode is never on disk in a readable form, not in
 * profiles.json, not in an export, not in secrets.json, not in any backup or set-aside copy.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES_FILE } from '../../src-main/host/profiles';
import { EncryptedFileSecretStore, MACHINE_KEY_FILE, SECRETS_FILE } from '../../src-main/host/secrets';
import { filesContaining, tempDataDir, TEST_SCRYPT_COST } from './secret-test-kit';
import { apiError, openStore } from './profile-test-kit';

const PASSCODES = ['Pr0d-Passc0de-#1', 'another passcode with spaces', 'unicode-pässcødé-✓', 'imported-passcode-42'];

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

const secretStore = (passphrase?: string) =>
  new EncryptedFileSecretStore({ dataDir: dir, env: {}, scryptCost: TEST_SCRYPT_COST, ...(passphrase ? { passphrase } : {}) });

async function noPasscodeAnywhere(extra: string[] = []): Promise<void> {
  for (const passcode of PASSCODES) {
    expect(await filesContaining(dir, passcode), passcode).toEqual([]);
    for (const text of extra) expect(text).not.toContain(passcode);
  }
}

describe('profiles with the encrypted file secret store', () => {
  it('keep passcodes out of every file under the data dir and out of exports', async () => {
    const store = await openStore(dir, secretStore());
    const a = await store.create({ name: 'A', uri: 'tcp://a', login: 'alice', passcode: PASSCODES[0] });
    const b = await store.create({ name: 'B', uri: 'tcp://b', passcode: 'to be replaced' });
    await store.update(b.id, { passcode: PASSCODES[1] });
    const c = await store.create({ name: 'C', uri: 'tcp://c' });
    await store.update(c.id, { passcode: PASSCODES[2] });
    const copy = await store.duplicate(a.id);
    const [imported] = (await store.importJson(JSON.stringify([{ name: "I", uri: "tcp://i", passcode: PASSCODES[3] }]))).profiles;
    const exported = store.exportJson();
    const exportedSome = store.exportJson([a.id, imported.id]);

    expect(await readdir(dir)).toEqual(expect.arrayContaining([PROFILES_FILE, SECRETS_FILE, MACHINE_KEY_FILE]));
    await noPasscodeAnywhere([exported, exportedSome, JSON.stringify(store.list())]);
    expect(await readFile(join(dir, PROFILES_FILE), 'utf8')).not.toMatch(/"passcode"/);
    expect(JSON.parse(exported).profiles.every((p: { hasPasscode: boolean }) => p.hasPasscode === false)).toBe(true);

    // ...yet each is there for the client, after a restart too.
    const reopened = await openStore(dir, secretStore());
    expect((await reopened.getConnectSettings(a.id)).passcode).toBe(PASSCODES[0]);
    expect((await reopened.getConnectSettings(b.id)).passcode).toBe(PASSCODES[1]);
    expect((await reopened.getConnectSettings(c.id)).passcode).toBe(PASSCODES[2]);
    expect((await reopened.getConnectSettings(copy.id)).passcode).toBe(PASSCODES[0]);
    expect((await reopened.getConnectSettings(imported.id)).passcode).toBe(PASSCODES[3]);
  });

  it('keep them out of the files left by a migration and a damaged file too', async () => {
    const store = await openStore(dir, secretStore());
    await store.create({ name: 'A', uri: 'tcp://a', passcode: PASSCODES[0] });
    const path = join(dir, PROFILES_FILE);
    await writeFile(path, `${await readFile(path, 'utf8')}garbage`);
    const reopened = await openStore(dir, secretStore());
    expect(reopened.diagnostics[0].kind).toBe('invalid-json');
    await noPasscodeAnywhere();
  });

  it('remove the secret with the profile', async () => {
    const secrets = secretStore();
    const store = await openStore(dir, secrets);
    const a = await store.create({ name: 'A', uri: 'tcp://a', passcode: PASSCODES[0] });
    await store.delete(a.id);
    const document = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(document.secrets).toEqual({});
  });

  it('still list, edit and delete profiles when the passphrase is wrong; connecting says why it cannot', async () => {
    const store = await openStore(dir, secretStore('right'));
    const a = await store.create({ name: 'A', uri: 'tcp://a', passcode: PASSCODES[0] });
    const b = await store.create({ name: 'B', uri: 'tcp://b', passcode: PASSCODES[1] });

    const wrong = await openStore(dir, secretStore('wrong'));
    expect(wrong.list()).toHaveLength(3);
    await wrong.update(a.id, { name: 'A renamed' });
    const error = await apiError(() => wrong.getConnectSettings(a.id));
    expect(error.code).toBe('unauthorized');
    expect(error.details).toMatchObject({ reason: 'wrong-passphrase' });
    await wrong.delete(b.id);

    const right = await openStore(dir, secretStore('right'));
    expect((await right.getConnectSettings(a.id)).passcode).toBe(PASSCODES[0]);
    expect(right.list().map((p) => p.name)).toEqual(['Sandbox (built-in broker)', 'A renamed']);
  });
});
