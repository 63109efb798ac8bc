/**
 * The load generator against stompit and @stomp/stompjs driven at the same rate by the same pacer
 * (src-core/load/load-pacer.ts), against a real broker: how close each gets to the rate (achieved
 * rate), how late its sends leave against their schedule (pacing error), and the CPU it costs this
 * process. Every contender's messages go to a topic of their own, counted (lost, duplicated,
 * latency) by the same consumer: this project's client, in this process for all of them. Then the
 * generator as shipped, with a RECEIPT for every message and its own consumer: the "N msg/s with 0
 * lost" run. Medians of interleaved rounds, ratios ours ÷ peer.
 *
 *   npm run bench:load                          # RabbitMQ, 10 000 msg/s for 10 s, 100-byte bodies
 *   npm run bench:load -- --broker activemq
 *
 * Environment: BENCH_RATE (10000), BENCH_SECONDS (10), BENCH_SIZE (100), BENCH_ROUNDS (3), BENCH_JSON.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Client as StompJsClient } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import { StompClient } from '../../src-core/client';
import { LoadPacer, runLoad, stampHeaders, epochMs, type LoadReport, type Percentiles } from '../../src-core/load';
import { LoadConsumer } from '../../src-core/load/load-consumer';
import type { BrokerName } from '../brokers/brokers';
import { median } from './bench-stats';
import { brokerPid, processCpuSeconds, targetOf } from './client-bench-broker';

const { values: args } = parseArgs({ options: { broker: { type: 'string', default: 'rabbitmq' } } });
if (args.broker !== 'rabbitmq' && args.broker !== 'activemq') throw new Error(`--broker must be rabbitmq or activemq, not ${args.broker}`);
const BROKER = args.broker as BrokerName;
const RATE = Number(process.env.BENCH_RATE ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SIZE = Number(process.env.BENCH_SIZE ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const target = targetOf(BROKER);
const uri = `tcp://${target.host}:${target.port}`;
const clientOptions = { uri, login: target.login, passcode: target.passcode, host: target.vhost, heartBeat: [0, 0] as [number, number], reconnect: false };

interface Result {
  /** The broker process's CPU seconds over the run: who the limit is. */
  brokerCpu?: number;
  readonly achievedRate: number;
  readonly late: Percentiles | null;
  readonly cpuSeconds: number;
  readonly sent: number;
  readonly received: number;
  readonly duplicated: number;
  readonly latency: Percentiles | null;
}

/** A peer client that sends one stamped message, as its documentation shows. */
interface Peer {
  readonly name: string;
  connect(): Promise<{ send(destination: string, headers: [string, string][], body: Buffer): void; close(): Promise<void> }>;
}

const stompitLib = createRequire(import.meta.url)('stompit') as {
  connect(options: object, callback: (error: Error | null, client: { send(h: Record<string, string>): NodeJS.WritableStream; disconnect(cb: () => void): void; on(e: string, l: (e: Error) => void): void }) => void): void;
};

const stompit: Peer = {
  name: 'stompit',
  connect: () =>
    new Promise((resolve, reject) =>
      stompitLib.connect({ host: target.host, port: target.port, connectHeaders: { host: target.vhost, login: target.login, passcode: target.passcode, 'heart-beat': '0,0' } }, (error, client) => {
        if (error) return reject(error);
        client.on('error', () => undefined);
        resolve({
          send(destination, headers, body) {
            const frame = client.send({ destination, 'content-length': String(body.length), ...Object.fromEntries(headers) });
            frame.write(body);
            frame.end();
          },
          close: () => new Promise<void>((done) => client.disconnect(() => done())),
        });
      }),
    ),
};

