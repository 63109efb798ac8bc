// Global set-up of the 'brokers' vitest project: makes sure RabbitMQ and ActiveMQ are installed and
// answering STOMP before any broker test runs, and provides their endpoints (`inject('brokers')`).
//
// - A broker package missing: runs scripts/system/install-deps.sh when we are root; otherwise fails
//   with the command to run.
// - A broker not answering: starts it with scripts/brokers/<name>.sh start (both in parallel).
// - A broker that cannot be started fails the run, loudly, never skipped: with CI=true the error
//   says so; outside CI it says how to start the brokers by hand and where the logs are.
// - Teardown: stops only the brokers this set-up started, unless STOMP_KEEP_BROKERS is set (to
//   anything but "" / "0" / "false") or another vitest run is still using them (each run holds a
//   lease file <state>/leases/<pid> while it runs). Brokers that were already running are left
//   alone. To iterate fast, start them once (`npm run brokers:start`) or set STOMP_KEEP_BROKERS=1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { BROKER_NAMES, type BrokerName, isBrokerUp, readBrokerEndpoints, repoRoot, runBrokerScript } from './brokers';

const inCI = process.env.CI === 'true';
const keepEnv = process.env.STOMP_KEEP_BROKERS;
const keepBrokers = keepEnv !== undefined && !['', '0', 'false'].includes(keepEnv.toLowerCase());

/** What the scripts need from each broker's Debian package. */
const brokerInstalled: Record<BrokerName, () => boolean> = {
  rabbitmq: () => existsSync('/usr/lib/rabbitmq/bin/rabbitmq-server'),
  activemq: () => existsSync('/usr/share/activemq/bin/activemq.jar') && existsSync('/usr/bin/java'),
};

const log = (msg: string) => process.stderr.write(`[brokers] ${msg}\n`);
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

function failure(problem: string, detail: string): Error {
  const how = inCI
    ? 'CI=true: broker tests never skip, so the run fails here.'
    : [
        'Broker tests need both brokers. To set them up by hand:',
        '  sudo scripts/system/install-deps.sh      # rabbitmq-server, activemq, openssl, ...',
        '  scripts/brokers/all.sh start             # or: npm run brokers:start',
        '  scripts/brokers/all.sh status            # probes every endpoint with a STOMP CONNECT',
        'Logs: .brokers/rabbitmq/log, .brokers/activemq/log. Run only the other tests: npx vitest run --project core',
      ].join('\n');
  return new Error(`[brokers] ${problem}\n${detail.trim()}\n\n${how}`);
}

function ensureInstalled(): void {
  const missing = BROKER_NAMES.filter((b) => !brokerInstalled[b]());
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw failure(`not installed: ${missing.join(', ')}`, 'Installing needs root: sudo scripts/system/install-deps.sh');
  }
  log(`not installed: ${missing.join(', ')}; running scripts/system/install-deps.sh`);
  const t0 = performance.now();
  try {
    execFileSync('bash', [join(repoRoot, 'scripts/system/install-deps.sh')], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  } catch (err) {
    throw failure('scripts/system/install-deps.sh failed', String((err as Error).message));
  }
  log(`installed in ${seconds(t0)}`);
  const still = BROKER_NAMES.filter((b) => !brokerInstalled[b]());
  if (still.length) throw failure(`still not installed after install-deps.sh: ${still.join(', ')}`, '');
}

/** Lease files: one per running vitest process that uses the brokers. */
function leaseDir(): string {
  return join(readBrokerEndpoints().stateDir, 'leases');
}
function takeLease(): string {
  const dir = leaseDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, String(process.pid));
  writeFileSync(file, `${new Date().toISOString()}\n`);
  return file;
}
function otherLiveLeases(): number[] {
  const dir = leaseDir();
  if (!existsSync(dir)) return [];
  const live: number[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
      live.push(pid);
    } catch {
      rmSync(join(dir, name), { force: true }); // left by a killed run
    }
  }
  return live;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureInstalled();
  const lease = takeLease();

  const started: BrokerName[] = [];
  const errors: string[] = [];
  await Promise.all(
    BROKER_NAMES.map(async (name) => {
      if (await isBrokerUp(name)) {
        log(`${name}: already running`);
        return;
      }
      const t0 = performance.now();
      const r = await runBrokerScript(`${name}.sh`, ['start']);
      if (r.code === 0) {
        started.push(name);
        log(`${name}: started in ${seconds(t0)}`);
      } else {
        errors.push(`scripts/brokers/${name}.sh start failed (exit ${r.code}) after ${seconds(t0)}:\n${r.stderr.trim()}`);
      }
    }),
  );
  if (errors.length) {
    rmSync(lease, { force: true });
    await stopStarted(started); // leave the machine as we found it
    throw failure(`cannot start ${errors.length === 1 ? 'a broker' : 'the brokers'}`, errors.join('\n\n'));
  }

  project.provide('brokers', readBrokerEndpoints());

  return async () => {
    rmSync(lease, { force: true });
    await stopStarted(started);
  };
}

async function stopStarted(started: BrokerName[]): Promise<void> {
  if (started.length === 0) return;
  if (keepBrokers) {
    log(`leaving ${started.join(', ')} running (STOMP_KEEP_BROKERS is set)`);
    return;
  }
  const others = otherLiveLeases();
  if (others.length) {
    log(`leaving ${started.join(', ')} running: other test runs use them (pid ${others.join(', ')})`);
    return;
  }
  const t0 = performance.now();
  const results = await Promise.all(started.map((name) => runBrokerScript(`${name}.sh`, ['stop'])));
  results.forEach((r, i) => {
    if (r.code !== 0) log(`${started[i]}: stop failed (exit ${r.code}): ${r.stderr.trim()}`);
  });
  log(`stopped ${started.join(', ')} in ${seconds(t0)} (set STOMP_KEEP_BROKERS=1 to leave them running)`);
}
