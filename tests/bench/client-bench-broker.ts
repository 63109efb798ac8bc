/**
 * Broker-side helpers of the client benchmark: where each broker listens, the broker process's CPU
 * time (to show who the limit is), and cleaning up the queues a run made.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { StompClient } from '../../src-core/client';
import { brokers, isBrokerUp, runBrokerScript, startBroker, type BrokerName } from '../brokers/brokers';
import type { BenchTarget } from './client-bench-contenders';

export function targetOf(name: BrokerName): BenchTarget {
  const common = { host: brokers.host, login: brokers.login, passcode: brokers.passcode, prefetch: 1000 };
  return name === 'rabbitmq'
    ? { ...common, port: brokers.rabbitmq.stompPort, vhost: brokers.rabbitmq.vhost, prefetchHeader: 'prefetch-count' }
    : { ...common, port: brokers.activemq.stompPort, vhost: brokers.activemq.vhost, prefetchHeader: 'activemq.prefetchSize' };
}

export { isBrokerUp, startBroker };

/** The broker's JVM / Erlang VM process, found through /proc; undefined when it cannot be read. */
export function brokerPid(name: BrokerName): number | undefined {
  const marker = name === 'rabbitmq' ? 'rabbit' : 'activemq.jar';
  const binary = name === 'rabbitmq' ? 'beam.smp' : 'java';
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      if (cmdline.includes(binary) && cmdline.includes(marker)) return Number(entry);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return undefined;
}

/** CPU seconds (user + system) the process has used so far; NaN when unknown. */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** sysconf(_SC_CLK_TCK) is 100 on every Linux Node runs on. */
const CLOCK_TICKS = 100;

/**
 * RabbitMQ: deletes the queues (each is durable and stays otherwise). ActiveMQ offers no deletion
 * over STOMP: a queue a failed round left messages in is drained instead.
 */
export async function cleanUp(name: BrokerName, queues: readonly { destination: string; drained: boolean }[]): Promise<void> {
  if (name === 'rabbitmq') {
    const names = queues.map((q) => q.destination.replace(/^\/queue\//, ''));
    const failed: string[] = [];
    // rabbitmqctl costs ~0.5–1 s a call; a few at a time.
    for (let i = 0; i < names.length; i += 4) {
      const results = await Promise.all(names.slice(i, i + 4).map((queue) => runBrokerScript('rabbitmq.sh', ['ctl', 'delete_queue', queue], 60_000)));
      results.forEach((r, k) => {
        // A queue lost in a broker restart (a failed attempt's) is as good as deleted.
        if (r.code !== 0 && !/not[_ ]found/i.test(r.stderr)) failed.push(`${names[i + k]}: ${r.stderr.trim().split('\n').at(-1)}`);
      });
    }
    if (failed.length) console.warn(`could not delete ${failed.length} queue(s):\n  ${failed.join('\n  ')}`);
    else console.log(`deleted ${names.length} queue(s) on RabbitMQ`);
    return;
  }
  const left = queues.filter((q) => !q.drained);
  console.log(`${queues.length - left.length} queue(s) left empty on ActiveMQ (no deletion over STOMP)${left.length ? `; draining ${left.length}` : ''}`);
  for (const q of left) {
    const removed = await drain(targetOf(name), q.destination);
    console.log(`drained ${removed} message(s) left in ${q.destination}`);
  }
}

/** Consumes (auto ack) until the queue has been quiet for a second. */
async function drain(target: BenchTarget, destination: string): Promise<number> {
  const client = new StompClient({ uri: `tcp://${target.host}:${target.port}`, login: target.login, passcode: target.passcode, host: target.vhost, heartBeat: [0, 0], reconnect: false });
  await client.connect();
  let count = 0;
  let last = Date.now();
  await client.subscribe(destination, () => {
    count++;
    last = Date.now();
  });
  while (Date.now() - last < 1000) await new Promise((resolve) => setTimeout(resolve, 200));
  await client.disconnect();
  return count;
}
