/**
 * A filter over stored records without decoding each one. Records lie end to end in the log, so a
 * batch of them is a few runs of contiguous bytes; each run is searched at once, as one Latin-1
 * string, by a case-insensitive regular expression for the filter's text (V8 scans such strings at
 * hundreds of MB/s). Only where it hits is a record looked at:
 *   - a plain-text filter (ASCII, without `:`, `\`, CR or LF) that hits inside the record's body, or
 *     inside the header lines of a clean raw head (see record-codec.ts), matches for certain: such
 *     text reads the same in the stored bytes as in the decoded message;
 *   - a `name:value` filter hits at the start of a header line; on a clean head the rest of the
 *     line is the value, compared as the filter compares it;
 *   - anywhere else (a head with escapes, the older layout) the record is decoded and the filter
 *     itself decides.
 * A record without any hit cannot match: the text a filter looks for is in its bytes whenever it
 * is in the decoded message. Other filters (regular expressions) decode every record.
 */
import type { FilterLiteral, MessageMatcher } from './message-filter';
import { decodeRecord, isFromRaw, layoutOf, type RecordLayout } from './record-codec';
import type { RecordRef } from './record-scanner';

/** Tests a batch of records; calls `matched` with each matching record's position, in order. */
export type BatchSearch = (batch: readonly RecordRef[], matched: (pos: number) => void) => void;

export function batchSearch(matcher: MessageMatcher): BatchSearch {
  const { batch: matchBatch } = matcher;
  if (matchBatch) {
    return (batch, matched) => {
      const hits = matchBatch(batch.map(({ pos, bytes }) => ({ ...decodeRecord(bytes), seq: pos })));
      hits.forEach((hit, i) => hit && matched(batch[i].pos));
    };
  }
  const plan = planOf(matcher.literal);
  if (!plan) {
    return (batch, matched) => {
      for (const { pos, bytes } of batch) {
        const record = decodeRecord(bytes);
        if (matcher(record.headers, record.body)) matched(pos);
      }
    };
  }
  return (batch, matched) => {
    for (const run of runsOf(batch)) searchRun(run, plan, matcher, matched);
  };
}

interface Plan {
  readonly literal: FilterLiteral;
  /** Global, case-insensitive; over Latin-1 text, one character a byte. */
  readonly regex: RegExp;
}

function planOf(literal: FilterLiteral | undefined): Plan | undefined {
  if (!literal) return undefined;
  if (literal.kind === 'text') {
    const { needle } = literal;
    if (needle === '' || hasNonAscii(needle) || /[:\\\r\n]/.test(needle)) return undefined;
    return { literal, regex: new RegExp(escapeRegex(needle), 'gi') };
  }
  // A line without a colon is a header too (its name is the whole line), hence [:\r\n].
  return { literal, regex: new RegExp(`\\n${escapeRegex(literal.name)}[:\\r\\n]`, 'gi') };
}

/**
 * Runs are cut at about 64 KiB: their Latin-1 strings then die young (a larger string goes
 * straight to the old generation, and a filter over a million messages made hundreds of MB of
 * them for the full collector to find, on a heap the capture's host keeps large).
 */
const RUN_BYTES = 64 * 1024;

/** Records back to back in one buffer. */
interface Run {
  readonly refs: RecordRef[];
  readonly bytes: Buffer;
  /** Each record's start in `bytes`, and the run's end after the last. */
  readonly starts: number[];
}

function runsOf(batch: readonly RecordRef[]): Run[] {
  const runs: Run[] = [];
  let current: RecordRef[] = [];
  const close = () => {
    if (current.length === 0) return;
    const first = current[0].bytes;
    const last = current[current.length - 1].bytes;
    const span = last.byteOffset + last.length - first.byteOffset;
    const starts = current.map((r) => r.bytes.byteOffset - first.byteOffset);
    starts.push(span);
    runs.push({ refs: current, bytes: Buffer.from(first.buffer, first.byteOffset, span), starts });
    current = [];
  };
  let span = 0;
  for (const ref of batch) {
    const prev = current[current.length - 1]?.bytes;
    if (prev && (prev.buffer !== ref.bytes.buffer || prev.byteOffset + prev.length !== ref.bytes.byteOffset || span + ref.bytes.length > RUN_BYTES)) {
      close();
      span = 0;
    }
    current.push(ref);
    span += ref.bytes.length;
  }
  close();
  return runs;
}

function searchRun(run: Run, plan: Plan, matcher: MessageMatcher, matched: (pos: number) => void): void {
  const count = run.refs.length;
  const hits = new Uint8Array(count);
  const decide = (k: number) => {
    const decoded = decodeRecord(run.refs[k].bytes);
    if (matcher(decoded.headers, decoded.body)) hits[k] = 1;
  };
  // A header filter finds its `\nname:` only in raw heads: records of the older layout are tested one by one.
  if (plan.literal.kind === 'header') {
    for (let k = 0; k < count; k++) if (!isFromRaw(run.refs[k].bytes)) decide(k);
  }
  const text = run.bytes.toString('latin1');
  const regex = plan.regex;
  regex.lastIndex = 0;
  let k = 0;
  let layout: RecordLayout | undefined;
  let layoutOfK = -1;
  for (let hit = regex.exec(text); hit !== null; hit = regex.exec(text)) {
    const at = hit.index;
    while (run.starts[k + 1] <= at) k++;
    const start = run.starts[k];
    const end = run.starts[k + 1];
    if (layoutOfK !== k) {
      layout = layoutOf(run.refs[k].bytes);
      layoutOfK = k;
    }
    const verdict = judge(plan, text, at - start, hit[0].length, start, layout as RecordLayout);
    if (verdict === 'no') {
      regex.lastIndex = at + 1;
      continue;
    }
    if (verdict === 'yes') hits[k] = 1;
    else decide(k);
    regex.lastIndex = end;
  }
  for (let i = 0; i < count; i++) if (hits[i]) matched(run.refs[i].pos);
}

/** A hit at `at` (record-relative) of `length` characters: a match, not one, or ask the matcher. */
function judge(plan: Plan, text: string, at: number, length: number, recordStart: number, layout: RecordLayout): 'yes' | 'no' | 'maybe' {
  if (layout.version === undefined) return 'maybe'; // the older layout: decode and see
  const headStart = layout.rawStart;
  const headEnd = layout.rawStart + layout.headLength;
  if (plan.literal.kind === 'text') {
    if (at >= layout.bodyStart && at + length <= layout.bodyStart + layout.bodyLength) return 'yes';
    if (at < headStart || at + length > headEnd) return 'no';
    const firstLineEnd = text.indexOf('\n', recordStart + headStart) - recordStart;
    if (at <= firstLineEnd) return 'no'; // the command line is not searched
    return layout.cleanHead ? 'yes' : 'maybe';
  }
  // `\nname:` at a header line's start (the hit's `\n` ends the line before it); on a clean
  // head every header line has its colon, so the hit's last character is that colon.
  if (at < headStart || at + length > headEnd) return 'no';
  if (!layout.cleanHead) return 'maybe';
  if (plan.literal.needle === '') return 'yes';
  const lineEnd = text.indexOf('\n', recordStart + at + length) - recordStart;
  const value = text.slice(recordStart + at + length, recordStart + lineEnd);
  return value.toLowerCase().includes(plan.literal.needle) ? 'yes' : 'no';
}

function hasNonAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return true;
  return false;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
