/**
 * The real brokers the UI tests talk to (see scripts/brokers/README.md): RabbitMQ and ActiveMQ on
 * the ports scripts/brokers/endpoints.sh names (61613 and 61614 unless moved), guest/guest. The
 * global set-up takes a lease and starts the brokers that are down (scripts/brokers/test-run.mjs);
 * its teardown stops what test runs started once no run uses them. A spec calls ensureBroker()
 * before it connects, because other test runs on the machine may restart a broker at any time.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { ProfileSpec } from '../scenarios/profiles';
import { repoRoot } from './browser-mode';

export type BrokerName = 'rabbitmq' | 'activemq';

const endpoints = JSON.parse(execFileSync('bash', [join(repoRoot, 'scripts/brokers/endpoints.sh')], { encoding: 'utf8', timeout: 30_000 })) as {
  rabbitmq: { stompPort: number };
  activemq: { stompPort: number };
};
const PORTS: Record<BrokerName, number> = { rabbitmq: endpoints.rabbitmq.stompPort, activemq: endpoints.activemq.stompPort };

export const RABBITMQ: ProfileSpec = {
  name: 'RabbitMQ local',
  uri: `tcp://127.0.0.1:${PORTS.rabbitmq}`,
  login: 'guest',
  passcode: 'guest',
  vhost: '/',
  preset: 'RabbitMQ',
};

export const ACTIVEMQ: ProfileSpec = {
  name: 'ActiveMQ local',
  uri: `tcp://127.0.0.1:${PORTS.activemq}`,
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
