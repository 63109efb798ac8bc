/**
 * Client throughput against a real broker: this project's StompClient (as it comes, and again with
 * `bodies: 'borrowed'`, reported beside it), stompit and @stomp/stompjs (over TCP through
 * @stomp/tcp-wrapper), in one run. Each publishes N messages in batches that end
 * with a receipt, then consumes them with `client-individual` and one ACK each (prefetch 1000),
 * on a queue of its own per round. Reported per phase: messages per second, and the CPU seconds
 * the phase cost this process (process.cpuUsage deltas: contenders run one at a time) and the
 * broker (from /proc), as medians over interleaved rounds, with ratios ours/peer and the targets.
 *
 *   npm run bench:client                         # RabbitMQ 127.0.0.1:61613
 *   npm run bench:client -- --broker activemq    # ActiveMQ 127.0.0.1:61614
 *
 * Environment: BENCH_ROUNDS (3), BENCH_SMALL_COUNT (100000), BENCH_LARGE_COUNT (10000),
 * BENCH_BATCHES (batches per publish phase, 100), BENCH_ONLY (comma-separated contenders),
 * BENCH_PEER_NODELAY=1 (TCP_NODELAY for stompit and stompjs too; they leave Nagle on by default),
 * BENCH_JSON (write the raw figures there).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BrokerName } from '../brokers/brokers';
import { formatRate, median } from './bench-stats';
import { brokerPid, cleanUp, isBrokerUp, processCpuSeconds, startBroker, targetOf } from './client-bench-broker';
import { CONTENDERS, ours, oursBorrowed, type BenchConnection, type Contender, type Progress } from './client-bench-contenders';

const { values: args } = parseArgs({ options: { broker: { type: 'string', default: 'rabbitmq' } } });
if (args.broker !== 'rabbitmq' && args.broker !== 'activemq') throw new Error(`--broker must be rabbitmq or activemq, not ${args.broker}`);
const BROKER: BrokerName = args.broker;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
/** A phase that makes no progress for this long has failed. */
const STALL_MS = 30_000;

interface Workload {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly size: number;
}

const WORKLOADS: readonly Workload[] = [
  { key: 'small', label: '100 B', count: Number(process.env.BENCH_SMALL_COUNT ?? 100_000), size: 100 },
  { key: 'large', label: '64 KiB', count: Number(process.env.BENCH_LARGE_COUNT ?? 10_000), size: 64 * 1024 },
];
const PHASES = ['publish', 'consume'] as const;
type Phase = (typeof PHASES)[number];

interface Sample {
  readonly seconds: number;
  readonly cpu: number;
  /** The kernel's share of `cpu`: socket syscalls, mostly. */
  readonly sys: number;
  readonly brokerCpu: number;
}

const contenders = CONTENDERS.filter((c) => !ONLY || ONLY.includes(c.name));
if (contenders.length === 0) throw new Error(`BENCH_ONLY names none of ${CONTENDERS.map((c) => c.name).join(', ')}`);

// A full collection between phases, so one contender's garbage is not collected on another's clock.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const target = targetOf(BROKER);
/** Looked up again before each phase: someone may restart the broker during a run. */
let pid = brokerPid(BROKER);
const runId = `client-bench-${process.pid}-${Date.now().toString(36)}`;
const queues: { destination: string; drained: boolean }[] = [];
const samples = new Map<string, Sample[]>(); // `${workload}/${phase}/${contender}`

async function measure(progress: Progress, run: () => Promise<void>): Promise<Sample> {
  pid = brokerPid(BROKER);
  gc();
  const cpu0 = process.cpuUsage();
  const broker0 = processCpuSeconds(pid);
  const t0 = process.hrtime.bigint();
  let watchdog: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    let seen = -1;
    let since = Date.now();
    watchdog = setInterval(() => {
      if (progress.n !== seen) {
        seen = progress.n;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) reject(new Error(`no progress for ${STALL_MS / 1000} s (at ${progress.n})`));
    }, 1000);
  });
  try {
    await Promise.race([run(), stalled]);
  } finally {
    clearInterval(watchdog);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpu: (cpu.user + cpu.system) / 1e6, sys: cpu.system / 1e6, brokerCpu: processCpuSeconds(pid) - broker0 };
}

