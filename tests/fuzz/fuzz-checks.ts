/**
 * What must hold for every input, in strict and lenient mode:
 * - only StompParseError is thrown, with an offset inside the input (end of input for truncation);
 * - every offset points at a byte that fits its rule (a `\` for undefined-escape, a CR for
 *   cr-without-lf, the EF BB BF of a byte-order mark...);
 * - the events and the error do not depend on how the input is cut into chunks;
 * - strict mode's error is lenient mode's first diagnostic (or its error), with the same events
 *   before it; with no strict error, lenient reports nothing and gives the same events;
 * - lenient events stay bounded: at most maxDiagnostics + 1 per frame and per gap between frames;
 * - a frame strict mode accepts is either refused by the serializer (StompSerializeError) or
 *   written back to bytes that parse to the same command, headers and body.
 */
import { getHeader, type Frame } from '../../src-core/protocol/frame';
import { StompParseError, type ParseRule } from '../../src-core/protocol/parse-error';
import { DEFAULT_PARSER_LIMITS, StompParser, type ParseEvent, type ParserOptions } from '../../src-core/protocol/parser';
import { serializeFrame, StompSerializeError } from '../../src-core/protocol/serializer';
import type { FuzzInput } from './fuzz-inputs';
import { int, type Random } from './fuzz-random';

export interface Outcome {
  readonly events: ParseEvent[];
  readonly error: StompParseError | undefined;
}

export interface Failure {
  readonly check: string;
  readonly message: string;
  /** Where the input was cut, when the check was about chunking. */
  readonly cuts?: readonly number[];
}

export interface Checked {
  readonly failures: Failure[];
  /** ms for the whole input in each mode, pushed in one piece. */
  readonly strictMs: number;
  readonly lenientMs: number;
  readonly events: number;
}

const LF = 10;
const CR = 13;
const NUL = 0;

/** Pushes each chunk, then ends the input. Anything but a StompParseError escapes. */
export function parse(chunks: readonly Uint8Array[], options: ParserOptions): Outcome {
  const parser = new StompParser(options);
  const events: ParseEvent[] = [];
  try {
    for (const chunk of chunks) for (const event of parser.push(chunk)) events.push(event);
    for (const event of parser.end()) events.push(event);
    return { events, error: undefined };
  } catch (error) {
    if (!(error instanceof StompParseError)) throw error;
    for (const event of error.events) events.push(event);
    return { events, error };
  }
}

/** Events and error as plain data, for comparing runs. */
export function plain(outcome: Outcome): string {
  const parts = outcome.events.map((event) => {
    if (event.type === 'heartbeat') return `H${event.offset}`;
    if (event.type === 'diagnostic') return `D${event.diagnostic.rule}@${event.diagnostic.offset}`;
    const { command, headers, body, framing, offset, size } = event.frame;
    let text = `F${command}\u0001${framing}\u0001${offset}\u0001${size}\u0001${body.length}\u0001${fnv1a(body)}`;
    for (const [name, value] of headers) text += `\u0002${name}\u0001${value}`;
    return text;
  });
  if (outcome.error) parts.push(`E${outcome.error.rule}@${outcome.error.offset}`);
  return parts.join('|');
}

export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const at of cuts) {
    chunks.push(bytes.slice(from, at));
    from = at;
  }
  chunks.push(bytes.slice(from));
  return chunks;
}

/**
 * Random cuts for every input; for one in eight up to 4 KiB, a fine chunking too (a cut every 1 to
 * 7 bytes, a byte at a time for the shortest), where a state carried across pushes shows.
 */
function chunkingsFor(random: Random, length: number): number[][] {
  const chunkings = [randomCuts(random, length)];
  if (length > 1 && length <= 4096 && (length <= 32 || random() < 0.125)) {
    const fine: number[] = [];
    for (let at = length <= 32 ? 1 : int(random, 1, 7); at < length; at += length <= 32 ? 1 : int(random, 1, 7)) fine.push(at);
    chunkings.push(fine);
  }
  return chunkings;
}

