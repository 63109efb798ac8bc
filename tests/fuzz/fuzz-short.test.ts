/**
 * The fuzzer's short run in the test suite: 10⁵ inputs (the full `npm run fuzz` does 10⁶) through
 * every check of fuzz-checks.ts, the per-input time bound and the super-linearity check, with a
 * seed that changes every run (printed, so a failure can be made again with `npm run fuzz -- --seed
 * S`). Failures are saved as regression vectors like the full run's, and the test fails.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz-run';
import { VECTOR_DIR } from './fuzz-vectors';

const INPUTS = Number(process.env.STOMP_FUZZ_INPUTS ?? 100_000);
const SEED = Number(process.env.STOMP_FUZZ_SEED ?? (Date.now() >>> 0));

describe('fuzzing the parser (short run)', () => {
  it(`${INPUTS} inputs, seed ${SEED}: only typed errors at fitting offsets, chunking invariance, strict = lenient's first diagnostic, round trips, linear time, bounded memory`, () => {
    const report = runFuzz({ inputs: INPUTS, seed: SEED, scalingSize: 32 * 1024, saveDir: VECTOR_DIR });
    const summary = `seed ${SEED}: ${report.inputsPerSecond.toFixed(0)} inputs/s, slowest #${report.slowest?.index} ${report.slowest?.ms.toFixed(1)} ms (${report.slowest?.size} B)`;
    console.log(`fuzz ${summary}; worst scaling ${Math.max(...report.scaling.map((r) => r.ratio)).toFixed(1)}×; RSS ≤ ${report.memory.maxRssMb.toFixed(0)} MB`);
    expect(report.firstFailures, summary).toEqual([]);
    expect(report.failures).toBe(0);
    // Every family was exercised.
    expect(Object.keys(report.families).length).toBeGreaterThanOrEqual(8);
  });
});