async function runCase(contender: Contender, w: Workload, round: string, count: number): Promise<Record<Phase, Sample>> {
  for (let attempt = 1; ; attempt++) {
    const queue = { destination: `/queue/${runId}-${w.key}-${contender.name}-${round}-${attempt}`, drained: false };
    queues.push(queue);
    const body = Buffer.alloc(w.size, 'x');
    const batch = Math.max(1, Math.ceil(count / BATCHES));
    let connection: BenchConnection | undefined;
    try {
      connection = await contender.connect(target);
      const c = connection;
      const sent: Progress = { n: 0 };
      const publish = await measure(sent, () => c.publish(queue.destination, body, count, batch, sent));
      const received: Progress = { n: 0 };
      const consume = await measure(received, () => c.consume(queue.destination, count, w.size, received));
      queue.drained = true;
      await c.close();
      return { publish, consume };
    } catch (error) {
      connection?.destroy();
      const up = await isBrokerUp(BROKER);
      console.warn(`  ${contender.name} ${w.label} ${round} attempt ${attempt} failed: ${(error as Error).message}${up ? '' : ` (${BROKER} is down)`}`);
      if (attempt >= 3) throw error;
      if (!up) {
        console.warn(`  starting ${BROKER} again`);
        await startBroker(BROKER);
      }
    }
  }
}

function record(w: Workload, contender: Contender, result: Record<Phase, Sample>): void {
  for (const phase of PHASES) {
    const key = `${w.key}/${phase}/${contender.name}`;
    samples.set(key, [...(samples.get(key) ?? []), result[phase]]);
  }
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

interface Row {
  readonly name: string;
  readonly rate: number;
  readonly cpu: number;
  readonly brokerCpu: number;
}

interface Verdict {
  readonly what: string;
  readonly ratio: number;
  readonly pass: boolean;
}

function rowsOf(w: Workload, phase: Phase): Row[] {
  return contenders.map((c) => {
    const list = samples.get(`${w.key}/${phase}/${c.name}`) ?? [];
    return {
      name: c.name,
      rate: median(list.map((s) => w.count / s.seconds)),
      cpu: median(list.map((s) => s.cpu)),
      // NaN for a phase the broker was restarted in (its process changed).
      brokerCpu: median(list.map((s) => s.brokerCpu).filter((v) => !Number.isNaN(v))),
    };
  });
}

/** This client's two ways of receiving: the targets are for the default; borrowed bodies are reported beside it. */
const OURS = [ours.name, oursBorrowed.name];

/** The targets' verdicts for this client as it comes, and for its consume with borrowed bodies. */
interface Verdicts {
  readonly owned: Verdict[];
  readonly borrowed: Verdict[];
}

function report(w: Workload, phase: Phase): Verdicts {
  const rows = rowsOf(w, phase);
  const mine = rows.find((r) => r.name === ours.name);
  const batch = Math.ceil(w.count / BATCHES);
  const how = phase === 'publish' ? `batches of ${batch} ending with a receipt` : `client-individual, one ACK each, prefetch ${target.prefetch}`;
  console.log(`\n${w.count} × ${w.label}, ${phase} (${how}), median of ${ROUNDS}`);
  console.log(`  ${'client'.padEnd(24)} ${'msg/s'.padStart(12)} ${'MB/s'.padStart(7)} ${'client CPU-s'.padStart(13)} ${'broker CPU-s'.padStart(13)}   ours/peer: rate   CPU`);
  for (const r of rows) {
    const ratios = mine && !OURS.includes(r.name) ? `${(mine.rate / r.rate).toFixed(2).padStart(15)}x ${(mine.cpu / r.cpu).toFixed(2).padStart(5)}x` : '';
    console.log(
      `  ${r.name.padEnd(24)} ${formatRate(r.rate, 'msg/s').padStart(12)} ${((r.rate * w.size) / 1e6).toFixed(1).padStart(7)} ${r.cpu.toFixed(2).padStart(13)} ${r.brokerCpu.toFixed(2).padStart(13)}   ${ratios}`,
    );
  }
  const peers = rows.filter((r) => !OURS.includes(r.name));
  if (!mine || peers.length === 0) return { owned: [], borrowed: [] };
  const owned = verdictsOf(mine, '', w, phase, peers);
  // Only receiving differs with borrowed bodies: its publish is the default's, measured again.
  const borrowedRow = rows.find((r) => r.name === oursBorrowed.name);
  const borrowed = borrowedRow && phase === 'consume' ? verdictsOf(borrowedRow, ' with borrowed bodies', w, phase, peers) : [];
  for (const v of [...owned, ...borrowed]) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${v.what}: ours/peer = ${v.ratio.toFixed(2)}x`);
  return { owned, borrowed };
}

function tally(verdicts: readonly Verdict[]): string {
  const missed = verdicts.filter((v) => !v.pass);
  return `${verdicts.length - missed.length} of ${verdicts.length} met${missed.length ? `; missed: ${missed.map((v) => v.what).join('; ')}` : ''}`;
}

function verdictsOf(mine: Row, how: string, w: Workload, phase: Phase, peers: readonly Row[]): Verdict[] {
  const fastest = peers.reduce((a, b) => (b.rate > a.rate ? b : a));
  const leanest = peers.reduce((a, b) => (b.cpu < a.cpu ? b : a));
  const verdicts: Verdict[] = [
    { what: `${w.label} ${phase}${how}: rate ≥ best peer's (${fastest.name})`, ratio: mine.rate / fastest.rate, pass: mine.rate >= fastest.rate },
    { what: `${w.label} ${phase}${how}: CPU ≤ ½ best peer's (${leanest.name})`, ratio: mine.cpu / leanest.cpu, pass: mine.cpu <= leanest.cpu / 2 },
  ];
  const stompjsRow = peers.find((r) => r.name === 'stompjs');
  if (w.key === 'large' && phase === 'consume' && stompjsRow) {
    verdicts.push({ what: `${w.label} consume${how}: rate ≥ 10× stompjs`, ratio: mine.rate / stompjsRow.rate, pass: mine.rate >= 10 * stompjsRow.rate });
  }
  return verdicts;
}

