// The brokers' part of a test run, for `npm test` (scripts/test.mjs) and the vitest and Playwright
// global set-ups: take a lease, start the brokers that are down (recording that a test run started
// them), and at the end stop what test runs started once no run uses it (lease.mjs says when).
import { execFile, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { endOfRun, forgetStarted, recordStarted, takeLease } from './lease.mjs';

export const BROKER_NAMES = ['rabbitmq', 'activemq'];
/** scripts/brokers/; a test passes stand-in scripts through the `scriptsDir` options below. */
const ownScriptsDir = dirname(fileURLToPath(import.meta.url));

/** The brokers' state folder, as scripts/brokers/common.sh resolves it (STOMP_BROKERS_DIR...). */
export function brokerStateDir(scriptsDir = ownScriptsDir) {
  return JSON.parse(execFileSync('bash', [join(scriptsDir, 'endpoints.sh')], { encoding: 'utf8', timeout: 30_000 })).stateDir;
}

/** Runs scripts/brokers/<name>.sh <command>; never rejects. */
export function brokerScript(name, command, timeoutMs = 240_000, scriptsDir = ownScriptsDir) {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile('bash', [join(scriptsDir, `${name}.sh`), command], { timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ name, code, stdout: String(stdout), stderr: String(stderr) + (error && typeof error.code !== 'number' ? `\n${error.message}` : ''), seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Begins a run: its lease. Returns the release function. */
export function beginRun(label, stateDir = brokerStateDir()) {
  return takeLease(stateDir, label);
}

/**
 * Starts every broker that does not answer (in parallel) and records the ones started.
 * Resolves { started, alreadyUp, failures } (failures: script results with a non-zero code).
 */
export async function startMissingBrokers({ scriptsDir = ownScriptsDir, stateDir = brokerStateDir(scriptsDir), names = BROKER_NAMES, log = () => undefined } = {}) {
  const results = await Promise.all(
    names.map(async (name) => {
      if ((await brokerScript(name, 'status', 30_000, scriptsDir)).code === 0) {
        log(`${name}: already running`);
        return { name, up: true };
      }
      const result = await brokerScript(name, 'start', undefined, scriptsDir);
      if (result.code === 0) log(`${name}: started in ${result.seconds.toFixed(1)} s`);
      return { name, up: false, result };
    }),
  );
  const started = results.filter((r) => !r.up && r.result.code === 0).map((r) => r.name);
  recordStarted(stateDir, started);
  return {
    started,
    alreadyUp: results.filter((r) => r.up).map((r) => r.name),
    failures: results.filter((r) => !r.up && r.result.code !== 0).map((r) => r.result),
  };
}

/** Stops `names` (in parallel); resolves with those stopped cleanly, which are no longer the tests'. */
export async function stopBrokers(names, { scriptsDir = ownScriptsDir, stateDir = brokerStateDir(scriptsDir), log = () => undefined } = {}) {
  const results = await Promise.all(names.map((name) => brokerScript(name, 'stop', undefined, scriptsDir)));
  for (const r of results) if (r.code !== 0) log(`${r.name}: stop failed (exit ${r.code}): ${r.stderr.trim()}`);
  const stopped = results.filter((r) => r.code === 0).map((r) => r.name);
  forgetStarted(stateDir, stopped);
  return stopped;
}

/** Ends a run: releases its lease, then keeps, leaves or stops what test runs started. */
export async function finishRun(release, { scriptsDir = ownScriptsDir, stateDir = brokerStateDir(scriptsDir), log = () => undefined, env = process.env } = {}) {
  release();
  const end = endOfRun(stateDir, { env });
  if (end.action === 'stop') {
    const started = performance.now();
    const stopped = await stopBrokers(end.brokers, { scriptsDir, stateDir, log });
    if (stopped.length > 0) log(`stopped ${stopped.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${end.why} (STOMP_KEEP_BROKERS=1 leaves them running)`);
  } else if (end.brokers.length > 0) {
    log(`leaving ${end.brokers.join(', ')} running: ${end.why}`);
  }
  return end;
}
