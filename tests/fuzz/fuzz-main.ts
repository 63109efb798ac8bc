/**
 * `npm run fuzz [-- --inputs N --seed S --scaling-size BYTES --no-save]`: the parser fuzzed with
 * 10⁶ generated and mutated inputs by default (fuzz-run.ts says what is checked). Prints progress,
 * then a summary and the report as JSON; every failure is saved as a regression vector under
 * tests/core/fixtures/fuzz-regressions/ (replayed by tests/core/fuzz-regressions.test.ts). Exit
 * status 1 when anything failed. Reproduce one input with the same --seed: inputs are numbered and
 * each is made from `(seed, index)` alone.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz-run';
import { VECTOR_DIR } from './fuzz-vectors';

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
    'scaling-size': { type: 'string', default: String(64 * 1024) },
    'no-save': { type: 'boolean', default: false },
  },
});
const inputs = Number(values.inputs);
const seed = values.seed === undefined ? (Date.now() ^ (process.pid << 16)) >>> 0 : Number(values.seed);
const scalingSize = Number(values['scaling-size']);
if (!(Number.isInteger(inputs) && inputs > 0) || !Number.isInteger(seed) || !(Number.isInteger(scalingSize) && scalingSize >= 1024)) {
  console.error('usage: npm run fuzz -- [--inputs N] [--seed S] [--scaling-size BYTES (≥ 1024)] [--no-save]');
  process.exit(1);
}

const log = (line: string) => console.log(`fuzz: ${line}`);
log(`${inputs} inputs, seed ${seed}`);
const report = runFuzz({ inputs, seed, scalingSize, saveDir: values['no-save'] ? undefined : VECTOR_DIR, log });

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
log(`${report.inputs} inputs (${mb(report.bytes)} MiB) in ${report.seconds.toFixed(1)} s: ${report.inputsPerSecond.toFixed(0)} inputs/s, each parsed whole and in chunks, strict and lenient`);
if (report.slowest) log(`slowest input: #${report.slowest.index} (${report.slowest.family}, ${report.slowest.size} bytes) ${report.slowest.ms.toFixed(1)} ms, bound ${report.slowest.allowedMs.toFixed(1)} ms`);
if (report.tightest) log(`closest to its bound: #${report.tightest.index} (${report.tightest.family}, ${report.tightest.size} bytes) ${report.tightest.ms.toFixed(2)} of ${report.tightest.allowedMs.toFixed(1)} ms`);
const worst = [...report.scaling].sort((a, b) => b.ratio - a.ratio)[0];
log(`super-linearity: worst ${worst.ratio.toFixed(1)}× for 8× the bytes (${worst.shape}, ${worst.strict ? 'strict' : 'lenient'}); linear ≈ 8×, the limit 24×`);
log(`memory: RSS up to ${report.memory.maxRssMb.toFixed(0)} MB; heap after collection ${report.memory.heapStartMb.toFixed(0)} → ${report.memory.heapEndMb.toFixed(0)} MB`);
log(`failures: ${report.failures}${report.failures ? ` ${JSON.stringify(report.failuresByCheck)}` : ''}`);
for (const line of report.firstFailures) log(`  ${line}`);
for (const file of report.saved) log(`  saved ${file}`);
console.log(JSON.stringify(report));
process.exitCode = report.failures > 0 ? 1 : 0;
