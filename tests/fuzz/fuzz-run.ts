/**
 * One fuzz run: N inputs (fuzz-inputs.ts) through every check (fuzz-checks.ts), a time bound per
 * input relative to its size, memory watched, the super-linearity check (fuzz-scaling.ts), and
 * every failure saved as a regression vector (fuzz-vectors.ts). Used by `npm run fuzz` and, with
 * fewer inputs, by the test suite.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { StompParser } from '../../src-core/protocol/parser';
import { checkInput, type Failure } from './fuzz-checks';
import { makeInput, type FuzzInput } from './fuzz-inputs';
import { inputRandom } from './fuzz-random';
import { measureScaling, RATIO_LIMIT, SHAPES, type ScalingResult } from './fuzz-scaling';
import { saveVector } from './fuzz-vectors';

export interface RunOptions {
  readonly inputs: number;
  readonly seed: number;
  /** Bytes of the smaller size in the super-linearity check (the larger is 8×). */
  readonly scalingSize: number;
  /** Where failures are saved; none are saved when undefined. */
  readonly saveDir?: string;
  readonly log?: (line: string) => void;
}

export interface RunReport {
  readonly seed: number;
  readonly inputs: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly inputsPerSecond: number;
  readonly families: Record<string, number>;
  readonly calibration: { readonly nsPerByte: number };
  /** The input that took longest, and the one closest to its time bound. */
  readonly slowest: SlowInput | undefined;
  readonly tightest: SlowInput | undefined;
  readonly scaling: readonly ScalingResult[];
  readonly memory: { readonly maxRssMb: number; readonly heapStartMb: number; readonly heapEndMb: number };
  readonly failures: number;
  readonly failuresByCheck: Record<string, number>;
  readonly firstFailures: readonly string[];
  readonly saved: readonly string[];
}

export interface SlowInput {
  readonly index: number;
  readonly family: string;
  readonly size: number;
  readonly ms: number;
  readonly allowedMs: number;
}

/** Heap growth after a full collection beyond this fails the run: something is kept that should not be. */
const HEAP_GROWTH_LIMIT_MB = 128;
const RSS_LIMIT_MB = 2048;
/** The per-input bound: a fixed allowance (timers, a collection) plus this many times the calibrated per-byte cost. */
const FIXED_MS = 25;
const PER_BYTE_FACTOR = 50;
const MAX_SAVED = 50;

