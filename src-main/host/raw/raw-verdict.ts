/**
 * What the core's parser makes of a raw frame's bytes, in both modes, under one version: the
 * frames it read, the first broken rule (strict), every rule it read past (lenient), each with its
 * byte offset; and the lint the parser does not do (a raw `:` in a 1.1/1.2 header, from the
 * proxy's WireLint). Linear in the bytes, like the parser.
 */
import { RAW_LIMITS, type RawFrameSummary, type RawProblem, type RawVerdict } from '../../../src-core/api/schemas/raw';
import type { ParsedFrame } from '../../../src-core/protocol/frame';
import { StompParseError, type ParseDiagnostic } from '../../../src-core/protocol/parse-error';
import { parseAll, type ParseEvent } from '../../../src-core/protocol/parser';
import type { StompVersion } from '../../../src-core/protocol/spec';
import { WireLint } from '../../../src-core/proxy/wire-lint';

const HEADERS_LISTED = 100;

export interface ParsedVerdict {
  readonly verdict: RawVerdict;
  /** The frames themselves, for the lint and the warnings. */
  readonly frames: readonly ParsedFrame[];
}

export function judge(bytes: Uint8Array, version: StompVersion, strict: boolean): ParsedVerdict {
  let events: readonly ParseEvent[];
  let error: RawProblem | undefined;
  try {
    events = parseAll(bytes, { version, strict });
  } catch (thrown) {
    if (!(thrown instanceof StompParseError)) throw thrown;
    events = thrown.events;
    error = { rule: thrown.rule, offset: thrown.offset, message: messageOf(thrown) };
  }
  const frames: ParsedFrame[] = [];
  const diagnostics: RawProblem[] = [];
  let diagnosticCount = 0;
  for (const event of events) {
    if (event.type === 'frame') frames.push(event.frame);
    else if (event.type === 'diagnostic') {
      diagnosticCount++;
      if (diagnostics.length < RAW_LIMITS.listed) diagnostics.push(problem(event.diagnostic));
    }
  }
  return {
    frames,
    verdict: {
      ok: error === undefined && diagnosticCount === 0,
      frames: frames.slice(0, RAW_LIMITS.listed).map(summary),
      frameCount: frames.length,
      ...(error ? { error } : {}),
      diagnostics,
      diagnosticCount,
    },
  };
}

/** Raw colons in the header lines of 1.1/1.2 frames that escape their headers. */
export function lint(bytes: Uint8Array, frames: readonly ParsedFrame[], version: StompVersion): RawProblem[] {
  const found: RawProblem[] = [];
  const wire = new WireLint();
  for (const frame of frames) {
    for (const d of wire.frame(frame, version, () => bytes.subarray(frame.offset, frame.offset + frame.size))) {
      if (found.length < RAW_LIMITS.listed) found.push({ rule: d.rule, offset: d.offset, message: d.message });
    }
  }
  return found;
}

function summary(frame: ParsedFrame): RawFrameSummary {
  return {
    command: frame.command,
    offset: frame.offset,
    size: frame.size,
    headers: frame.headers.slice(0, HEADERS_LISTED).map(([n, v]) => [n, v]),
    bodyLength: frame.body.length,
    framing: frame.framing,
  };
}

function problem(d: ParseDiagnostic): RawProblem {
  return { rule: d.rule, offset: d.offset, message: d.message };
}

/** The error's own words, without the "(at byte N, rule R)" the offset and rule already say. */
function messageOf(error: StompParseError): string {
  return error.message.replace(/ \(at byte \d+, rule [a-z-]+\)$/, '');
}
