/**
 * The data folder's lock (src-main/shared/data-dir-lock.ts): one holder at a time, a clear refusal
 * naming the holder, stale locks of crashed holders taken over, and exactly one winner when
 * several processes race for a folder whose holder crashed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE_NAME, lockDataDir, type LockHolder } from '../../src-main/shared/data-dir-lock';
import { processLiveness, processStartTicks } from '../../src-main/shared/process-identity';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => join(scratch, `data-${++folders}`);

/** The pid of a process that has already exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function writeHolder(dir: string, holder: Partial<LockHolder>): void {
  const full: LockHolder = { pid: 1, mode: 'web', since: '2026-01-02T03:04:05.000Z', hostname: hostname(), nonce: 'n', ...holder };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify(full));
}

describe('the data folder lock', () => {
  it('records who holds it, readable by the user only, and is gone once released', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir, 'electron');
    const file = join(dir, LOCK_FILE_NAME);
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    expect(recorded).toMatchObject({ pid: process.pid, mode: 'electron', hostname: hostname() });
    expect(Date.parse(recorded.since)).toBeGreaterThan(Date.now() - 60_000);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
    }
    lock.release();
    lock.release();
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });

  it('refuses a second holder with a message naming the first: mode, pid, since when', () => {
    const dir = freshDir();
    const first = lockDataDir(dir, 'web');
    let error: unknown;
    try {
      lockDataDir(dir, 'electron');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataDirInUseError);
    const refusal = error as DataDirInUseError;
    expect(refusal.holder.pid).toBe(process.pid);
    expect(refusal.message).toContain(`The data folder ${dir} is in use by another STOMP Explorer: browser mode, pid ${process.pid}, since ${first.holder.since}.`);
    first.release();
    lockDataDir(dir, 'electron').release();
  });

  it('takes over the lock of a holder that is gone, and says whose it was', () => {
    const dir = freshDir();
    const pid = deadPid();
    writeHolder(dir, { pid, mode: 'electron' });
    const lock = lockDataDir(dir, 'web');
    expect(lock.tookOverFrom).toMatchObject({ pid, mode: 'electron' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, mode: 'web' });
    lock.release();
  });

  it('a live pid with another start time is a reused pid, not the holder (Linux)', () => {
    const dir = freshDir();
    const ticks = processStartTicks(process.pid);
    if (process.platform !== 'linux') {
      expect(ticks).toBeUndefined();
      return;
    }
    expect(ticks).toMatch(/^\d+$/);
    expect(processLiveness(process.pid, ticks)).toBe('alive');
    expect(processLiveness(process.pid, '1')).toBe('dead');
    writeHolder(dir, { pid: process.pid, startTicks: '1' });
    const lock = lockDataDir(dir, 'web');
    expect(lock.tookOverFrom?.pid).toBe(process.pid);
    lock.release();
  });

  it('a lock from another machine cannot be checked, so it counts as held', () => {
    const dir = freshDir();
    writeHolder(dir, { pid: deadPid(), hostname: 'elsewhere.example' });
    expect(() => lockDataDir(dir, 'web')).toThrow(/in use by another STOMP Explorer: browser mode, pid \d+ on elsewhere\.example, since/);
  });

  it('an empty lock file is left alone while it may be being written, then taken over', () => {
    const dir = freshDir();
    writeHolder(dir, {});
    const file = join(dir, LOCK_FILE_NAME);
    writeFileSync(file, '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(file, old, old);
    const lock = lockDataDir(dir, 'web');
    expect(lock.tookOverFrom).toBeUndefined();
    expect(JSON.parse(readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('release leaves a lock that is no longer its own', () => {
    const dir = freshDir();
    const lock = lockDataDir(dir, 'web');
    writeHolder(dir, { pid: 4242, nonce: 'someone else' });
    lock.release();
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE_NAME), 'utf8')).nonce).toBe('someone else');
  });

  it('of six processes racing for a folder whose holder crashed, exactly one wins', async () => {
    const dir = freshDir();
    writeHolder(dir, { pid: deadPid(), mode: 'electron' });
    const script = join(scratch, 'contender.ts');
    writeFileSync(
      script,
      `import { lockDataDir } from ${JSON.stringify(join(root, 'src-main/shared/data-dir-lock.ts'))};
const at = Number(process.argv[2]);
while (Date.now() < at) {} // start together
try {
  const lock = lockDataDir(${JSON.stringify(dir)}, 'web');
  console.log(JSON.stringify({ won: true, pid: process.pid, tookOver: lock.tookOverFrom?.pid ?? null }));
  setTimeout(() => lock.release(), 3000);
} catch (error) {
  console.log(JSON.stringify({ won: false, pid: process.pid, holder: error.holder?.pid ?? null, message: error.message }));
}
`,
    );
    const startAt = Date.now() + 3000;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, String(startAt)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        return new Promise<{ won: boolean; pid: number; holder?: number; tookOver?: number }>((done) => child.once('exit', () => done(JSON.parse(out))));
      }),
    );
    const winners = results.filter((r) => r.won);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => !r.won)) expect(loser.holder).toBe(winners[0]!.pid);
  }, 30_000);
});
