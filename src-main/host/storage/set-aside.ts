/**
 * Keeps the bytes of a file the app could not use, under `<name>.corrupt-<timestamp>`, so that a
 * damaged file is never silently lost: the user (or support) can still recover it by hand.
 */
import { chmod, constants, copyFile, unlink } from 'node:fs/promises';
import { errorCode } from './atomic-write';

/** `move` when the file will be replaced, `copy` when it stays and is only partly usable. */
export async function setAside(path: string, how: 'move' | 'copy', now: Date): Promise<string> {
  // Colons and dots are not welcome in Windows file names.
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; n < 1000; n++) {
    const target = `${path}.corrupt-${stamp}${n === 0 ? '' : `-${n}`}`;
    try {
      // EXCL: an earlier set-aside with the same timestamp is never overwritten.
      await copyFile(path, target, constants.COPYFILE_EXCL);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    await chmod(target, 0o600).catch(() => undefined);
    if (how === 'move') await unlink(path);
    return target;
  }
  throw new Error(`could not find a free name to set ${path} aside`);
}
