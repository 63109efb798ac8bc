// Global set-up of the 'brokers' vitest project: makes sure RabbitMQ and ActiveMQ are installed and
// answering STOMP before any broker test runs, and provides their endpoints (`inject('brokers')`).
//
// - A broker package missing: runs scripts/system/install-deps.sh when we are root; otherwise fails
//   with the command to run.
// - A broker not answering: starts it with scripts/brokers/<name>.sh start (both in parallel).
// - A broker that cannot be started fails the run, loudly, never skipped: with CI=true the error
//   says so; outside CI it says how to start the brokers by hand and where the logs are.
// - Teardown: releases this run's lease, then stops the brokers test runs started once no run uses
//   them (scripts/brokers/lease.mjs): not when STOMP_KEEP_BROKERS is set (to anything but "" / "0"
//   / "false"), not while another test run holds a lease (`npm test` holds one for its whole run,
//   so the browser tests after vitest find the brokers up), and never brokers that were running
//   before a test run started them. To iterate fast, start them once (`npm run brokers:start`) or
//   set STOMP_KEEP_BROKERS=1.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { beginRun, finishRun, startMissingBrokers, stopBrokers } from '../../scripts/brokers/test-run.mjs';
import { BROKER_NAMES, type BrokerName, readBrokerEndpoints, repoRoot } from './brokers';

const inCI = process.env.CI === 'true';

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

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureInstalled();
  const { stateDir } = readBrokerEndpoints();
  const release = beginRun('vitest brokers', stateDir);

  const { started, failures } = await startMissingBrokers({ stateDir, log });
  if (failures.length) {
    release();
    if (started.length) await stopBrokers(started, { stateDir, log }); // leave the machine as we found it
    const errors = failures.map((r) => `scripts/brokers/${r.name}.sh start failed (exit ${r.code}) after ${r.seconds.toFixed(1)} s:\n${r.stderr.trim()}`);
    throw failure(`cannot start ${errors.length === 1 ? 'a broker' : 'the brokers'}`, errors.join('\n\n'));
  }

  project.provide('brokers', readBrokerEndpoints());

  return async () => {
    await finishRun(release, { stateDir, log });
  };
}