function randomCuts(random: Random, length: number): number[] {
  if (length < 2) return [];
  const n = int(random, 1, Math.min(12, length - 1));
  const cuts = new Set<number>();
  for (let i = 0; i < n; i++) cuts.add(int(random, 1, length - 1));
  return [...cuts].sort((a, b) => a - b);
}

export function checkInput(input: FuzzInput, random: Random, cutsToCheck?: readonly (readonly number[])[]): Checked {
  const failures: Failure[] = [];
  const { bytes, version, limits } = input;
  const outcomes: Partial<Record<'strict' | 'lenient', Outcome>> = {};
  const ms = { strict: 0, lenient: 0 };
  let events = 0;
  for (const mode of ['strict', 'lenient'] as const) {
    const options: ParserOptions = { version, strict: mode === 'strict', limits };
    const started = performance.now();
    let whole: Outcome;
    try {
      whole = parse([bytes], options);
    } catch (error) {
      failures.push({ check: 'only-parse-errors', message: `${mode}: ${(error as Error)?.stack ?? String(error)}` });
      continue;
    }
    ms[mode] = performance.now() - started;
    outcomes[mode] = whole;
    events += whole.events.length;
    checkOffsets(bytes, whole, mode, failures);
    if (mode === 'lenient') checkBounded(bytes, whole, limits?.maxDiagnostics ?? DEFAULT_PARSER_LIMITS.maxDiagnostics, failures);
    const expected = plain(whole);
    const chunkings = cutsToCheck ?? chunkingsFor(random, bytes.length);
    for (const cuts of chunkings) {
      let got: string;
      try {
        got = plain(parse(cutAt(bytes, cuts), options));
      } catch (error) {
        failures.push({ check: 'only-parse-errors', message: `${mode}, chunked: ${(error as Error)?.stack ?? String(error)}`, cuts });
        continue;
      }
      if (got !== expected) failures.push({ check: 'chunking-invariance', message: `${mode}: chunked ${short(got)} ≠ whole ${short(expected)}`, cuts });
    }
  }
  // With maxDiagnostics 0 lenient mode lists nothing, so there is no first diagnostic to compare.
  if (outcomes.strict && outcomes.lenient && limits?.maxDiagnostics !== 0) checkStrictIsFirstDiagnostic(outcomes.strict, outcomes.lenient, failures);
  if (outcomes.strict) checkRoundTrip(outcomes.strict, input, failures);
  return { failures, strictMs: ms.strict, lenientMs: ms.lenient, events };
}

function checkOffsets(bytes: Uint8Array, outcome: Outcome, mode: string, failures: Failure[]): void {
  const reports: { rule: ParseRule; offset: number; error: boolean }[] = outcome.events.flatMap((e) =>
    e.type === 'diagnostic' ? [{ rule: e.diagnostic.rule, offset: e.diagnostic.offset, error: false }] : [],
  );
  if (outcome.error) reports.push({ rule: outcome.error.rule, offset: outcome.error.offset, error: true });
  for (const { rule, offset, error } of reports) {
    const inBounds = Number.isInteger(offset) && offset >= 0 && (rule === 'truncated-frame' ? offset === bytes.length : offset < bytes.length);
    if (!inBounds) {
      failures.push({ check: 'offset-in-bounds', message: `${mode} ${error ? 'error' : 'diagnostic'} ${rule} at ${offset} of ${bytes.length} bytes` });
      continue;
    }
    const why = misfit(bytes, rule, offset);
    if (why) failures.push({ check: 'offset-fits-rule', message: `${mode} ${rule} at ${offset}: ${why}` });
  }
}

