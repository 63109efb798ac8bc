/**
 * What the proxy costs, against a baseline measured in the same run:
 * - publish: this project's client publishes N × 100 B to a real broker in batches that end with a
 *   receipt, directly and through the proxy (the core proxy with an observer of every frame, and
 *   the `proxy` CLI printing its JSON lines to /dev/null), each in a process of its own. Reported:
 *   run time, median of interleaved rounds, and the ratio to the direct run (target: at most 1.20).
 * - relay: a raw producer writes N SEND frames with 64 KiB bodies as fast as the socket takes
 *   them to a raw sink on loopback, directly and through the proxy; MB/s from the first byte
 *   written to the last byte received (target through the proxy: at least 500 MB/s), and the
 *   proxy process's CPU seconds.
 *
 *   npm run bench:proxy                         # RabbitMQ 127.0.0.1:61613
 *   npm run bench:proxy -- --broker activemq    # ActiveMQ 127.0.0.1:61614
 *
 * Environment: BENCH_ROUNDS (5), BENCH_PUBLISH_COUNT (100000), BENCH_BATCH (1000),
 * BENCH_RELAY_COUNT (4000), BENCH_JSON (write the raw figures there).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { BrokerName } from '../brokers/brokers';
import { median } from './bench-stats';
import { cleanUp, isBrokerUp, startBroker, targetOf } from './client-bench-broker';
import { publishRun, relayRun, startProxyProcess, type ProxyProcess } from './proxy-bench-runs';

const { values: args } = parseArgs({ options: { broker: { type: 'string', default: 'rabbitmq' } } });
if (args.broker !== 'rabbitmq' && args.broker !== 'activemq') throw new Error(`--broker must be rabbitmq or activemq, not ${args.broker}`);
const BROKER: BrokerName = args.broker;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PUBLISH_COUNT = Number(process.env.BENCH_PUBLISH_COUNT ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const RELAY_COUNT = Number(process.env.BENCH_RELAY_COUNT ?? 4000);
const PUBLISH_TARGET = 1.2;
const RELAY_TARGET_MBS = 500;

const VARIANTS = ['direct', 'proxy', 'proxy CLI'] as const;
type Variant = (typeof VARIANTS)[number];

async function main(): Promise<void> {
  if (!(await isBrokerUp(BROKER))) await startBroker(BROKER);
  const target = targetOf(BROKER);
  const upstream = `tcp://${target.host}:${target.port}`;
  const runId = `proxy-bench-${process.pid}-${Date.now().toString(36)}`;
  const queues: { destination: string; drained: boolean }[] = [];
  const publish = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
  const relay = new Map<Variant, { seconds: number[]; proxyCpu: number[] }>(VARIANTS.map((v) => [v, { seconds: [], proxyCpu: [] }]));
  const proxies: Record<Exclude<Variant, 'direct'>, ProxyProcess> = {
    proxy: await startProxyProcess(upstream, false),
    'proxy CLI': await startProxyProcess(upstream, true),
  };
  console.log(`proxy benchmark against ${BROKER} (${upstream}): ${ROUNDS} rounds; publish ${PUBLISH_COUNT} × 100 B in batches of ${BATCH}; relay ${RELAY_COUNT} × 64 KiB`);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      // Interleaved, and the order turns each round, so drift in the machine's load hits every variant alike.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const variant of order) {
        const port = variant === 'direct' ? target.port : proxies[variant].port;
        const destination = `/queue/${runId}-${round}-${variant.replace(/ /g, '-')}`;
        const queue = { destination, drained: false };
        queues.push(queue);
        const seconds = await publishRun(target, port, destination, PUBLISH_COUNT, BATCH, queue);
        publish.get(variant)!.push(seconds);
        console.log(`  round ${round} publish ${variant.padEnd(9)} ${seconds.toFixed(3)} s`);
      }
      for (const variant of order) {
        const result = await relayRun(RELAY_COUNT, variant === 'direct' ? 'direct' : variant === 'proxy' ? 'proxy' : 'cli');
        relay.get(variant)!.seconds.push(result.seconds);
        relay.get(variant)!.proxyCpu.push(result.proxyCpu);
        console.log(`  round ${round} relay   ${variant.padEnd(9)} ${((RELAY_COUNT * 65536) / result.seconds / 1e6).toFixed(0)} MB/s${variant === 'direct' ? '' : `, proxy CPU ${result.proxyCpu.toFixed(2)} s`}`);
      }
    }
  } finally {
    for (const proxy of Object.values(proxies)) await proxy.stop();
    await cleanUp(BROKER, queues);
  }

  const direct = median(publish.get('direct')!);
  console.log(`\n100 B publish, ${PUBLISH_COUNT} messages (median of ${ROUNDS}):`);
  const verdicts: string[] = [];
  for (const variant of VARIANTS) {
    const seconds = median(publish.get(variant)!);
    const ratio = seconds / direct;
    const verdict = variant === 'direct' ? '' : ratio <= PUBLISH_TARGET ? `  met (≤ ${PUBLISH_TARGET}×)` : `  NOT met (target ≤ ${PUBLISH_TARGET}×)`;
    if (variant !== 'direct') verdicts.push(`publish ${variant}: ${ratio <= PUBLISH_TARGET ? 'met' : 'not met'}`);
    console.log(`  ${variant.padEnd(10)} ${seconds.toFixed(3)} s  ${(PUBLISH_COUNT / seconds / 1000).toFixed(1)}k msg/s  ${variant === 'direct' ? 'baseline' : `${ratio.toFixed(2)}× direct`}${verdict}`);
  }
  const directRate = (RELAY_COUNT * 65536) / median(relay.get('direct')!.seconds) / 1e6;
  console.log(`\n64 KiB relay on loopback, ${RELAY_COUNT} frames (${((RELAY_COUNT * 65536) / 2 ** 20).toFixed(0)} MiB of bodies, median of ${ROUNDS}):`);
  for (const variant of VARIANTS) {
    const rate = (RELAY_COUNT * 65536) / median(relay.get(variant)!.seconds) / 1e6;
    const cpu = median(relay.get(variant)!.proxyCpu);
    const verdict = variant === 'direct' ? '' : rate >= RELAY_TARGET_MBS ? `  met (≥ ${RELAY_TARGET_MBS} MB/s)` : `  NOT met (target ≥ ${RELAY_TARGET_MBS} MB/s)`;
    if (variant !== 'direct') verdicts.push(`relay ${variant}: ${rate >= RELAY_TARGET_MBS ? 'met' : 'not met'}`);
    console.log(`  ${variant.padEnd(10)} ${rate.toFixed(0)} MB/s  ${variant === 'direct' ? 'baseline' : `${(rate / directRate).toFixed(2)}× direct, proxy CPU ${cpu.toFixed(2)} s`}${verdict}`);
  }
  console.log(`\ntargets: ${verdicts.join('; ')}`);
  if (process.env.BENCH_JSON) {
    writeFileSync(process.env.BENCH_JSON, JSON.stringify({ broker: BROKER, rounds: ROUNDS, publish: Object.fromEntries(publish), relay: Object.fromEntries(relay) }, null, 2));
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