async function main(): Promise<void> {
  await startBroker(BROKER); // a no-op when it is up
  console.log(
    `client bench against ${BROKER} ${target.host}:${target.port}: ${contenders.map((c) => c.name).join(', ')}; ` +
      `${ROUNDS} interleaved round(s) after a warm-up; broker pid ${pid ?? 'not found'}` +
      (process.env.BENCH_PEER_NODELAY === '1' ? '; TCP_NODELAY for the peers too' : ''),
  );
  const started = Date.now();
  try {
    for (const w of WORKLOADS) {
      for (const c of contenders) await runCase(c, w, 'warmup', Math.max(1, Math.ceil(w.count / 10)));
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const w of WORKLOADS) {
        for (const c of rotate(contenders, round)) {
          const result = await runCase(c, w, `r${round}`, w.count);
          record(w, c, result);
          const s = result;
          console.log(
            `  round ${round + 1} ${w.label.padEnd(6)} ${c.name.padEnd(23)} publish ${formatRate(w.count / s.publish.seconds, 'msg/s').padStart(12)} (${s.publish.cpu.toFixed(2)} CPU-s, sys ${s.publish.sys.toFixed(2)})` +
              `  consume ${formatRate(w.count / s.consume.seconds, 'msg/s').padStart(12)} (${s.consume.cpu.toFixed(2)} CPU-s, sys ${s.consume.sys.toFixed(2)})`,
          );
        }
      }
    }
    const reports = WORKLOADS.flatMap((w) => PHASES.map((phase) => report(w, phase)));
    const owned = reports.flatMap((r) => r.owned);
    if (owned.length) {
      console.log(`\ntargets, this client as it comes: ${tally(owned)}`);
      // Borrowed bodies change only how messages are received: every other verdict carries over.
      const borrowed = reports.flatMap((r) => r.borrowed);
      if (borrowed.length) {
        const carried = owned.filter((v) => !v.what.includes('consume'));
        console.log(`targets, consuming with borrowed bodies: ${tally([...carried, ...borrowed])}`);
      }
    }
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
    if (process.env.BENCH_JSON) {
      const raw = Object.fromEntries(samples);
      const rows = Object.fromEntries(WORKLOADS.flatMap((w) => PHASES.map((p) => [`${w.key}/${p}`, rowsOf(w, p)])));
      writeFileSync(process.env.BENCH_JSON, JSON.stringify({ broker: BROKER, rounds: ROUNDS, workloads: WORKLOADS, rows, raw }, null, 2));
    }
  } finally {
    await cleanUp(BROKER, queues);
  }
}

await main();
// stompjs and stompit may leave a timer behind; the run is over.
process.exit(0);
