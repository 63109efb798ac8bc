/**
 * Who stops the brokers after tests (scripts/brokers/lease.mjs, test-run.mjs), with stand-in broker
 * scripts that only record what they were asked: `npm test` starts what is down once, the vitest
 * and Playwright set-ups inside it start nothing more and stop nothing, and npm test's own end
 * stops what it started; brokers someone else started are never stopped; STOMP_KEEP_BROKERS
 * keeps them; a concurrent run keeps them until it ends; a killed run's lease does not count.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { endOfRun, forgetStarted, otherLiveLeases, recordStarted, startedByTests, takeLease } from '../../scripts/brokers/lease.mjs';
import { finishRun, startMissingBrokers } from '../../scripts/brokers/test-run.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-lease-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let stateDir = '';
let scriptsDir = '';
let runs = 0;
const noKeep = { ...process.env, STOMP_KEEP_BROKERS: '' };

/** Stand-ins for rabbitmq.sh and activemq.sh: up while <state>/<name>.up exists; every call logged. */
function standInScripts(dir: string, state: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of ['rabbitmq', 'activemq']) {
    const script = join(dir, `${name}.sh`);
    writeFileSync(
      script,
      `#!/usr/bin/env bash
echo "${name} $1" >>"${state}/calls.log"
case "$1" in
  status) [[ -e "${state}/${name}.up" ]] ;;
  start) touch "${state}/${name}.up" ;;
  stop) rm -f "${state}/${name}.up" ;;
esac
`,
    );
    chmodSync(script, 0o755);
  }
}

function calls(): string[] {
  const file = join(stateDir, 'calls.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter((l) => !l.endsWith(' status')) : [];
}

const up = (name: string) => existsSync(join(stateDir, `${name}.up`));

beforeEach(() => {
  stateDir = join(scratch, `state-${++runs}`);
  scriptsDir = join(scratch, `scripts-${runs}`);
  mkdirSync(stateDir, { recursive: true });
  standInScripts(scriptsDir, stateDir);
});

/** A lease held by another live process (a child that sleeps), released by killing it. */
function otherProcess(): { pid: number; end(): Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    pid: child.pid!,
    end: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

describe('brokers across one npm test', () => {
  it('are started once, left running between vitest and Playwright, and stopped at the end of npm test', async () => {
    const where = { scriptsDir, stateDir, env: noKeep };
    // npm test: its lease for the whole run, then it starts what is down.
    const npmTest = otherProcess();
    const releaseNpmTest = takeLease(stateDir, 'npm test', npmTest.pid);
    const first = await startMissingBrokers({ ...where, names: ['rabbitmq', 'activemq'] });
    expect(first.started.sort()).toEqual(['activemq', 'rabbitmq']);
    // startMissingBrokers records under our pid; npm test is the child here: move the record to it.
    forgetStarted(stateDir);
    recordStarted(stateDir, first.started, npmTest.pid);

    // vitest's set-up and teardown inside it, then Playwright's: they find the brokers up.
    for (const label of ['vitest brokers', 'playwright e2e']) {
      const release = takeLease(stateDir, label);
      expect((await startMissingBrokers(where)).started).toEqual([]);
      const end = await finishRun(release, where);
      expect(end).toMatchObject({ action: 'leave', why: expect.stringContaining(`pid ${npmTest.pid}`) });
      expect(up('rabbitmq') && up('activemq')).toBe(true);
    }
    expect(calls().sort()).toEqual(['activemq start', 'rabbitmq start']);

    // npm test's own end (it is the last run): stops both, once.
    await npmTest.end();
    const end = await finishRun(releaseNpmTest, where);
    expect(end.action).toBe('stop');
    expect(calls().sort()).toEqual(['activemq start', 'activemq stop', 'rabbitmq start', 'rabbitmq stop']);
    expect(up('rabbitmq') || up('activemq')).toBe(false);
    expect(startedByTests(stateDir)).toEqual([]);
  });

  it('never stops brokers that were running before (started by hand or by another checkout)', async () => {
    writeFileSync(join(stateDir, 'rabbitmq.up'), '');
    writeFileSync(join(stateDir, 'activemq.up'), '');
    const release = takeLease(stateDir, 'vitest');
    expect((await startMissingBrokers({ scriptsDir, stateDir })).alreadyUp.sort()).toEqual(['activemq', 'rabbitmq']);
    expect((await finishRun(release, { scriptsDir, stateDir, env: noKeep })).action).toBe('leave');
    expect(calls()).toEqual([]);
    expect(up('rabbitmq')).toBe(true);
  });

  it('STOMP_KEEP_BROKERS=1 leaves them running and makes them no longer the tests’: a later run leaves them too', async () => {
    const release = takeLease(stateDir, 'npm test');
    await startMissingBrokers({ scriptsDir, stateDir });
    expect((await finishRun(release, { scriptsDir, stateDir, env: { ...process.env, STOMP_KEEP_BROKERS: '1' } })).action).toBe('keep');
    expect(up('rabbitmq') && up('activemq')).toBe(true);
    const later = takeLease(stateDir, 'npm test');
    expect((await finishRun(later, { scriptsDir, stateDir, env: noKeep })).action).toBe('leave');
    expect(calls().filter((c) => c.endsWith('stop'))).toEqual([]);
  });

  it('a concurrent run keeps them until it ends; then the last one out stops them', async () => {
    const other = otherProcess();
    const releaseOther = takeLease(stateDir, 'another npm test', other.pid);
    const release = takeLease(stateDir, 'npm test');
    await startMissingBrokers({ scriptsDir, stateDir, names: ['activemq'] });
    expect((await finishRun(release, { scriptsDir, stateDir, env: noKeep })).action).toBe('leave');
    expect(up('activemq')).toBe(true);
    await other.end();
    expect((await finishRun(releaseOther, { scriptsDir, stateDir, env: noKeep })).action).toBe('stop');
    expect(up('activemq')).toBe(false);
  });

  it("a killed run's lease does not count, and is cleaned up", async () => {
    const killed = otherProcess();
    takeLease(stateDir, 'killed', killed.pid);
    await killed.end();
    recordStarted(stateDir, ['rabbitmq']);
    writeFileSync(join(stateDir, 'rabbitmq.up'), '');
    expect(otherLiveLeases(stateDir)).toEqual([]);
    expect(existsSync(join(stateDir, 'leases', String(killed.pid)))).toBe(false);
    expect(endOfRun(stateDir, { env: noKeep })).toMatchObject({ action: 'stop', brokers: ['rabbitmq'] });
  });
});
