// Who started the brokers and who still uses them, so that a test run stops what test runs started
// once nobody needs it, and never what someone else started. Used by `npm test` (scripts/test.mjs),
// the brokers' vitest global set-up and Playwright's global set-up alike.
//
//   <state>/leases/<pid>            one file per test process using the brokers while it runs
//   <state>/started-by-tests.json   the brokers a test run started: { "<name>": { pid, since } }
//
// At the end of a run, with its own lease released:
//   - STOMP_KEEP_BROKERS set (anything but "", "0", "false"): everything is left running and the
//     brokers are no longer the tests' (a later run will not stop them either);
//   - another live lease: left running for that run, which (being the last) stops them;
//   - otherwise: every broker started by a test run is stopped.
// Brokers that were running before any test run started them (`npm run brokers:start`, another
// checkout's set-up) are never recorded, so never stopped. A lease of a process that is gone
// (a killed run) does not count.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEEP_ENV = 'STOMP_KEEP_BROKERS';
const OWNERS_FILE = 'started-by-tests.json';

/** Whether the user asked to leave the brokers running after the run. */
export function keepRequested(env = process.env) {
  const value = env[KEEP_ENV];
  return value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());
}

function leaseDir(stateDir) {
  return join(stateDir, 'leases');
}

/** Registers this process as a user of the brokers; returns the release function (idempotent). */
export function takeLease(stateDir, label, pid = process.pid) {
  mkdirSync(leaseDir(stateDir), { recursive: true });
  const file = join(leaseDir(stateDir), String(pid));
  writeFileSync(file, `${new Date().toISOString()} ${label}\n`);
  return () => rmSync(file, { force: true });
}

/** Live leases other than `pid`'s; leases of processes that are gone are removed on the way. */
export function otherLiveLeases(stateDir, pid = process.pid, isAlive = processAlive) {
  let names;
  try {
    names = readdirSync(leaseDir(stateDir));
  } catch {
    return [];
  }
  const live = [];
  for (const name of names) {
    const other = Number(name);
    if (!Number.isSafeInteger(other) || other === pid) continue;
    if (isAlive(other)) live.push(other);
    else rmSync(join(leaseDir(stateDir), name), { force: true });
  }
  return live;
}

export function processAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== 'EPERM') return false;
  }
  // A zombie (dead, not yet reaped) is gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]);
  } catch {
    return true;
  }
}

function readOwners(stateDir) {
  try {
    const value = JSON.parse(readFileSync(join(stateDir, OWNERS_FILE), 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

function writeOwners(stateDir, owners) {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, OWNERS_FILE);
  if (Object.keys(owners).length === 0) {
    rmSync(file, { force: true });
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(owners, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Records that this run started `names`. */
export function recordStarted(stateDir, names, pid = process.pid) {
  if (names.length === 0) return;
  const owners = readOwners(stateDir);
  for (const name of names) owners[name] = { pid, since: new Date().toISOString() };
  writeOwners(stateDir, owners);
}

/** The brokers test runs started and nobody has stopped or kept since. */
export function startedByTests(stateDir) {
  return Object.keys(readOwners(stateDir)).sort();
}

/** Forgets `names` (all when absent): stopped, or kept by the user. */
export function forgetStarted(stateDir, names) {
  if (names === undefined) {
    writeOwners(stateDir, {});
    return;
  }
  const owners = readOwners(stateDir);
  for (const name of names) delete owners[name];
  writeOwners(stateDir, owners);
}

/**
 * What to do at the end of a run whose lease is already released: { action: 'keep' | 'leave' |
 * 'stop', brokers, why }. 'keep' forgets the ownership; 'stop' expects the caller to stop
 * `brokers` and then call forgetStarted(stateDir, brokers).
 */
export function endOfRun(stateDir, { env = process.env, pid = process.pid, isAlive = processAlive } = {}) {
  const owned = startedByTests(stateDir);
  if (owned.length === 0) return { action: 'leave', brokers: [], why: 'no broker was started by a test run' };
  if (keepRequested(env)) {
    forgetStarted(stateDir);
    return { action: 'keep', brokers: owned, why: `${KEEP_ENV} is set` };
  }
  const others = otherLiveLeases(stateDir, pid, isAlive);
  if (others.length > 0) return { action: 'leave', brokers: owned, why: `other test runs use them (pid ${others.join(', ')})` };
  return { action: 'stop', brokers: owned, why: 'started by a test run, and no run uses them any more' };
}