const stompjs: Peer = {
  name: 'stompjs',
  async connect() {
    const client = new StompJsClient({
      webSocketFactory: () => new TCPWrapper(target.host, target.port),
      connectHeaders: { login: target.login, passcode: target.passcode, host: target.vhost },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      debug: () => undefined,
    });
    await new Promise<void>((resolve, reject) => {
      client.onConnect = () => resolve();
      client.onStompError = (frame) => reject(new Error(`stompjs: ERROR ${frame.headers.message ?? ''}`));
      client.activate();
    });
    return {
      send: (destination, headers, body) => client.publish({ destination, binaryBody: body, headers: Object.fromEntries(headers) }),
      close: () => client.deactivate(),
    };
  },
};

/** A peer paced by the generator's own pacer, counted by this project's consumer. */
async function runPeer(peer: Peer, topic: string): Promise<Result> {
  const runId = randomUUID();
  const counter = new StompClient({ ...clientOptions, bodies: 'borrowed' });
  await counter.connect();
  let sent = 0;
  const consumer = new LoadConsumer(counter, topic, runId, () => sent);
  await consumer.start();
  const connection = await peer.connect();
  const body = Buffer.alloc(SIZE, 'x');
  const pacer = new LoadPacer({ rate: RATE, durationMs: SECONDS * 1000, maxInFlight: Number.MAX_SAFE_INTEGER }, (k) => {
    connection.send(topic, stampHeaders(runId, k, epochMs()), body);
    sent = k + 1;
  }, () => 0);
  const cpu0 = process.cpuUsage();
  await pacer.run();
  await drain(consumer, () => sent);
  const cpu = process.cpuUsage(cpu0);
  await connection.close();
  await counter.disconnect();
  return {
    achievedRate: pacer.sent / (pacer.publishMs / 1000),
    late: pacer.late.percentiles(),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sent: pacer.sent,
    received: consumer.received,
    duplicated: consumer.seqs.duplicated,
    latency: consumer.latency.percentiles(),
  };
}

async function runOurs(topic: string, receipt: boolean, receiptEvery = 1): Promise<Result & { report: LoadReport }> {
  const cpu0 = process.cpuUsage();
  const report = await runLoad({ client: clientOptions, destination: topic, rate: RATE, durationMs: SECONDS * 1000, size: SIZE, connections: 1, receipt, receiptEvery, consume: { destination: topic } });
  const cpu = process.cpuUsage(cpu0);
  if (report.state !== 'finished') throw new Error(`the generator ${report.state}: ${report.error ?? ''}`);
  return {
    achievedRate: report.pacing.achievedRate,
    late: report.pacing.lateMs,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    sent: report.sent,
    received: report.received ?? 0,
    duplicated: report.duplicated ?? 0,
    latency: report.latencyMs,
    report,
  };
}

