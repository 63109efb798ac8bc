import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-core/api';
import { SAFE_STORAGE_FILE, SafeStorageSecretStore, SecretStoreError, type SafeStorageLike } from '../../src-main/host/secrets';
import { filesContaining, listFiles, tempDataDir } from './secret-test-kit';

const PASSCODE = 'Sup3r-Secret-Passc0de!';

/** Electron's safeStorage in shape: a reversible scramble with a version prefix, as Chromium writes. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend: string | undefined = undefined;
  calls = 0;

  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plainText: string): Buffer {
    this.calls++;
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.concat([Buffer.from('v10'), Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a)]);
  }
  decryptString(encrypted: Buffer): string {
    if (encrypted.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
  }
  getSelectedStorageBackend(): string {
    return this.backend ?? 'gnome_libsecret';
  }
}

let dir: string;
let cleanup: () => Promise<void>;
let safeStorage: FakeSafeStorage;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDataDir());
  safeStorage = new FakeSafeStorage();
});
afterEach(() => cleanup());

const store = () => new SafeStorageSecretStore({ dataDir: dir, safeStorage });

async function rejection(promise: Promise<unknown>): Promise<SecretStoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretStoreError);
  return error as SecretStoreError;
}

describe('SafeStorageSecretStore', () => {
  it('round-trips through safeStorage and its own file', async () => {
    await store().set('profile:a:passcode', PASSCODE);
    expect(await store().get('profile:a:passcode')).toBe(PASSCODE);
    expect(await store().get('profile:b:passcode')).toBeUndefined();
    expect(await listFiles(dir)).toEqual([SAFE_STORAGE_FILE]);
    expect(await filesContaining(dir, PASSCODE)).toEqual([]);
    const document = JSON.parse(await readFile(join(dir, SAFE_STORAGE_FILE), 'utf8'));
    expect(document.schemaVersion).toBe(1);
    expect(Buffer.from(document.secrets['profile:a:passcode'], 'base64').subarray(0, 3).toString()).toBe('v10');
    await store().delete('profile:a:passcode');
    expect(await store().get('profile:a:passcode')).toBeUndefined();
  });

  it('refuses to store when encryption is not available, and writes nothing', async () => {
    safeStorage.available = false;
    const s = store();
    expect(s.available).toBe(false);
    const error = await rejection(s.set('profile:a:passcode', PASSCODE));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('unsupported');
    expect(error.reason).toBe('unavailable');
    expect(error.message).toMatch(/will not store it unprotected/);
    expect(safeStorage.calls).toBe(0);
    expect(await filesContaining(dir, PASSCODE)).toEqual([]);
    expect(s.describe()).toMatch(/does not save passcodes/);
  });

  it("refuses Linux's basic_text fallback, a hard-coded password", async () => {
    safeStorage.backend = 'basic_text';
    const error = await rejection(store().set('a', PASSCODE));
    expect(error.code).toBe('unsupported');
    expect(error.message).toContain('built-in password');
    expect(safeStorage.calls).toBe(0);
  });

  it('cannot read without encryption, but can forget', async () => {
    await store().set('a', PASSCODE);
    safeStorage.available = false;
    expect((await rejection(store().get('a'))).code).toBe('unsupported');
    await store().delete('a');
    safeStorage.available = true;
    expect(await store().get('a')).toBeUndefined();
  });

  it('reports a value that no longer decrypts', async () => {
    await store().set('a', PASSCODE);
    const path = join(dir, SAFE_STORAGE_FILE);
    const document = JSON.parse(await readFile(path, 'utf8'));
    document.secrets.a = Buffer.from('garbage').toString('base64');
    await writeFile(path, JSON.stringify(document));
    const error = await rejection(store().get('a'));
    expect(error.reason).toBe('tampered');
    expect(error.message).toContain('Enter it again');
  });

  it('describes the protection, naming the backend', () => {
    const text = store().describe();
    expect(text).toContain('safeStorage');
    expect(text).toContain('gnome_libsecret');
  });
});
