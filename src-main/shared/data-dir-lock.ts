/**
 * One process at a time on a data folder. The Electron app and browser mode read and write the same
 * profiles, secrets and captures; two processes writing them at once would lose each other's
 * changes (each rewrites whole files) or corrupt a capture. So each adapter takes this lock before
 * it creates the host, and a second process refuses with a message naming the first.
 *
 * The lock is `<data folder>/stomp-explorer.lock`, created with O_EXCL (so two starting processes
 * can never both succeed) and holding who took it: pid, mode, since when, host name, a nonce, and
 * on Linux the process's start time (so a reused pid is not mistaken for the holder). A lock whose
 * holder is gone (crashed, killed) is stale and is taken over; taking over is serialised through a
 * second O_EXCL object (`stomp-explorer.lock.takeover`, a directory) so that two processes finding
 * the same stale lock cannot both delete a fresh one. Synchronous on purpose: the Electron app
 * must decide before its `ready` event, and release runs in `process.on('exit')`.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processLiveness, processStartTicks } from './process-identity';

export const LOCK_FILE_NAME = 'stomp-explorer.lock';
export type LockMode = 'electron' | 'web';

export interface LockHolder {
  readonly pid: number;
  readonly mode: LockMode;
  /** ISO time the lock was taken. */
  readonly since: string;
  readonly hostname: string;
  readonly nonce: string;
  /** Linux: the holder's start time in clock ticks since boot. */
  readonly startTicks?: string;
}

export interface DataDirLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** The crashed holder whose stale lock this one replaced, if any. */
  readonly tookOverFrom?: LockHolder;
  /** Removes the lock if it is still ours; idempotent. */
  release(): void;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by another STOMP Explorer: ${describeHolder(holder)}. ` +
        'Profiles, secrets and captures are open in one process at a time: close that one first, or set STOMP_EXPLORER_DATA_DIR to another folder.',
    );
    this.name = 'DataDirInUseError';
  }
}

export interface LockOptions {
  /** Whether a recorded holder still runs; the real check unless a test replaces it. */
  readonly isAlive?: (holder: LockHolder) => boolean;
}

/** A lock file that was created but never filled (its writer died in between) is stale after this. */
const EMPTY_LOCK_GRACE_MS = 2000;
/** A takeover directory older than this belongs to a process that died while taking over. */
const TAKEOVER_STALE_MS = 5000;
const RETRY_MS = 25;
const MAX_ATTEMPTS = 400; // 10 s of contention at most

export function describeHolder(holder: LockHolder): string {
  const mode = holder.mode === 'electron' ? 'the desktop app' : 'browser mode';
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  return `${mode}, pid ${holder.pid}${where}, since ${holder.since}`;
}

/** Takes the data folder's lock or throws DataDirInUseError naming its holder. */
export function lockDataDir(dataDir: string, mode: LockMode, options: LockOptions = {}): DataDirLock {
  const isAlive = options.isAlive ?? holderIsAlive;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE_NAME);
  const me: LockHolder = {
    pid: process.pid,
    mode,
    since: new Date().toISOString(),
    hostname: hostname(),
    nonce: randomUUID(),
    ...(processStartTicks(process.pid) === undefined ? {} : { startTicks: processStartTicks(process.pid) }),
  };
  let tookOverFrom: LockHolder | undefined;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (tryCreate(path, me)) return heldLock(path, me, tookOverFrom);
    const found = readLock(path);
    if (found.kind === 'gone') continue;
    if (found.kind === 'unreadable') {
      // Being written this very moment, or left empty by a writer that died: wait, then take over.
      if (Date.now() - found.mtimeMs < EMPTY_LOCK_GRACE_MS) {
        sleep(RETRY_MS);
        continue;
      }
    } else if (isAlive(found.holder)) {
      throw new DataDirInUseError(dataDir, found.holder);
    }
    if (removeStale(path, found.text)) {
      if (found.kind === 'held') tookOverFrom = found.holder;
    } else sleep(RETRY_MS);
  }
  throw new Error(`could not lock the data folder ${dataDir}: ${path} kept changing for ${(MAX_ATTEMPTS * RETRY_MS) / 1000} s`);
}

function holderIsAlive(holder: LockHolder): boolean {
  // A lock from another machine (a shared network folder) cannot be checked: it counts as held.
  if (holder.hostname !== hostname()) return true;
  return processLiveness(holder.pid, holder.startTicks) === 'alive';
}

function tryCreate(path: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

type Found =
  | { readonly kind: 'gone' }
  | { readonly kind: 'unreadable'; readonly text: string; readonly mtimeMs: number }
  | { readonly kind: 'held'; readonly text: string; readonly holder: LockHolder };

function readLock(path: string): Found {
  let text: string;
  let mtimeMs: number;
  try {
    text = readFileSync(path, 'utf8');
    mtimeMs = statSync(path).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw error;
  }
  const holder = parseHolder(text);
  return holder === undefined ? { kind: 'unreadable', text, mtimeMs } : { kind: 'held', text, holder };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    const valid =
      Number.isSafeInteger(value.pid) &&
      (value.mode === 'electron' || value.mode === 'web') &&
      typeof value.since === 'string' &&
      typeof value.hostname === 'string' &&
      typeof value.nonce === 'string';
    return valid ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deletes the lock only if it still holds exactly the stale text we judged, under the takeover
 * directory; false when another process is taking over (try again shortly).
 */
function removeStale(path: string, staleText: string): boolean {
  const mutex = `${path}.takeover`;
  try {
    mkdirSync(mutex, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(mutex).mtimeMs > TAKEOVER_STALE_MS) rmdirSync(mutex);
    } catch {
      // gone meanwhile: the next attempt sees the outcome
    }
    return false;
  }
  try {
    let current: string | undefined;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = undefined; // removed meanwhile
    }
    if (current === staleText) unlinkSync(path);
    return true;
  } finally {
    rmdirSync(mutex);
  }
}

function heldLock(path: string, me: LockHolder, tookOverFrom: LockHolder | undefined): DataDirLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      const found = readLock(path);
      if (found.kind === 'held' && found.holder.nonce === me.nonce) unlinkSync(path);
    } catch {
      // The folder itself is gone or unreadable: nothing of ours is left to remove.
    }
  };
  // Also on a plain process.exit(): a clean exit never leaves a lock for the next start to judge.
  process.on('exit', release);
  return { path, holder: me, ...(tookOverFrom === undefined ? {} : { tookOverFrom }), release };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
