/**
 * The super-linearity check: each hostile shape is parsed at a size and at eight times that size,
 * in both modes, and the costs compared. Linear work costs about 8× (5× to 12× once garbage
 * collection and a busy machine are counted); quadratic work costs 64×. A ratio of 24× or more
 * fails. CPU time, fastest of three, after a warm-up at the larger size.
 */
import { StompParser, type ParserLimits } from '../../src-core/protocol/parser';
import { StompParseError } from '../../src-core/protocol/parse-error';
import type { StompVersion } from '../../src-core/protocol/spec';

const encoder = new TextEncoder();
const WIDE: Partial<ParserLimits> = { maxHeaderLineLength: 64 * 1024 * 1024, maxHeaders: 10_000_000, maxFrameSize: 1024 * 1024 * 1024 };

export const RATIO_LIMIT = 24;

/** Hostile shapes, each `size` bytes or about. */
export const SHAPES: Readonly<Record<string, (size: number) => Uint8Array>> = {
  'undefined escapes, non-ASCII head': (n) => encoder.encode(`MESSAGE\na:é\nx:${'\\q'.repeat(n / 2)}\n\n\0`),
  'undefined escapes, ASCII head': (n) => encoder.encode(`MESSAGE\nx:${'\\q'.repeat(n / 2)}\n\n\0`),
  'defined escapes': (n) => encoder.encode(`MESSAGE\nx:${'\\n\\c'.repeat(n / 4)}\n\n\0`),
  'header lines without colon': (n) => encoder.encode(`SEND\nü:1\n${'h\n'.repeat(n / 2)}\n\0`),
  'empty header names': (n) => encoder.encode(`SEND\nü:1\n${':v\n'.repeat(n / 3)}\n\0`),
  'many short headers': (n) => encoder.encode(`SEND\nü:1\n${'h:v\n'.repeat(n / 4)}\n\0`),
  'bare CRs in a 1.2 head': (n) => encoder.encode(`SEND\nx:${'a\r'.repeat(n / 2)}\n\n\0`),
  'broken UTF-8 in a head': (n) => {
    const bytes = new Uint8Array(n + 10);
    bytes.set(encoder.encode('SEND\nx:'));
    for (let i = 7; i < n + 7; i++) bytes[i] = i % 3 === 0 ? 0xff : 0x61;
    bytes.set([10, 10, 0], n + 7);
    return bytes;
  },
  'NULs between frames': (n) => encoder.encode(`${'\0'.repeat(n)}SEND\n\n\0`),
  'CRs between frames': (n) => encoder.encode(`${'\r'.repeat(n)}SEND\n\n\0`),
  'tiny frames and heart-beats': (n) => encoder.encode('RECEIPT\nreceipt-id:1\n\n\0\n'.repeat(n / 26)),
  'one long non-ASCII header line': (n) => encoder.encode(`SEND\nx:${'é'.repeat(n / 2)}\n\n\0`),
  'a body up to the NUL': (n) => encoder.encode(`SEND\n\n${'b'.repeat(n)}\0`),
};

export interface ScalingResult {
  readonly shape: string;
  readonly strict: boolean;
  readonly version: StompVersion;
  readonly smallMs: number;
  readonly largeMs: number;
  readonly ratio: number;
}

function cpuMs(bytes: Uint8Array, strict: boolean, version: StompVersion, rounds = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    const parser = new StompParser({ strict, version, limits: WIDE });
    try {
      parser.push(bytes);
      parser.end();
    } catch (error) {
      if (!(error instanceof StompParseError)) throw error;
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return Math.max(best, 0.001);
}

/** Every shape, strict and lenient, at `small` and 8 × `small` bytes. */
export function measureScaling(small: number, version: StompVersion = '1.2'): ScalingResult[] {
  const results: ScalingResult[] = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    const a = make(small);
    const b = make(small * 8);
    for (const strict of [true, false]) {
      cpuMs(b, strict, version, 1);
      cpuMs(a, strict, version, 1);
      let best: ScalingResult | undefined;
      // A ratio over the limit is measured again (twice at most): a collection or a busy machine
      // can inflate one measurement, but not three in a row the way quadratic work does.
      for (let attempt = 0; attempt < 3 && !(best && best.ratio < RATIO_LIMIT); attempt++) {
        const smallMs = cpuMs(a, strict, version);
        const largeMs = cpuMs(b, strict, version);
        if (!best || largeMs / smallMs < best.ratio) best = { shape, strict, version, smallMs, largeMs, ratio: largeMs / smallMs };
      }
      results.push(best!);
    }
  }
  return results;
}
