/** Shared by the secret, profile and template tests: temp data dirs, a memory secret store, a byte search. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecretStore } from '../../src-main/host/secrets';

/** A fast scrypt cost for tests; production files use the default. */
export const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 } as const;

export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const parent = await mkdtemp(join(tmpdir(), 'stomp-explorer-host-'));
  const dir = join(parent, 'data');
  return { dir, cleanup: () => rm(parent, { recursive: true, force: true }) };
}

export class MemorySecretStore implements SecretStore {
  readonly values = new Map<string, string>();
  /** Makes the next `set` fail, to test rollbacks. */
  failNextSet = false;

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    if (this.failNextSet) {
      this.failNextSet = false;
      throw new Error('set failed (test)');
    }
    this.values.set(key, value);
  }
  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
  describe(): string {
    return 'in memory, for tests';
  }
}

/**
 * Every file under `dir` whose bytes contain the secret, in plain UTF-8, UTF-16, base64 or hex:
 * any of these in a file would mean the secret was stored unprotected.
 */
export async function filesContaining(dir: string, secret: string): Promise<string[]> {
  const needles = [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret, 'utf8').toString('base64').replace(/=+$/, ''), 'utf8'),
    Buffer.from(Buffer.from(secret, 'utf8').toString('hex'), 'utf8'),
  ];
  const hits: string[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    if (needles.some((needle) => bytes.includes(needle))) hits.push(path);
  }
  return hits;
}

export async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