export function runFuzz(options: RunOptions): RunReport {
  const log = options.log ?? (() => undefined);
  const gc = collector();
  const heapStart = heapMb(gc);
  const nsPerByte = calibrate();
  const allowed = (size: number) => FIXED_MS + (PER_BYTE_FACTOR * nsPerByte * size) / 1e6;
  log(`calibrated: ${nsPerByte.toFixed(1)} ns per byte of a header-heavy head; per-input bound ${FIXED_MS} ms + ${PER_BYTE_FACTOR}× that`);

  const failuresByCheck: Record<string, number> = {};
  const firstFailures: string[] = [];
  const saved: string[] = [];
  let failures = 0;
  const record = (input: FuzzInput, failure: Failure) => {
    failures++;
    failuresByCheck[failure.check] = (failuresByCheck[failure.check] ?? 0) + 1;
    if (firstFailures.length < 10) firstFailures.push(`#${input.index} (${input.family}, ${input.version}): ${failure.check}: ${failure.message}`);
    if (options.saveDir && saved.length < MAX_SAVED) saved.push(saveVector(input, options.seed, failure.check, failure.message, failure.cuts, options.saveDir));
  };

  const scaling = measureScaling(options.scalingSize);
  for (const result of scaling) {
    if (result.ratio >= RATIO_LIMIT) {
      const bytes = SHAPES[result.shape](options.scalingSize * 8);
      record(
        { index: -1, family: `scaling: ${result.shape}`, version: result.version, limits: undefined, bytes },
        { check: 'super-linear', message: `${result.shape}, ${result.strict ? 'strict' : 'lenient'}: 8× the bytes cost ${result.ratio.toFixed(1)}×` },
      );
    }
  }
  log(`super-linearity: worst ratio ${Math.max(...scaling.map((r) => r.ratio)).toFixed(1)}× for 8× the bytes (limit ${RATIO_LIMIT}×)`);

  const families: Record<string, number> = {};
  let bytes = 0;
  let maxRss = 0;
  let slowest: SlowInput | undefined;
  let tightest: SlowInput | undefined;
  const started = performance.now();
  for (let index = 0; index < options.inputs; index++) {
    const input = makeInput(options.seed, index);
    families[input.family] = (families[input.family] ?? 0) + 1;
    bytes += input.bytes.length;
    let checked = withoutStacks(() => checkInput(input, inputRandom(options.seed ^ 0x5bd1e995, index)));
    // An unexpected exception is worth its stack trace: the same input again, with traces on.
    if (checked.failures.some((f) => f.check === 'only-parse-errors')) checked = checkInput(input, inputRandom(options.seed ^ 0x5bd1e995, index));
    for (const failure of checked.failures) record(input, failure);

    let ms = Math.max(checked.strictMs, checked.lenientMs);
    const bound = allowed(input.bytes.length);
    if (ms > bound) ms = Math.min(ms, remeasure(input)); // a collection or the machine, not the parser?
    if (ms > bound) record(input, { check: 'time-bound', message: `${ms.toFixed(1)} ms for ${input.bytes.length} bytes; the bound is ${bound.toFixed(1)} ms` });
    if (!slowest || ms > slowest.ms) slowest = { index, family: input.family, size: input.bytes.length, ms, allowedMs: bound };
    if (!tightest || ms / bound > tightest.ms / tightest.allowedMs) tightest = { index, family: input.family, size: input.bytes.length, ms, allowedMs: bound };

    if (index % 1000 === 999) maxRss = Math.max(maxRss, process.memoryUsage().rss / 2 ** 20);
    if (index % 100_000 === 99_999) log(`${index + 1} inputs, ${((index + 1) / ((performance.now() - started) / 1000)).toFixed(0)}/s, ${failures} failures`);
  }
  const seconds = (performance.now() - started) / 1000;
  maxRss = Math.max(maxRss, process.memoryUsage().rss / 2 ** 20);
  const heapEnd = heapMb(gc);
  if (heapEnd - heapStart > HEAP_GROWTH_LIMIT_MB || maxRss > RSS_LIMIT_MB) {
    failures++;
    failuresByCheck['bounded-memory'] = 1;
    firstFailures.push(`memory: heap ${heapStart.toFixed(0)} → ${heapEnd.toFixed(0)} MB after collection, RSS up to ${maxRss.toFixed(0)} MB`);
  }
  return {
    seed: options.seed,
    inputs: options.inputs,
    bytes,
    seconds,
    inputsPerSecond: options.inputs / seconds,
    families,
    calibration: { nsPerByte },
    slowest,
    tightest,
    scaling,
    memory: { maxRssMb: maxRss, heapStartMb: heapStart, heapEndMb: heapEnd },
    failures,
    failuresByCheck,
    firstFailures,
    saved,
  };
}

/**
 * Runs `work` with stack traces off: the parser throws a StompParseError for most fuzzed inputs,
 * several times each, and capturing a trace costs more than the parse.
 */
function withoutStacks<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** ns per byte of a head of short headers, the parser's heaviest ordinary work, in the slower mode. */
function calibrate(): number {
  const bytes = SHAPES['many short headers'](1024 * 1024);
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    for (const strict of [true, false]) {
      const start = performance.now();
      new StompParser({ strict, limits: { maxHeaders: 1_000_000 } }).push(bytes);
      best = Math.min(best, (performance.now() - start) * 1e6);
    }
  }
  return best / bytes.length;
}

/** An input that went over its bound, again: the slower mode's fastest of three more runs. */
function remeasure(input: FuzzInput): number {
  let slower = 0;
  for (const strict of [true, false]) {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      const parser = new StompParser({ version: input.version, strict, limits: input.limits });
      try {
        parser.push(input.bytes);
        parser.end();
      } catch {
        // A StompParseError ends the input as usual; the checks already looked at it.
      }
      best = Math.min(best, performance.now() - start);
    }
    slower = Math.max(slower, best);
  }
  return slower;
}

/** A full garbage collection, for measuring what stays: `gc` exposed at run time. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return gc ?? (() => undefined);
}

function heapMb(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}
