/**
 * Profiles this project's client alone, one phase at a time, with the V8 sampling profiler
 * (node:inspector), so a profile holds the phase and nothing else. Writes .tmp/client-<phase>.cpuprofile
 * (open in Chrome DevTools) and prints the hottest functions.
 *
 *   npx tsx tests/bench/client-bench-profile.ts [--broker activemq] [--size 100] [--count 100000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { cleanUp, targetOf } from './client-bench-broker';
import { ours } from './client-bench-contenders';

const { values } = parseArgs({ options: { broker: { type: 'string', default: 'rabbitmq' }, size: { type: 'string', default: '100' }, count: { type: 'string', default: '100000' } } });
const broker = values.broker === 'activemq' ? 'activemq' : 'rabbitmq';
const size = Number(values.size);
const count = Number(values.count);
const target = targetOf(broker);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

function summarize(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, top = 30): void {
  const time = new Map<number, number>();
  profile.samples.forEach((id, i) => time.set(id, (time.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(src-core|tests|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  for (const n of profile.nodes) {
    const t = time.get(n.id) ?? 0;
    if (!t || n.callFrame.functionName === '(idle)') continue;
    busy += t;
    self.set(name(n), (self.get(name(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const key = name(byId.get(id)!);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + t);
      seen.add(key);
    }
  }
  const show = (title: string, map: Map<string, number>, filter: (k: string) => boolean) => {
    console.log(`  ${title}`);
    for (const [k, t] of [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`    ${(t / 1000).toFixed(1).padStart(8)} ms ${((100 * t) / busy).toFixed(1).padStart(5)}%  ${k}`);
    }
  };
  console.log(`  busy ${(busy / 1000).toFixed(0)} ms`);
  show('self', self, () => true);
  show('inclusive, this project', inclusive, (k) => k.includes('src-core/'));
}

async function profiled(phase: string, run: () => Promise<void>): Promise<void> {
  const cpu0 = process.cpuUsage();
  await session.post('Profiler.start');
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const { profile } = await session.post('Profiler.stop');
  const cpu = process.cpuUsage(cpu0);
  mkdirSync('.tmp', { recursive: true });
  writeFileSync(`.tmp/client-${phase}.cpuprofile`, JSON.stringify(profile));
  console.log(`\n${phase}: ${count} × ${size} B in ${ms.toFixed(0)} ms, CPU user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s (profiler on)`);
  summarize(profile as never);
}

const body = Buffer.alloc(size, 'x');
const queue = `/queue/client-bench-profile-${process.pid}`;
let drained = false;
try {
  const connection = await ours.connect(target);
  // Warm-up, so the profile shows optimized code.
  await connection.publish(queue, body, Math.ceil(count / 10), Math.ceil(count / 1000), { n: 0 });
  await connection.consume(queue, Math.ceil(count / 10), size, { n: 0 });
  await connection.close();
  const c = await ours.connect(target);
  await profiled('publish', () => c.publish(queue, body, count, Math.ceil(count / 100), { n: 0 }));
  await profiled('consume', () => c.consume(queue, count, size, { n: 0 }));
  drained = true;
  await c.close();
} finally {
  await cleanUp(broker, [{ destination: queue, drained }]);
}
process.exit(0);
