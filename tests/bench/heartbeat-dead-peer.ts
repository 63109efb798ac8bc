/**
 * `npx tsx tests/bench/heartbeat-dead-peer.ts [--runs 3] [--tolerances 2,3]`: dead-peer detection
 * measured against the sandbox's stall switch for heart-beat periods from 100 ms to 2 s. For each
 * period and tolerance, the median over the runs of the silence at the verdict (which the
 * tolerance bounds from below) and of the time from the stall to the drop. All runs go at once:
 * they wait on timers, not on the CPU.
 */
import { parseArgs } from 'node:util';
import { measureDeadPeer, type DeadPeerMeasurement } from './heartbeat-measure';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, tolerances: { type: 'string', default: '2,3' } } });
const runs = Number(values.runs);
const tolerances = values.tolerances.split(',').map(Number);
const periods = [100, 250, 500, 1000, 2000];

const jobs: Promise<DeadPeerMeasurement>[] = [];
for (const period of periods) for (const tolerance of tolerances) for (let r = 0; r < runs; r++) jobs.push(measureDeadPeer(period, tolerance));
const results = await Promise.all(jobs);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`dead-peer detection, median of ${runs} (sandbox stall switch)`);
console.log('| period | tolerance | bound (tolerance × period) | silence at the verdict | stall → drop | silence ÷ period |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const period of periods) {
  for (const tolerance of tolerances) {
    const mine = results.filter((m) => m.period === period && m.tolerance === tolerance);
    const silent = median(mine.map((m) => m.silentMs));
    const after = median(mine.map((m) => m.afterStallMs));
    console.log(`| ${period} ms | ${tolerance} | ${tolerance * period} ms | ${silent.toFixed(0)} ms | ${after.toFixed(0)} ms | ${(silent / period).toFixed(2)} |`);
  }
}
