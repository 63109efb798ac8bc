/**
 * Issue 10.1: hostile heads cost work linear in their size in both modes, and a bounded number of
 * events. Asserted without timing thresholds: by counting the bytes walked to turn text positions
 * into byte offsets (every such walk goes through utf8.ts, spied on here), by counting events, and
 * by comparing the CPU cost of 64 KB and 512 KB of the same shape as a ratio (linear is 8×,
 * quadratic 64×; the bound is 24×, as garbage collection alone moves a linear ratio between 5× and
 * 12× on a busy machine). Before the fix, a MESSAGE with one `é` and 32,000 `\q` walked the head
 * once per diagnostic: 1.3 s at 64 KB, 80 s at 512 KB, and 2 MB of `\q` made a million events.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StompParser, type ParserOptions } from '../../src-core/protocol/parser';
import { StompParseError } from '../../src-core/protocol/parse-error';
import { offsetOf, plain, wire } from './fixtures/wire';

const walked = vi.hoisted(() => ({ bytes: 0 }));

vi.mock('../../src-core/protocol/utf8', async (importOriginal) => {
  const utf8 = await importOriginal<typeof import('../../src-core/protocol/utf8')>();
  return {
    ...utf8,
    byteOffsetOfChar: (bytes: Uint8Array, index: number) => {
      walked.bytes += bytes.length;
      return utf8.byteOffsetOfChar(bytes, index);
    },
    byteOffsetsOfChars: (bytes: Uint8Array, indexes: readonly number[]) => {
      walked.bytes += bytes.length;
      return utf8.byteOffsetsOfChars(bytes, indexes);
    },
  };
});

afterEach(() => {
  walked.bytes = 0;
});

/** Limits wide enough for the hostile shapes below (the defaults would stop a 512 KB line). */
const WIDE = { maxHeaderLineLength: 4 * 1024 * 1024, maxHeaders: 300_000 };

/** A MESSAGE whose head holds non-ASCII text and `size` bytes of undefined escapes. */
function escapesHead(size: number, nonAscii = true): Uint8Array {
  const lines = nonAscii ? 'a:é\nb:日本\n' : 'a:e\n';
  return wire(`MESSAGE\n${lines}x:`, '\\q'.repeat(size / 2), '\n\nbody\0');
}

function run(bytes: Uint8Array, options: ParserOptions) {
  const parser = new StompParser({ limits: WIDE, ...options });
  try {
    return { events: [...parser.push(bytes), ...parser.end()], error: undefined };
  } catch (error) {
    if (!(error instanceof StompParseError)) throw error;
    return { events: [...error.events], error };
  }
}

/** CPU microseconds of the fastest of `rounds` runs: the least disturbed by the rest of the machine. */
function cpuCost(bytes: Uint8Array, options: ParserOptions, rounds = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    run(bytes, options);
    const used = process.cpuUsage(start);
    best = Math.min(best, used.user + used.system);
  }
  return Math.max(best, 1);
}

describe('hostile heads (issue 10.1)', () => {
  it('a non-ASCII head with 256k undefined escapes: one walk over its bytes, 101 diagnostics', () => {
    const bytes = escapesHead(512 * 1024);
    const { events, error } = run(bytes, { strict: false });
    expect(error).toBeUndefined();
    // Every offset in the head placed by one walk over it, not one per diagnostic.
    expect(walked.bytes).toBeLessThanOrEqual(bytes.length);
    const diagnostics = events.flatMap((e) => (e.type === 'diagnostic' ? [e.diagnostic] : []));
    expect(diagnostics).toHaveLength(101);
    // Offsets count UTF-8 bytes (é is 2, 日本 is 6), so they point at the backslashes.
    expect(diagnostics[0]).toMatchObject({ rule: 'undefined-escape', offset: offsetOf(bytes, '\\q') });
    expect(diagnostics[99].offset).toBe(offsetOf(bytes, '\\q') + 99 * 2);
    expect(diagnostics[100]).toMatchObject({ rule: 'diagnostics-capped', offset: offsetOf(bytes, '\\q') + 100 * 2 });
    expect(diagnostics[100].message).toContain(`${256 * 1024 - 100} more`);
    expect(events.filter((e) => e.type === 'frame')).toHaveLength(1);
  });

  it('strict mode walks the head once, to place the one error it throws', () => {
    const bytes = escapesHead(512 * 1024);
    const { error } = run(bytes, { strict: true });
    expect(error).toMatchObject({ rule: 'undefined-escape', offset: offsetOf(bytes, '\\q') });
    expect(walked.bytes).toBeLessThanOrEqual(bytes.length);
  });

  it('every offset stays byte-exact across the cap, fed a byte at a time too', () => {
    const bytes = wire('MESSAGE\nä:ö\n', 'x:', '\\q'.repeat(5), 'é\\t', '\n\n\0');
    const whole = run(bytes, { strict: false, limits: { ...WIDE, maxDiagnostics: 3 } });
    const parser = new StompParser({ strict: false, limits: { ...WIDE, maxDiagnostics: 3 } });
    const bytewise = [...Array.from(bytes).flatMap((b) => parser.push(Uint8Array.of(b))), ...parser.end()];
    expect(plain(bytewise)).toEqual(plain(whole.events));
    expect(plain(whole.events).slice(0, 4)).toEqual([
      { type: 'diagnostic', rule: 'undefined-escape', offset: offsetOf(bytes, '\\q') },
      { type: 'diagnostic', rule: 'undefined-escape', offset: offsetOf(bytes, '\\q') + 2 },
      { type: 'diagnostic', rule: 'undefined-escape', offset: offsetOf(bytes, '\\q') + 4 },
      { type: 'diagnostic', rule: 'diagnostics-capped', offset: offsetOf(bytes, '\\q') + 6 },
    ]);
    expect((whole.events[3] as { diagnostic: { message: string } }).diagnostic.message).toContain('undefined-escape ×3');
  });

  it.each([
    ['non-ASCII head full of undefined escapes, lenient', (n: number) => escapesHead(n), false],
    ['ASCII head full of undefined escapes, lenient', (n: number) => escapesHead(n, false), false],
    ['a head of many short headers without colons, lenient', (n: number) => wire('SEND\nü:1\n', 'h\n'.repeat(n / 2), '\n\0'), false],
    ['a head of many short headers, strict', (n: number) => wire('SEND\nü:1\n', 'h:v\n'.repeat(n / 4), '\n\0'), true],
    ['NULs between frames, lenient', (n: number) => wire('\0'.repeat(n), 'SEND\n\n\0'), false],
    ['one long non-ASCII header line, strict', (n: number) => wire('SEND\nx:', 'é'.repeat(n / 2), '\n\n\0'), true],
  ] as const)('%s: 512 KB costs less than 24× what 64 KB does (linear is 8×, quadratic 64×)', (_, make, strict) => {
    const small = make(64 * 1024);
    const large = make(512 * 1024);
    // Warm up the code paths and grow the heap first, so neither size pays for that alone.
    run(large, { strict });
    run(small, { strict });
    const ratio = cpuCost(large, { strict }) / cpuCost(small, { strict });
    expect(ratio).toBeLessThan(24);
  });

  it('lenient events stay bounded however many rules a head breaks (2 MB of `\\q`: 101 diagnostics, was a million)', () => {
    const { events } = run(escapesHead(2 * 1024 * 1024, false), { strict: false });
    expect(events.filter((e) => e.type === 'diagnostic')).toHaveLength(101);
  });
});
