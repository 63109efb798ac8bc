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
  // The broker's processes, read once it is up: the kill itself is then a signal from here, at
  // once, with messages in flight (a script would land it a second or so later).
  let pids: number[] = [];
  const readPids = async () => {
    pids = (await script(name, 'pids')).split('\n').filter(Boolean).map(Number);
  };
  return {
    name,
    port,
    uri: `tcp://127.0.0.1:${port}`,
    start: async () => {
      await script(name, 'start');
      await readPids();
    },
    kill: async () => {
      if (pids.length === 0) await readPids();
      if (pids.length === 0) throw new Error(`the chaos ${name} is not running`);
      for (const pid of pids) process.kill(pid, 'SIGKILL');
      pids = [];
      await portClosed(port);
    },
    stop: async () => void (await script(name, 'stop')),
  };
}

/** Resolves once the port refuses connections: the killed broker's listener is gone. */
async function portClosed(port: number): Promise<void> {
  const { connect } = await import('node:net');
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (!open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`port ${port} still accepts connections 5 s after SIGKILL`);
}
