/** The data directory: created readable by the user only, since it holds their brokers and keys. */
import { chmod, mkdir } from 'node:fs/promises';

export interface PrivateDirOptions {
  /**
   * Also narrow an existing directory to 0700. The secret stores ask for it: their key file is
   * only as private as the directory it sits in (anyone who can write there can replace it).
   */
  readonly tighten?: boolean;
}

export async function ensurePrivateDir(dir: string, options: PrivateDirOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Windows has no POSIX modes; there the user profile's ACLs do this job.
  if (options.tighten && process.platform !== 'win32') await chmod(dir, 0o700);
}
