import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedFileSecretStore, MACHINE_KEY_FILE, PASSPHRASE_ENV, SECRETS_FILE, SecretStoreError } from '../../src-main/host/secrets';
import { filesContaining, listFiles, tempDataDir, TEST_SCRYPT_COST } from './secret-test-kit';

const PASSCODE = 'Sup3r-Secret-Passc0de!';
const posix = process.platform !== 'win32';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

function store(options: { passphrase?: string; env?: Record<string, string> } = {}): EncryptedFileSecretStore {
  // An empty env: the developer's own STOMP_EXPLORER_SECRET_PASSPHRASE must not leak into tests.
  return new EncryptedFileSecretStore({ dataDir: dir, env: {}, scryptCost: TEST_SCRYPT_COST, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

async function editSecretsFile(edit: (document: any) => void): Promise<void> {
  const path = join(dir, SECRETS_FILE);
  const document = JSON.parse(await readFile(path, 'utf8'));
  edit(document);
  await writeFile(path, JSON.stringify(document));
}

/** Flips one bit of a base64 field. */
function flipBit(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 1;
  return bytes.toString('base64');
}

describe('EncryptedFileSecretStore with the machine key', () => {
  it('round-trips secrets, also through a new instance', async () => {
    const first = store();
    expect(await first.get('profile:a:passcode')).toBeUndefined();
    await first.set('profile:a:passcode', PASSCODE);
    await first.set('profile:b:passcode', 'ünïcødé ✓');
    await first.set('profile:c:passcode', '');
    expect(await first.get('profile:a:passcode')).toBe(PASSCODE);

    const second = store();
    expect(await second.get('profile:a:passcode')).toBe(PASSCODE);
    expect(await second.get('profile:b:passcode')).toBe('ünïcødé ✓');
    expect(await second.get('profile:c:passcode')).toBe('');
    await second.delete('profile:a:passcode');
    await second.delete('profile:never-set');
    expect(await store().get('profile:a:passcode')).toBeUndefined();
    expect(await store().get('profile:b:passcode')).toBe('ünïcødé ✓');
  });

  it('keeps concurrent writes', async () => {
    const s = store();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.set(`k${i}`, `v${i}`)));
    const fresh = store();
    for (let i = 0; i < 20; i++) expect(await fresh.get(`k${i}`)).toBe(`v${i}`);
  });

  it('never writes the secret in any readable form, and keeps the files private', async () => {
    await store().set('profile:a:passcode', PASSCODE);
    expect(await filesContaining(dir, PASSCODE)).toEqual([]);
    expect(await listFiles(dir)).toEqual([MACHINE_KEY_FILE, SECRETS_FILE]);
    const document = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(document.schemaVersion).toBe(1);
    expect(document.key.source).toBe('machine-key');
    expect(document.key.kdf.name).toBe('scrypt');
    expect(Object.keys(document.secrets)).toEqual(['profile:a:passcode']);
    if (posix) {
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
      expect((await stat(join(dir, SECRETS_FILE))).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, MACHINE_KEY_FILE))).mode & 0o777).toBe(0o600);
    }
  });

  it('uses a fresh IV for every value: equal secrets give different ciphertexts', async () => {
    const s = store();
    await s.set('x', PASSCODE);
    await s.set('y', PASSCODE);
    const document = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(document.secrets.x.iv).not.toBe(document.secrets.y.iv);
    expect(document.secrets.x.data).not.toBe(document.secrets.y.data);
  });

  it('says clearly that secrets cannot be read when the key file is gone', async () => {
    await store().set('profile:a:passcode', PASSCODE);
    await rm(join(dir, MACHINE_KEY_FILE));
    const error = await rejection(store().get('profile:a:passcode'));
    expect(error.reason).toBe('missing-key-file');
    expect(error.code).toBe('io-error');
    expect(error.message).toContain(MACHINE_KEY_FILE);
  });

  it('says clearly when the key file is not the one the secrets were sealed with', async () => {
    await store().set('profile:a:passcode', PASSCODE);
    const other = await tempDataDir();
    try {
      await new EncryptedFileSecretStore({ dataDir: other.dir, env: {}, scryptCost: TEST_SCRYPT_COST }).set('x', 'y');
      // A valid key file, but another data dir's.
      await writeFile(join(dir, MACHINE_KEY_FILE), await readFile(join(other.dir, MACHINE_KEY_FILE)));
    } finally {
      await other.cleanup();
    }
    const error = await rejection(store().get('profile:a:passcode'));
    expect(error.reason).toBe('wrong-key-file');
    expect(error.message).toContain('replaced or damaged');
  });

  it('narrows a key file that others can read, and says so', async () => {
    if (!posix) return;
    const s = store();
    await s.set('a', 'b');
    await chmod(join(dir, MACHINE_KEY_FILE), 0o644);
    const fresh = store();
    expect(await fresh.get('a')).toBe('b');
    expect((await stat(join(dir, MACHINE_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(fresh.diagnostics.map((d) => d.kind)).toContain('permissions');
  });

  it('describes what the machine key protects against, and what not', () => {
    const text = store().describe();
    expect(text).toContain('AES-256-GCM');
    expect(text).toContain(MACHINE_KEY_FILE);
    expect(text).toMatch(/root/);
    expect(text).toContain(PASSPHRASE_ENV);
  });
});

describe('EncryptedFileSecretStore with a passphrase', () => {
  it('takes the passphrase from the environment and stores no key file', async () => {
    const s = store({ env: { [PASSPHRASE_ENV]: 'correct horse battery staple' } });
    expect(s.protection).toBe('passphrase');
    await s.set('profile:a:passcode', PASSCODE);
    expect(await listFiles(dir)).toEqual([SECRETS_FILE]);
    expect(await filesContaining(dir, PASSCODE)).toEqual([]);
    expect(await filesContaining(dir, 'correct horse battery staple')).toEqual([]);
    expect(await store({ passphrase: 'correct horse battery staple' }).get('profile:a:passcode')).toBe(PASSCODE);
    expect(s.describe()).toContain('never written to disk');
  });

  it('answers a wrong passphrase with a clear, typed error', async () => {
    await store({ passphrase: 'right' }).set('profile:a:passcode', PASSCODE);
    const error = await rejection(store({ passphrase: 'wrong' }).get('profile:a:passcode'));
    expect(error.reason).toBe('wrong-passphrase');
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain(PASSPHRASE_ENV);
    expect(error.toBody().details).toMatchObject({ reason: 'wrong-passphrase' });
    // A wrong passphrase must not damage the file: the right one still opens it.
    expect(await store({ passphrase: 'right' }).get('profile:a:passcode')).toBe(PASSCODE);
  });

  it('reports a wrong passphrase at start-up through check()', async () => {
    await store({ passphrase: 'right' }).set('a', 'b');
    expect((await rejection(store({ passphrase: 'wrong' }).check())).reason).toBe('wrong-passphrase');
    await expect(store({ passphrase: 'right' }).check()).resolves.toBeUndefined();
  });

  it('asks for the passphrase when none is set', async () => {
    await store({ passphrase: 'right' }).set('a', 'b');
    const error = await rejection(store().get('a'));
    expect(error.reason).toBe('passphrase-required');
    expect(error.message).toContain(PASSPHRASE_ENV);
  });

  it('still forgets secrets without the right passphrase', async () => {
    const s = store({ passphrase: 'right' });
    await s.set('a', 'b');
    await s.set('c', 'd');
    await store({ passphrase: 'wrong' }).delete('a');
    const reopened = store({ passphrase: 'right' });
    expect(await reopened.get('a')).toBeUndefined();
    expect(await reopened.get('c')).toBe('d');
  });

  it('moves secrets from the machine key to a passphrase set later', async () => {
    await store().set('a', PASSCODE);
    const upgraded = store({ passphrase: 'now with a passphrase' });
    expect(await upgraded.get('a')).toBe(PASSCODE);
    expect(upgraded.diagnostics.map((d) => d.kind)).toContain('migrated');
    const document = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(document.key.source).toBe('passphrase');
    expect((await rejection(store().get('a'))).reason).toBe('passphrase-required');
    expect(await store({ passphrase: 'now with a passphrase' }).get('a')).toBe(PASSCODE);
  });

  it('derives the same key from a passphrase in NFC or NFD', async () => {
    await store({ passphrase: 'caf\u00e9' }).set('a', 'b');
    expect(await store({ passphrase: 'cafe\u0301' }).get('a')).toBe('b');
  });
});

describe('EncryptedFileSecretStore and a damaged file', () => {
  it('detects a changed ciphertext', async () => {
    const s = store();
    await s.set('a', PASSCODE);
    await s.set('b', 'untouched');
    await editSecretsFile((d) => (d.secrets.a.data = flipBit(d.secrets.a.data)));
    const fresh = store();
    const error = await rejection(fresh.get('a'));
    expect(error.reason).toBe('tampered');
    expect(error.message).toContain('integrity');
    expect(await fresh.get('b')).toBe('untouched');
    // Setting the secret again repairs it.
    await fresh.set('a', 'new');
    expect(await store().get('a')).toBe('new');
  });

  it('detects a changed tag or IV, and a truncated tag', async () => {
    await store().set('a', PASSCODE);
    const original = await readFile(join(dir, SECRETS_FILE), 'utf8');
    for (const edit of [
      (d: any) => (d.secrets.a.tag = flipBit(d.secrets.a.tag)),
      (d: any) => (d.secrets.a.iv = flipBit(d.secrets.a.iv)),
      (d: any) => (d.secrets.a.tag = Buffer.from(d.secrets.a.tag, 'base64').subarray(0, 4).toString('base64')),
    ]) {
      await writeFile(join(dir, SECRETS_FILE), original);
      await editSecretsFile(edit);
      expect((await rejection(store().get('a'))).reason).toBe('tampered');
    }
  });

  it('detects a ciphertext moved from one entry to another', async () => {
    const s = store();
    await s.set('profile:a:passcode', 'passcode of a');
    await s.set('profile:b:passcode', 'passcode of b');
    await editSecretsFile((d) => (d.secrets['profile:b:passcode'] = d.secrets['profile:a:passcode']));
    expect((await rejection(store().get('profile:b:passcode'))).reason).toBe('tampered');
  });

  it('detects a changed data key record under a passphrase', async () => {
    await store({ passphrase: 'right' }).set('a', 'b');
    await editSecretsFile((d) => (d.key.dataKey.data = flipBit(d.key.dataKey.data)));
    expect((await rejection(store({ passphrase: 'right' }).get('a'))).reason).toBe('wrong-passphrase');
  });

  it('moves a file that is not JSON aside and starts afresh', async () => {
    await store().set('a', 'b');
    await writeFile(join(dir, SECRETS_FILE), '{ not json');
    const fresh = store();
    expect(await fresh.get('a')).toBeUndefined();
    const [diagnostic] = fresh.diagnostics;
    expect(diagnostic.kind).toBe('invalid-json');
    expect(diagnostic.keptAt).toMatch(/secrets\.json\.corrupt-/);
    expect(await readFile(diagnostic.keptAt!, 'utf8')).toBe('{ not json');
    await fresh.set('a', 'again');
    expect(await store().get('a')).toBe('again');
  });

  it('refuses scrypt parameters that would exhaust memory', async () => {
    await store().set('a', 'b');
    await editSecretsFile((d) => (d.key.kdf.N = 2 ** 30));
    const fresh = store();
    expect(await fresh.get('a')).toBeUndefined();
    expect(fresh.diagnostics[0].kind).toBe('invalid-format');
  });
});

describe('EncryptedFileSecretStore with the default scrypt cost', () => {
  it('round-trips', async () => {
    const s = new EncryptedFileSecretStore({ dataDir: dir, passphrase: 'p' });
    await s.set('a', PASSCODE);
    expect(await new EncryptedFileSecretStore({ dataDir: dir, passphrase: 'p' }).get('a')).toBe(PASSCODE);
    const document = JSON.parse(await readFile(join(dir, SECRETS_FILE), 'utf8'));
    expect(document.key.kdf).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
  });
});