/** Why the byte at `offset` cannot be where `rule` was broken, or undefined when it fits. */
export function misfit(bytes: Uint8Array, rule: ParseRule, offset: number): string | undefined {
  const b = bytes[offset];
  const prev = offset > 0 ? bytes[offset - 1] : undefined;
  const next = bytes[offset + 1];
  const hex = (v: number | undefined) => (v === undefined ? 'none' : `0x${v.toString(16).padStart(2, '0')}`);
  const frameStart = prev === undefined || prev === LF || prev === CR || prev === NUL;
  const lineStart = prev === LF;
  switch (rule) {
    case 'unknown-command':
    case 'command-not-in-version':
    case 'frame-too-large':
      return frameStart && b !== LF && b !== CR && b !== NUL ? undefined : `not a frame's first byte (byte ${hex(b)} after ${hex(prev)})`;
    case 'empty-command':
      return frameStart && (b === NUL || b === 0xef) ? undefined : `neither a NUL between frames nor a frame start (byte ${hex(b)} after ${hex(prev)})`;
    case 'byte-order-mark':
      return frameStart && b === 0xef && next === 0xbb && bytes[offset + 2] === 0xbf ? undefined : `no EF BB BF at a frame start (${hex(b)} ${hex(next)})`;
    case 'header-without-colon': {
      const eol = bytes.indexOf(LF, offset);
      const colon = bytes.indexOf(0x3a, offset);
      return lineStart && (colon < 0 || (eol >= 0 && colon > eol)) ? undefined : 'not the start of a line without a colon';
    }
    case 'empty-header-name':
      return lineStart && b === 0x3a ? undefined : `not a colon at a line start (${hex(b)})`;
    case 'undefined-escape':
      return b === 0x5c ? undefined : `not a backslash (${hex(b)})`;
    case 'invalid-utf8':
      return b >= 0x80 ? undefined : `an ASCII byte (${hex(b)})`;
    case 'invalid-content-length': {
      // At the value, or (lenient, a line without colon) at the end of the bare name.
      const before = new TextDecoder().decode(bytes.subarray(Math.max(0, offset - 15), offset));
      return before === 'content-length:' || (before.endsWith('content-length') && (b === LF || b === CR)) ? undefined : 'not right after "content-length:"';
    }
    case 'missing-nul-after-body':
      return b !== NUL ? undefined : 'a NUL, which is what was expected';
    case 'body-not-allowed': {
      // The body's first byte, or the content-length that declares a body before it arrives.
      const declared = new TextDecoder().decode(bytes.subarray(Math.max(0, offset - 15), offset)) === 'content-length:';
      return lineStart || declared ? undefined : `neither a body's first byte nor a content-length value (after ${hex(prev)})`;
    }
    case 'too-many-headers':
      return lineStart ? undefined : `not right after an LF (${hex(prev)})`;
    case 'crlf-not-allowed':
      return b === CR && next === LF ? undefined : `not a CR LF (${hex(b)} ${hex(next)})`;
    case 'cr-without-lf':
      return b === CR && next !== LF ? undefined : `not a CR without LF (${hex(b)} ${hex(next)})`;
    case 'header-line-too-long':
    case 'truncated-frame':
    case 'diagnostics-capped':
      return undefined;
  }
}

