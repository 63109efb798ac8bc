/**
 * The chaos test's own broker instance (scripts/chaos/chaos-broker.sh): other ports, its own data,
 * never the shared test brokers. Start, SIGKILL, stop.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ChaosBrokerName = 'rabbitmq' | 'activemq';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../scripts/chaos/chaos-broker.sh');

function script(broker: ChaosBrokerName, command: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [SCRIPT, broker, command], { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`chaos-broker.sh ${broker} ${command} failed: ${error.message}\n${stderr.split('\n').slice(-12).join('\n')}`));
      else resolve(stdout.trim());
    });
  });
}

export interface ChaosBroker {
  readonly name: ChaosBrokerName;
  readonly port: number;
  readonly uri: string;
  /** Starts it (a no-op when it answers already); resolves once it answers a STOMP CONNECT. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, as a crash would; resolves once its port refuses connections. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function chaosBroker(name: ChaosBrokerName): Promise<ChaosBroker> {
  const port = Number(await script(name, 'port'));
  return {
    name,
    port,
    uri: `tcp://127.0.0.1:${port}`,
    start: async () => void (await script(name, 'start')),
    kill: async () => void (await script(name, 'kill', 30_000)),
    stop: async () => void (await script(name, 'stop')),
  };
}
