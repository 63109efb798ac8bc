/**
 * Spans of the URI text and the errors that point into it. The parser passes offsets into the
 * string as the user typed it, rather than substrings, so that every error can underline its place.
 */

import { FailoverUriError, type FailoverUriProblem } from './failover-types';

export const SPACE = /[ \t\r\n]/;

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** "what at N: hint": where, what and how to fix it, in one sentence. */
export function fail(
  uri: string,
  problem: FailoverUriProblem,
  offset: number,
  length: number,
  what: string,
  hint: string,
): FailoverUriError {
  return new FailoverUriError(uri, problem, offset, length, `${what}: ${hint}`);
}

export function trimSpan(uri: string, start: number, end: number, space: RegExp): Span {
  while (start < end && space.test(uri[start])) start++;
  while (end > start && space.test(uri[end - 1])) end--;
  return { start, end };
}

export function skipSpace(uri: string, at: number, end: number): number {
  while (at < end && SPACE.test(uri[at])) at++;
  return at;
}

export function isBlank(uri: string, span: Span): boolean {
  return skipSpace(uri, span.start, span.end) === span.end;
}

/** The pieces of `span` between any of the one-character `separators`. */
export function splitSpan(uri: string, span: Span, separators: string): Span[] {
  const parts: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (separators.includes(uri[i])) {
      parts.push({ start, end: i });
      start = i + 1;
    }
  }
  parts.push({ start, end: span.end });
  return parts;
}

/** `uri.indexOf(needle, start)`, but only if the match ends by `end`. */
export function indexIn(uri: string, needle: string, start: number, end: number): number {
  const at = uri.indexOf(needle, start);
  return at === -1 || at + needle.length > end ? -1 : at;
}

/** The index of the first of `stops` in [start, end), or `end`. */
export function endOfText(uri: string, start: number, end: number, stops: string): number {
  for (let i = start; i < end; i++) if (stops.includes(uri[i])) return i;
  return end;
}
