/**
 * Every regression vector the fuzzer saved (tests/core/fixtures/fuzz-regressions/, one JSON file
 * per failure found), replayed through the same checks: what once failed must pass for good. The
 * first two came from issue 10's own findings: a byte-order mark that shifted every offset in its
 * frame by 3, and a non-ASCII head of undefined escapes whose lenient parse was quadratic.
 */
import { describe, expect, it, vi } from 'vitest';
import { StompParser } from '../../src-core/protocol/parser';
import { StompParseError } from '../../src-core/protocol/parse-error';
import { checkInput } from '../fuzz/fuzz-checks';
import { mulberry32 } from '../fuzz/fuzz-random';
import { SHAPES } from '../fuzz/fuzz-scaling';
import { inputOf, loadVectors } from '../fuzz/fuzz-vectors';

vi.setConfig({ testTimeout: 60_000 });

const vectors = loadVectors();

/** CPU ms of the slower mode, fastest of three. */
function cost(bytes: Uint8Array, options: ConstructorParameters<typeof StompParser>[0]): number {
  let slower = 0;
  for (const strict of [true, false]) {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      const start = process.cpuUsage();
      const parser = new StompParser({ ...options, strict });
      try {
        parser.push(bytes);
        parser.end();
      } catch (error) {
        if (!(error instanceof StompParseError)) throw error;
      }
      const used = process.cpuUsage(start);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    slower = Math.max(slower, best);
  }
  return Math.max(slower, 0.01);
}

describe('fuzz regression vectors', () => {
  it('there are vectors to replay', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  it.each(vectors.map(({ file, vector }) => ({ file, vector })))('$file ($vector.check)', ({ vector }) => {
    const input = inputOf(vector);
    const checked = checkInput(input, mulberry32(vector.index), vector.cuts ? [vector.cuts] : undefined);
    expect(checked.failures).toEqual([]);
    if (vector.check === 'time-bound' || vector.check === 'super-linear') {
      // Against a head of short headers of the same size, the parser's heaviest ordinary work:
      // linear work on the vector costs about the same; the quadratic walk it caught cost 1000×.
      const ordinary = SHAPES['many short headers'](input.bytes.length);
      const ratio = cost(input.bytes, { version: input.version, limits: input.limits }) / cost(ordinary, { limits: { maxHeaders: 10_000_000 } });
      expect(ratio).toBeLessThan(20);
    }
  });
});
