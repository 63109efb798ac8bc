/**
 * What a filter script costs over a large capture: N messages (default 1 000 000; ~200-byte JSON
 * bodies, four headers) through FilterScript in the QuickJS sandbox, batched as the capture search
 * batches them, against the same predicate as a plain JavaScript function in the host (the
 * baseline: what a built-in filter costs). Medians of rounds; per-message µs and ratios.
 *
 *   npx tsx tests/bench/script-filter-bench.ts            # BENCH_MESSAGES, BENCH_ROUNDS (3)
 */
import { FilterScript, type FilterMessage } from '../../src-core/scripting';
import { median } from './bench-stats';

const COUNT = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The capture search hands over about 1 MiB of records at a time. */
const SCAN_BATCH = 5000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const messages: FilterMessage[] = Array.from({ length: COUNT }, (_, i) => ({
  seq: i,
  headers: [
    ['destination', `/queue/orders.${i % 7}`],
    ['content-type', 'application/json'],
    ['message-id', `ID:bench-${i}`],
    ['priority', String(i % 10)],
  ],
  body: encoder.encode(JSON.stringify({ id: `order-${i}`, kind: i % 3 ? 'sale' : 'refund', total: (i % 1000) * 1.25, lines: [{ sku: `s${i % 50}`, qty: 1 + (i % 4) }], note: 'x'.repeat(60) })),
}));

const CASES: { name: string; script: string; plain: (m: FilterMessage) => boolean }[] = [
  { name: 'header only', script: "headers.priority === '3'", plain: (m) => m.headers.find(([n]) => n === 'priority')?.[1] === '3' },
  { name: 'body text', script: "body.text.includes('s7\"')", plain: (m) => decoder.decode(m.body).includes('s7"') },
  { name: 'body JSON field', script: "body.json.kind === 'refund' && body.json.total > 100", plain: (m) => { const j = JSON.parse(decoder.decode(m.body)); return j.kind === 'refund' && j.total > 100; } },
];

/** Wall time and this process's CPU time (steadier on a shared machine), ms. */
function timed(run: () => number): { ms: number; cpuMs: number; hits: number } {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const hits = run();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, hits };
}

function runScript(filter: FilterScript) {
  return timed(() => {
    let hits = 0;
    for (let from = 0; from < COUNT; from += SCAN_BATCH) for (const hit of filter.matchBatch(messages.slice(from, from + SCAN_BATCH))) hits += hit ? 1 : 0;
    return hits;
  });
}

function runPlain(fn: (m: FilterMessage) => boolean) {
  return timed(() => {
    let hits = 0;
    for (const m of messages) hits += fn(m) ? 1 : 0;
    return hits;
  });
}

console.log(`filter scripts over ${COUNT.toLocaleString()} messages, median of ${ROUNDS}`);
{
  // What batching saves: the same filter called once per message.
  const filter = await FilterScript.compile("headers.priority === '3'", { timeMs: 5000 });
  const n = Math.min(COUNT, 20_000);
  const started = performance.now();
  for (let i = 0; i < n; i++) filter.matches(messages[i]);
  const perMessage = ((performance.now() - started) * 1000) / n;
  console.log(`  one call per message (header only, ${n.toLocaleString()} messages): ${perMessage.toFixed(2)} µs/message`);
  filter.dispose();
}
for (const c of CASES) {
  const filter = await FilterScript.compile(c.script, { timeMs: 5000 });
  const script: number[] = [];
  const plain: number[] = [];
  const scriptCpu: number[] = [];
  const plainCpu: number[] = [];
  let calls = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const before = filter.stats.calls;
    const s = runScript(filter);
    calls = filter.stats.calls - before;
    void calls;
    const p = runPlain(c.plain);
    if (s.hits !== p.hits) throw new Error(`${c.name}: the script found ${s.hits}, the plain function ${p.hits}`);
    script.push(s.ms);
    plain.push(p.ms);
    scriptCpu.push(s.cpuMs);
    plainCpu.push(p.cpuMs);
  }
  const ms = median(script);
  const base = median(plain);
  const cpu = median(scriptCpu);
  const baseCpu = median(plainCpu);
  console.log(
    `  ${c.name.padEnd(16)} sandbox ${(ms / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU (${((cpu * 1000) / COUNT).toFixed(2)} µs CPU/message, ${calls} calls, ${((ms / calls) || 0).toFixed(1)} ms/call)` +
      `   plain JS ${(baseCpu / 1000).toFixed(2)} s CPU (${((baseCpu * 1000) / COUNT).toFixed(2)} µs/message)   sandbox ÷ plain (CPU) = ${(cpu / baseCpu).toFixed(1)}×`,
  );
  filter.dispose();
}
