/**
 * The GUI at scale (`npm run bench:ui`): browser mode in Debian's Chromium, driven by Playwright,
 * subscribed (ack auto) to a RabbitMQ queue while an outside producer (a process of its own)
 * publishes at a fixed rate; the bare client consuming the same workload is the baseline, measured
 * in the same run. Every figure is printed with its target and its ratio; short measurements are
 * medians of 3. It reports; it never fails on a number.
 *
 *   npm run bench:ui                               # every case but the 10-minute soak
 *   npm run bench:ui -- --case 10k --seconds 60    # one case (10k, 1m, large, 64k, soak, all)
 *   npm run bench:ui -- --case large --rounds 1
 *
 * Cases:
 *   10k    10,000 msg/s × 100 B for 60 s: capture, catch-up, frames, long tasks, host CPU and RSS
 *   1m     1,000,000 × 100 B (10k msg/s for 100 s), then a filter over all, scrolling, an export
 *   large  a 10 MiB and a 100 MiB body opened in every viewer and scrolled
 *   64k    64 KiB × 1,000 msg/s for 30 s: captured, spilled, nothing lost, the tab responsive
 *   soak   2,000 msg/s for 10 minutes: the host's memory beyond the capture's own stays flat
 * Needs RabbitMQ on 127.0.0.1:61613 (guest/guest): `npm run brokers:start`.
 */
import { parseArgs } from 'node:util';
import { cleanUp } from './client-bench-broker';
import { ensureBroker } from '../e2e/support/brokers';
import { removeRendererSnapshot } from './ui-bench-app';
import { largeBodies } from './ui-bench-bodies';
import { bareClient, flood, type FloodOptions } from './ui-bench-flood';
import { figuresOverRounds, MB, Report, tally, type Figure } from './ui-bench-report';

const CASES = ['10k', '1m', 'large', '64k', 'soak'] as const;
type CaseName = (typeof CASES)[number];

const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: 'default' },
    seconds: { type: 'string' },
    rate: { type: 'string' },
    rounds: { type: 'string', default: '3' },
  },
});
const chosen: CaseName[] =
  args.case === 'default' ? ['10k', '1m', 'large', '64k'] : args.case === 'all' ? [...CASES] : args.case.split(',').map((c) => c.trim() as CaseName);
for (const c of chosen) if (!CASES.includes(c)) throw new Error(`--case ${c}: one of ${CASES.join(', ')}, default or all`);
const rounds = Number(args.rounds);
const runId = `ui-bench-${process.pid}-${Date.now().toString(36)}`;
const queues: { destination: string; drained: boolean }[] = [];

function queue(name: string): string {
  const destination = `/queue/${runId}-${name}`;
  queues.push({ destination, drained: true });
  return destination;
}

/** Floods short enough to run `--rounds` times (the million and the soak run once). */
const SHORT_FLOODS: ReadonlySet<CaseName> = new Set(['10k', '64k']);

function floodOptions(c: CaseName): FloodOptions {
  const base = { baseline: true, filter: false, scroll: false, export: false };
  const custom = (seconds: number, rate: number) => ({ seconds: Number(args.seconds ?? seconds), rate: Number(args.rate ?? rate) });
  switch (c) {
    case '10k':
      return { ...base, size: 100, ...custom(60, 10_000) };
    case '1m':
      return { ...base, size: 100, ...custom(100, 10_000), filter: true, scroll: true, export: true, rssTargetMb: 400 };
    case '64k':
      return { ...base, size: 64 * 1024, ...custom(30, 1_000) };
    case 'soak':
      return { ...base, size: 100, ...custom(600, 2_000), baseline: false, rssEverySeconds: 30 };
    default:
      throw new Error(`not a flood: ${c}`);
  }
}

const TITLES: Record<CaseName, (o?: FloodOptions) => string> = {
  '10k': (o) => `${o!.rate.toLocaleString('en-US')} msg/s × 100 B for ${o!.seconds} s, ack auto`,
  '1m': (o) => `${(o!.rate * o!.seconds).toLocaleString('en-US')} captured 100 B messages (${o!.rate.toLocaleString('en-US')} msg/s for ${o!.seconds} s)`,
  large: () => '10 MiB and 100 MiB bodies, every viewer',
  '64k': (o) => `64 KiB × ${o!.rate.toLocaleString('en-US')} msg/s for ${o!.seconds} s`,
  soak: (o) => `${o!.rate.toLocaleString('en-US')} msg/s for ${o!.seconds / 60} minutes`,
};

async function runCase(c: CaseName, report: Report): Promise<void> {
  if (c === 'large') {
    report.title(`== ${c}: ${TITLES[c]()} (median of ${rounds})`);
    await largeBodies(report, queue('large'), [10 * MB, 100 * MB], rounds);
    return;
  }
  const o = floodOptions(c);
  // Short floods run `rounds` times, each with its own bare-client baseline just before it: on this
  // shared machine one run's CPU ratio moves by ±10 %.
  const n = SHORT_FLOODS.has(c) ? rounds : 1;
  report.title(`== ${c}: ${TITLES[c](o)}${n > 1 ? ` (${n} rounds)` : ''}`);
  const perRound: Figure[][] = [];
  for (let round = 1; round <= n; round++) {
    const into = n > 1 ? new Report(`${c} round ${round}`) : report;
    if (n > 1) into.title(`-- round ${round} of ${n}`);
    const bare = o.baseline ? await bareClient(queue(`${c}-bare-${round}`), o) : undefined;
    if (bare) console.log(`  (bare client: ${bare.cpuPer100k.toFixed(2)} CPU-s per 100k, RSS ${(bare.rss / MB).toFixed(0)} MB, caught up ${(bare.catchUpMs / 1000).toFixed(2)} s after the producer)`);
    await flood(into, queue(`${c}-app-${round}`), o, bare);
    perRound.push(into.figures.map((f) => f.figure));
  }
  if (n === 1) return;
  report.title(`-- ${c} over ${n} rounds`);
  for (const figure of figuresOverRounds(perRound)) report.add(figure);
}

async function main(): Promise<void> {
  ensureBroker('rabbitmq'); // a quick probe; starts it only when it does not answer
  console.log(`UI bench: ${chosen.join(', ')}; browser mode in /usr/bin/chromium at 1440×900, RabbitMQ 127.0.0.1:61613`);
  const started = Date.now();
  const all: Report['figures'] = [];
  try {
    for (const c of chosen) {
      // The brokers are shared: another run may restart one under us. A case that loses its
      // broker is run again, once, from the start.
      for (let attempt = 1; ; attempt++) {
        const report = new Report(c);
        try {
          await runCase(c, report);
          all.push(...report.figures);
          break;
        } catch (error) {
          console.warn(`  ${c} failed: ${(error as Error).message.split('\n')[0]}`);
          if (attempt >= 2) throw error;
          console.warn(`  running ${c} again`);
          ensureBroker('rabbitmq');
        }
      }
    }
    console.log(`\n${tally(all)}`);
    console.log(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await removeRendererSnapshot();
    await cleanUp('rabbitmq', queues);
  }
}

await main();
process.exit(0);
