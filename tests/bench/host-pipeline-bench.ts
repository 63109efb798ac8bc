/**
 * The host's own work per message received, without the machine's noise: a live connection of the
 * app (capture store, wire log, heart-beat timeline, statistics, event batches encoded as JSON)
 * against the bare client, both fed the same RabbitMQ-shaped MESSAGE frames by a scripted broker in
 * the measuring process (host-pipeline-broker.ts). CPU per message (process.cpuUsage) after a
 * warm-up, each measurement in a fresh process, as medians over interleaved rounds, with the
 * ratio host ÷ bare.
 *
 * What this leaves out, on purpose: sockets, the broker and the browser. `bench:ui` measures the
 * whole app against RabbitMQ (issue 15's target); on this shared 2-core machine its host-CPU ratio
 * moves by ±15 % from run to run, which hides changes of a few per cent that this bench shows.
 *
 *   npm run bench:host [-- --rounds 5 --chunk 10 --size 100 --wire-shown]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { StompClient } from '../../src-core/client/stomp-client';
import { captureAdapter } from '../../src-main/host/capture-adapter';
import { CaptureRegistry } from '../../src-main/host/capture/capture-registry';
import { LiveConnection } from '../../src-main/host/connections/live-connection';
import { addSubscription } from '../../src-main/host/connections/subscription-operations';
import { EventBatcher } from '../../src-main/host/events/event-batcher';
import { StatsService } from '../../src-main/host/stats/stats-service';
import { median } from './bench-stats';
import { ScriptedBroker } from './host-pipeline-broker';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, chunk: { type: 'string', default: '10' }, size: { type: 'string', default: '100' }, 'wire-shown': { type: 'boolean', default: false }, one: { type: 'string' } } });
/** A wire-log view watches the connection (wire.watch): its batches carry the newest entries. */
const WIRE_SHOWN = args['wire-shown'];
const ROUNDS = Number(args.rounds);
/** Frames per read: about what read coalescing gathers at 10k msg/s. */
const CHUNK = Number(args.chunk);
const SIZE = Number(args.size);
for (const [name, value] of [['rounds', ROUNDS], ['chunk', CHUNK], ['size', SIZE]] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, not ${value}`);
}
/** Messages before measuring (the JIT settles; the wire log fills its 100,000 lines), then measured. */
const WARM = 100_000;
const MEASURED = 200_000;
/**
 * For both sides alike. Messages flow here twenty times faster than from a broker, and with V8's
 * young generation left to size itself, about half the processes promoted much of what they made
 * and spent a fifth of their time in full collections (4.7 or 7–8 µs a message, run to run): a
 * young generation of 16 MB from the start makes every run the fast kind.
 */
const CHILD_FLAGS = ['--min-semi-space-size=16'];
/** Event batches as the app sends them: the newest 50 rows, the newest 100 wire lines. */
const NEWEST_ROWS = 50;
const WIRE_BATCH = 100;

interface Pipeline {
  readonly broker: ScriptedBroker;
  received(): number;
  /** What the app's timers do every 200 ms at 10k msg/s: the event batch (and, every fifth, statistics). */
  tick?(): void;
  close(): Promise<void>;
}

/**
 * Messages between two event batches: the app flushes every 200 ms, 2,000 messages at 10k msg/s.
 * Messages flow here far faster than that, so the timers are driven by the count, not the clock.
 */
const MESSAGES_PER_BATCH = 2_000;

/** The reads that bring `total` messages, made in advance. */
function reads(pipeline: Pipeline, total: number): Buffer[] {
  const out: Buffer[] = [];
  for (let made = 0; made < total; made += CHUNK) out.push(pipeline.broker.chunk(Math.min(CHUNK, total - made), SIZE));
  return out;
}

/** Hands over the reads, letting timers run every 1,000 messages as they would between reads. */
async function feed(pipeline: Pipeline, chunks: readonly Buffer[], total: number): Promise<void> {
  const before = pipeline.received();
  const every = Math.max(1, Math.round(1000 / CHUNK));
  const batchEvery = Math.max(1, Math.round(MESSAGES_PER_BATCH / CHUNK));
  for (let i = 0; i < chunks.length; i++) {
    pipeline.broker.deliver(chunks[i]);
    if (i % batchEvery === batchEvery - 1) pipeline.tick?.();
    if (i % every === every - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  const got = pipeline.received() - before;
  if (got !== total) throw new Error(`${got} of ${total} messages arrived`);
}

/** Microseconds of CPU per message, measured after the warm-up. */
async function measure(open: () => Promise<Pipeline>): Promise<number> {
  const pipeline = await open();
  try {
    await feed(pipeline, reads(pipeline, WARM), WARM);
    const measured = reads(pipeline, MEASURED);
    const cpu0 = process.cpuUsage();
    await feed(pipeline, measured, MEASURED);
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / MEASURED;
  } finally {
    await pipeline.close();
  }
}

async function bare(): Promise<Pipeline> {
  const broker = new ScriptedBroker();
  const client = new StompClient({ uri: broker.description, login: 'guest', passcode: 'guest', heartBeat: [0, 0], reconnect: false, openTransport: async () => broker });
  await client.connect();
  let count = 0;
  await client.subscribe('/queue/bench', () => {
    count++;
  });
  return { broker, received: () => count, close: () => client.disconnect().catch(() => undefined) };
}

async function host(): Promise<Pipeline> {
  const broker = new ScriptedBroker();
  const dataDir = await mkdtemp(join(tmpdir(), 'stomp-host-bench-'));
  const registry = new CaptureRegistry({ directory: join(dataDir, 'captures') });
  const capture = captureAdapter(registry, () => undefined);
  const encode = (payload: unknown) => void JSON.stringify(payload);
  let connection: LiveConnection | undefined;
  const batcher = new EventBatcher(
    {
      connection: () => ({ connection: connection!.view() }),
      captured: (captureId, added) => {
        const store = registry.get(captureId);
        if (!store) return undefined;
        return { captureId, total: store.count, added, newest: store.summaries(Math.max(store.firstSeq, store.nextSeq - NEWEST_ROWS)) };
      },
      wire: (connectionId, since) => {
        const wire = connection!.wire;
        if (!WIRE_SHOWN) return { connectionId, total: wire.total, entries: [] };
        return { connectionId, total: wire.total, entries: wire.page(Math.max(since, wire.total - WIRE_BATCH), WIRE_BATCH).map(({ entry }) => entry) };
      },
      captures: () => ({ captures: registry.views() }),
    },
    encode,
  );
  const stats = new StatsService({ emit: encode });
  connection = new LiveConnection('c1', { id: 'bench', name: 'bench', sandbox: false }, { uri: broker.description, login: 'guest', passcode: 'guest', heartBeat: [0, 0], openTransport: async () => broker }, capture, {
    changed: (id) => batcher.connectionChanged(id),
    wire: (id, seq) => batcher.wireAppended(id, seq),
    receipts: (id) => batcher.receiptsChanged(id),
    captured: (captureId) => batcher.messageCaptured(captureId),
    brokerError: () => undefined,
  });
  stats.attach('c1', connection.client);
  await connection.open();
  const live = await addSubscription(connection, capture, { connectionId: 'c1', destination: '/queue/bench', ack: 'auto', headers: [], browse: false });
  let ticks = 0;
  return {
    broker,
    received: () => live.captured,
    tick() {
      batcher.flush();
      if (++ticks % 5 === 0) stats.flush();
    },
    async close() {
      await connection!.client.disconnect().catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
      batcher.dispose();
      stats.detach('c1');
      registry.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

if (args.one !== undefined) {
  // A child: one measurement, in a process of its own (the bare client and the host share the
  // protocol core, and in one process each would shape the other's compiled code).
  if (args.one !== 'bare' && args.one !== 'host') throw new Error(`--one must be bare or host, not ${args.one}`);
  process.stdout.write(`${JSON.stringify({ us: await measure(args.one === 'bare' ? bare : host) })}\n`);
  process.exit(0);
}

function child(which: 'bare' | 'host'): number {
  const out = execFileSync(process.execPath, [...CHILD_FLAGS, '--import', 'tsx', fileURLToPath(import.meta.url), '--one', which, '--chunk', String(CHUNK), '--size', String(SIZE), ...(WIRE_SHOWN ? ['--wire-shown'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const last = out.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(last) as { us: number }).us;
}

console.log(`Host pipeline bench: ${MEASURED.toLocaleString('en-US')} MESSAGEs of ${SIZE} B in reads of ${CHUNK}, after ${WARM.toLocaleString('en-US')} to warm up; an event batch every ${MESSAGES_PER_BATCH.toLocaleString('en-US')} (the wire log ${WIRE_SHOWN ? 'shown' : 'not shown'}); each measurement in a process of its own; median of ${ROUNDS} interleaved rounds`);
const bareRuns: number[] = [];
const hostRuns: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  bareRuns.push(child('bare'));
  hostRuns.push(child('host'));
}
const b = median(bareRuns);
const h = median(hostRuns);
const runs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
console.log(`  bare client   ${b.toFixed(2)} µs CPU per message   (${runs(bareRuns)})`);
console.log(`  app's host    ${h.toFixed(2)} µs CPU per message   (${runs(hostRuns)})`);
console.log(`  host ÷ bare   ${(h / b).toFixed(2)}×   (the host's own work: ${(h - b).toFixed(2)} µs per message)`);
