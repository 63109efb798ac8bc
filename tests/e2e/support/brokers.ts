/**
 * The real brokers the UI tests talk to (see scripts/brokers/README.md): RabbitMQ on :61613 and
 * ActiveMQ on :61614, guest/guest. The global set-up starts both and takes a lease (so that a
 * vitest run finishing meanwhile leaves them running); a spec calls ensureBroker() before it
 * connects, because other test runs on the machine may restart a broker at any time.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileSpec } from '../scenarios/profiles';
import { repoRoot } from './browser-mode';

export type BrokerName = 'rabbitmq' | 'activemq';

export const RABBITMQ: ProfileSpec = {
  name: 'RabbitMQ local',
  uri: 'tcp://127.0.0.1:61613',
  login: 'guest',
  passcode: 'guest',
  vhost: '/',
  preset: 'RabbitMQ',
};

export const ACTIVEMQ: ProfileSpec = {
  name: 'ActiveMQ local',
  uri: 'tcp://127.0.0.1:61614',
  login: 'guest',
  passcode: 'guest',
  preset: 'ActiveMQ Classic',
};

function script(name: string, args: string[], timeout: number): void {
  try {
    execFileSync('bash', [join(repoRoot, 'scripts/brokers', name), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout });
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    throw new Error(`bash scripts/brokers/${name} ${args.join(' ')} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

/** Starts both brokers (a no-op when they answer). */
export function startAllBrokers(): void {
  script('all.sh', ['start'], 240_000);
}

const PORTS: Record<BrokerName, number> = { rabbitmq: 61613, activemq: 61614 };

/**
 * Makes sure the broker answers a STOMP CONNECT: a quick probe (0.1 s), and only when that fails
 * `scripts/brokers/<name>.sh start` (starts it, or waits for one still booting).
 */
export function ensureBroker(name: BrokerName): void {
  try {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/brokers/probe.mjs'), '127.0.0.1', String(PORTS[name]), '--login', 'guest', '--passcode', 'guest', '--timeout', '3000'], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    return;
  } catch {
    script(`${name}.sh`, ['start'], 120_000);
  }
}

/**
 * A lease like the brokers' vitest set-up takes (<state>/leases/<pid>): while it exists, a vitest
 * run that started the brokers leaves them running at its end. Returns the release function.
 */
export function takeBrokerLease(): () => void {
  const endpoints = JSON.parse(execFileSync('bash', [join(repoRoot, 'scripts/brokers/endpoints.sh')], { encoding: 'utf8', timeout: 30_000 })) as { stateDir: string };
  const dir = join(endpoints.stateDir, 'leases');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, String(process.pid));
  writeFileSync(file, `${new Date().toISOString()} playwright e2e\n`);
  return () => rmSync(file, { force: true });
}
