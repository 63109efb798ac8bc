/**
 * Writes that never leave a half-written file behind. The bytes go to a temporary file in the
 * same directory (a rename cannot cross file systems), are flushed to disk, and only then take
 * the target's name. A crash leaves the old file or the new one, and at worst a stray `.tmp-*`.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface WriteOptions {
  /** Permission bits of the new file; 0600 unless told, as everything here is the user's own. */
  readonly mode?: number;
}

/** Replaces `path` with `data` in one step. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const temp = await writeTemp(path, data, options.mode ?? 0o600);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/**
 * Creates `path` with `data` unless it exists, in one step: answers false when another writer was
 * first. A hard link, unlike a rename, refuses to replace an existing name, which is what makes a
 * key file created by two processes at once end up as one key.
 */
export async function createFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<boolean> {
  const temp = await writeTemp(path, data, options.mode ?? 0o600);
  try {
    await link(temp, path);
    await syncDirectory(dirname(path));
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

async function writeTemp(path: string, data: string | Uint8Array, mode: number): Promise<string> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  // 'wx': a name that somehow exists is never reused, so the mode below always applies.
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

/** Makes the rename itself durable. Windows cannot open a directory; its rename is durable enough. */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
