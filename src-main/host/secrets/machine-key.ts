/**
 * The random key that protects secrets.json when no passphrase is configured: 32 bytes in
 * `<dataDir>/.secret-key`, mode 0600, in a 0700 directory. It is what makes a copy of
 * secrets.json alone (a backup, a synced folder, a support bundle) useless.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileAtomic, errorCode } from '../storage/atomic-write';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { KEY_BYTES } from './sealed-box';
import { SecretStoreError } from './secret-store-error';

export const MACHINE_KEY_FILE = '.secret-key';
const HEADER = 'stomp-explorer machine key v1';

export interface MachineKey {
  readonly key: Buffer;
  readonly diagnostics: readonly StoreDiagnostic[];
}

export function machineKeyPath(dataDir: string): string {
  return join(dataDir, MACHINE_KEY_FILE);
}

/** Reads the key; undefined when there is none. */
export async function readMachineKey(dataDir: string): Promise<MachineKey | undefined> {
  const path = machineKeyPath(dataDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new SecretStoreError('missing-key-file', `cannot read the key file ${path}: ${(error as Error).message}`, { file: path });
  }
  const [header, body] = text.split('\n');
  const key = Buffer.from(body ?? '', 'base64');
  if (header !== HEADER || key.length !== KEY_BYTES) {
    throw new SecretStoreError('wrong-key-file', `the key file ${path} is damaged (not a STOMP Explorer machine key)`, { file: path });
  }
  return { key, diagnostics: await narrowPermissions(path) };
}

/** Reads the key, creating it first when there is none. */
export async function readOrCreateMachineKey(dataDir: string): Promise<MachineKey> {
  const existing = await readMachineKey(dataDir);
  if (existing) return existing;
  const key = randomBytes(KEY_BYTES);
  const created = await createFileAtomic(machineKeyPath(dataDir), `${HEADER}\n${key.toString('base64')}\n`, { mode: 0o600 });
  if (created) return { key, diagnostics: [] };
  // Another process created one at the same moment: use theirs, there must be only one.
  const theirs = await readMachineKey(dataDir);
  if (!theirs) throw new SecretStoreError('missing-key-file', `the key file ${machineKeyPath(dataDir)} vanished while being created`);
  return theirs;
}

/** A key file others can read protects nothing; fix it, and say so. */
async function narrowPermissions(path: string): Promise<StoreDiagnostic[]> {
  if (process.platform === 'win32') return [];
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return [];
  await chmod(path, 0o600);
  return [
    {
      level: 'warning',
      kind: 'permissions',
      file: path,
      message: `the key file ${path} was accessible to other users (mode ${(mode & 0o777).toString(8)}); it was set to 0600. Secrets saved before may have been exposed`,
    },
  ];
}