/** The first thing lenient mode reports is strict mode's error, after the same events. */
function checkStrictIsFirstDiagnostic(strict: Outcome, lenient: Outcome, failures: Failure[]): void {
  const first = lenient.events.findIndex((e) => e.type === 'diagnostic');
  if (!strict.error) {
    if (first >= 0 || lenient.error) failures.push({ check: 'strict-equals-first-diagnostic', message: `strict accepted, lenient reported ${first >= 0 ? 'a diagnostic' : lenient.error?.rule}` });
    else if (plain(strict) !== plain(lenient)) failures.push({ check: 'strict-equals-first-diagnostic', message: 'no rule broken, but the events differ' });
    return;
  }
  const firstDiagnostic = lenient.events[first];
  const lenientFirst =
    firstDiagnostic?.type === 'diagnostic' ? firstDiagnostic.diagnostic : lenient.error ? { rule: lenient.error.rule, offset: lenient.error.offset } : undefined;
  if (!lenientFirst || lenientFirst.rule !== strict.error.rule || lenientFirst.offset !== strict.error.offset) {
    failures.push({
      check: 'strict-equals-first-diagnostic',
      message: `strict ${strict.error.rule}@${strict.error.offset}, lenient first ${lenientFirst ? `${lenientFirst.rule}@${lenientFirst.offset}` : 'nothing'}`,
    });
    return;
  }
  const before = first >= 0 ? lenient.events.slice(0, first) : lenient.events;
  if (plain({ events: strict.events, error: undefined }) !== plain({ events: before, error: undefined })) {
    failures.push({ check: 'strict-equals-first-diagnostic', message: 'the events before the broken rule differ' });
  }
}

/** Diagnostics never pile up: at most maxDiagnostics + 1 between two frames, however many rules break. */
function checkBounded(bytes: Uint8Array, outcome: Outcome, cap: number, failures: Failure[]): void {
  if (outcome.events.length > bytes.length + 2) failures.push({ check: 'bounded-events', message: `${outcome.events.length} events from ${bytes.length} bytes` });
  let run = 0;
  for (const event of outcome.events) {
    if (event.type === 'frame') run = 0;
    else if (event.type === 'diagnostic' && ++run > 2 * (cap + 1)) {
      failures.push({ check: 'bounded-events', message: `more than ${2 * (cap + 1)} diagnostics between two frames (cap ${cap})` });
      return;
    }
  }
}

/** What strict mode accepts, the serializer writes back to the same frame, or refuses. */
function checkRoundTrip(strict: Outcome, input: FuzzInput, failures: Failure[]): void {
  for (const event of strict.events) {
    if (event.type !== 'frame') continue;
    const frame: Frame = { command: event.frame.command, headers: event.frame.headers.filter(([name]) => name !== 'content-length'), body: event.frame.body };
    let bytes: Uint8Array;
    try {
      bytes = serializeFrame(frame, input.version);
    } catch (error) {
      if (!(error instanceof StompSerializeError)) failures.push({ check: 'round-trip', message: `serializer threw ${(error as Error)?.name}: ${(error as Error)?.message}` });
      continue;
    }
    // Written back, a frame may grow (a content-length added): read it under limits no smaller than the defaults.
    const again = parse([bytes], { version: input.version, strict: true, limits: atLeastDefaults(input.limits) });
    const back = again.events.find((e) => e.type === 'frame');
    const same =
      !again.error &&
      back?.type === 'frame' &&
      back.frame.command === frame.command &&
      JSON.stringify(back.frame.headers.filter(([name]) => name !== 'content-length')) === JSON.stringify(frame.headers) &&
      Buffer.compare(back.frame.body, frame.body) === 0 &&
      (frame.body.length === 0 || getHeader(back.frame, 'content-length') === String(frame.body.length));
    if (!same) failures.push({ check: 'round-trip', message: `${frame.command} frame at ${event.frame.offset} did not read back the same${again.error ? `: ${again.error.message}` : ''}` });
  }
}

function atLeastDefaults(limits: FuzzInput['limits']): FuzzInput['limits'] {
  if (!limits) return undefined;
  const d = DEFAULT_PARSER_LIMITS;
  return {
    maxHeaders: Math.max(d.maxHeaders, limits.maxHeaders ?? 0),
    // Escaping can double a line (every `:` becomes `\c`).
    maxHeaderLineLength: Math.max(d.maxHeaderLineLength, 2 * (limits.maxHeaderLineLength ?? 0) + 64),
    maxFrameSize: Math.max(d.maxFrameSize, limits.maxFrameSize ?? 0),
  };
}

/** A body's fingerprint for comparing outcomes (its length is compared too). */
function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

function short(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