async function drain(consumer: LoadConsumer, sent: () => number): Promise<void> {
  let last = -1;
  let since = performance.now();
  while (consumer.received < sent()) {
    if (consumer.received !== last) {
      last = consumer.received;
      since = performance.now();
    } else if (performance.now() - since > 3000) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const CONTENDERS: { name: string; run: (topic: string) => Promise<Result> }[] = [
  { name: 'stomp-explorer', run: (topic) => runOurs(topic, false) },
  { name: 'stompit', run: (topic) => runPeer(stompit, topic) },
  { name: 'stompjs', run: (topic) => runPeer(stompjs, topic) },
];

const results = new Map<string, Result[]>();
console.log(`load bench: ${RATE} msg/s for ${SECONDS} s, ${SIZE}-byte bodies, ${BROKER} (${uri}), ${ROUNDS} interleaved rounds`);
for (let round = 0; round < ROUNDS; round++) {
  for (const contender of [...CONTENDERS.slice(round % CONTENDERS.length), ...CONTENDERS.slice(0, round % CONTENDERS.length)]) {
    const topic = `/topic/load-bench-${contender.name}-${round}-${randomUUID().slice(0, 6)}`;
    const pid = brokerPid(BROKER);
    const broker0 = processCpuSeconds(pid);
    const result = await contender.run(topic);
    result.brokerCpu = processCpuSeconds(pid) - broker0;
    results.set(contender.name, [...(results.get(contender.name) ?? []), result]);
    console.log(
      `  round ${round + 1} ${contender.name.padEnd(15)} ${Math.round(result.achievedRate)}/s, late p50 ${fmt(result.late?.p50)} p99 ${fmt(result.late?.p99)} ms, CPU ${result.cpuSeconds.toFixed(2)} s (broker ${result.brokerCpu.toFixed(2)} s), sent ${result.sent} received ${result.received} lost ${result.sent - result.received} dup ${result.duplicated}, latency p50 ${fmt(result.latency?.p50)} p99 ${fmt(result.latency?.p99)} ms`,
    );
  }
}

const med = (name: string, pick: (r: Result) => number) => median((results.get(name) ?? []).map(pick));
console.log(`\nmedians (${ROUNDS} rounds)         achieved/s   late p50 ms  late p99 ms   CPU-s  broker CPU-s    lost   latency p99 ms`);
for (const { name } of CONTENDERS) {
  console.log(
    `  ${name.padEnd(28)} ${med(name, (r) => r.achievedRate).toFixed(0).padStart(9)} ${med(name, (r) => r.late?.p50 ?? NaN).toFixed(2).padStart(12)} ${med(name, (r) => r.late?.p99 ?? NaN).toFixed(2).padStart(12)} ${med(name, (r) => r.cpuSeconds).toFixed(2).padStart(8)} ${med(name, (r) => r.brokerCpu ?? NaN).toFixed(2).padStart(13)} ${med(name, (r) => r.sent - r.received).toFixed(0).padStart(7)} ${med(name, (r) => r.latency?.p99 ?? NaN).toFixed(2).padStart(14)}`,
  );
}
for (const peer of ['stompit', 'stompjs']) {
  console.log(
    `  ours ÷ ${peer}: achieved rate ${(med('stomp-explorer', (r) => r.achievedRate) / med(peer, (r) => r.achievedRate)).toFixed(2)}×, late p99 ${(med('stomp-explorer', (r) => r.late?.p99 ?? NaN) / med(peer, (r) => r.late?.p99 ?? NaN)).toFixed(2)}×, CPU ${(med('stomp-explorer', (r) => r.cpuSeconds) / med(peer, (r) => r.cpuSeconds)).toFixed(2)}×`,
  );
}

// The generator as shipped, with receipts (for every message, and one every 100): what the README quotes.
const confirmedRuns: Record<string, LoadReport> = {};
for (const every of [1, 100]) {
  const pid = brokerPid(BROKER);
  const brokerBefore = processCpuSeconds(pid);
  const confirmed = await runOurs(`/topic/load-bench-receipts-${randomUUID().slice(0, 6)}`, true, every);
  const brokerCpu = processCpuSeconds(pid) - brokerBefore;
  const r = confirmed.report;
  confirmedRuns[`every${every}`] = r;
  console.log(
    `\nwith --receipt${every > 1 ? ` --receipt-every ${every}` : ''} --consume (broker CPU ${brokerCpu.toFixed(2)} s): sent ${r.sent}, confirmed ${r.confirmed}, unconfirmed ${r.unconfirmed}, received ${r.received}, lost ${r.lost}, duplicated ${r.duplicated}; ${Math.round(r.pacing.achievedRate)}/s achieved, late p99 ${fmt(r.pacing.lateMs?.p99)} ms; latency p50 ${fmt(r.latencyMs?.p50)} p95 ${fmt(r.latencyMs?.p95)} p99 ${fmt(r.latencyMs?.p99)} ms; CPU ${confirmed.cpuSeconds.toFixed(2)} s (${r.cpu.percentOfOneCore.toFixed(0)} % of one core)`,
  );
}
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ broker: BROKER, rate: RATE, seconds: SECONDS, size: SIZE, results: Object.fromEntries(results), confirmed: confirmedRuns }, null, 2));

function fmt(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? 'n/a' : ms.toFixed(2);
}
