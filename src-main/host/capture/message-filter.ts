/**
 * The message-list filter, as the filter box takes it:
 *   - plain text: case-insensitive, over every header (as `name:value`) and the body (UTF-8);
 *   - `re:pattern`: a JavaScript regular expression over the same, case-sensitive unless the
 *     pattern starts with `(?i)`;
 *   - `name:value`: messages with a header `name` (any case) whose value contains `value` (any
 *     case); `name:` alone asks only that the header be there. `name` is a header-like token
 *     (letters, digits, `-`, `_`, `.`); anything else is plain text;
 *   - `"text"`: plain text even when it looks like `name:value` (e.g. `"ID:abc"`);
 *   - `script:source`: a filter script run in the sandbox (src-main/host/scripting/script-matcher.ts).
 * An empty filter matches everything. A filter that cannot run throws FilterError. A regular
 * expression runs on the main thread, so a pathological one (catastrophic backtracking) is as slow
 * here as anywhere; the filter box's debounce is the UI's part of that bargain.
 */
import type { Header } from '../../../src-core/protocol/frame';
import { FilterError } from './capture-errors';
import { SCRIPT_FILTER_PREFIX, scriptMatcher } from '../scripting/script-matcher';

/**
 * Headers in wire order and the body's bytes; the body is decoded only when headers do not match.
 * `literal` (plain text and `name:value` filters) lets a search find candidates in the stored
 * bytes without decoding every message (record-search.ts); the function stays the judge.
 */
export type MessageMatcher = ((headers: readonly Header[], body: Uint8Array) => boolean) & {
  readonly literal?: FilterLiteral;
  /** A whole batch at once (`script:` filters: one sandbox call for many messages). */
  readonly batch?: (records: readonly { headers: readonly Header[]; body: Uint8Array; seq?: number }[]) => boolean[];
};

/** What a plain-text or header filter looks for, as its text. */
export type FilterLiteral = { readonly kind: 'text'; readonly needle: string } | { readonly kind: 'header'; readonly name: string; readonly needle: string };

const HEADER_FILTER = /^([A-Za-z0-9_.-]+):([\s\S]*)$/;
const utf8 = new TextDecoder('utf-8');

/** Undefined for a filter that matches everything. */
export function parseFilter(filter: string | undefined): MessageMatcher | undefined {
  const text = (filter ?? '').trim();
  if (text === '') return undefined;
  if (text.startsWith('re:')) return regexMatcher(compileRegex(text.slice(3)));
  if (text.startsWith(SCRIPT_FILTER_PREFIX)) return scriptMatcher(text.slice(SCRIPT_FILTER_PREFIX.length));
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return textMatcher(text.slice(1, -1));
  const header = HEADER_FILTER.exec(text);
  if (header) return headerMatcher(header[1].toLowerCase(), header[2].trim().toLowerCase());
  return textMatcher(text);
}

function textMatcher(needle: string): MessageMatcher {
  const literal: FilterLiteral = { kind: 'text', needle };
  return Object.assign(regexMatcher(new RegExp(escapeRegex(needle), 'i')), { literal });
}

function compileRegex(source: string): RegExp {
  let pattern = source;
  let flags = '';
  if (pattern.startsWith('(?i)')) {
    pattern = pattern.slice(4);
    flags = 'i';
  }
  if (pattern === '') throw new FilterError('re: needs a regular expression after it, e.g. re:order-\\d+');
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '') : String(error);
    throw new FilterError(`invalid regular expression /${pattern}/: ${reason}`);
  }
}

/**
 * Plain text rides on a case-insensitive RegExp too: V8 searches without lower-casing a copy of
 * every body first.
 */
function regexMatcher(regex: RegExp): MessageMatcher {
  return (headers, body) => {
    try {
      for (const [name, value] of headers) if (regex.test(`${name}:${value}`)) return true;
      return body.length > 0 && regex.test(utf8.decode(body));
    } catch (error) {
      // A pattern such as (a|b)* over a body of many MiB overflows the regex engine's stack.
      throw new FilterError(`regular expression /${regex.source}/ could not run on a ${body.length}-byte body: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

function headerMatcher(name: string, needle: string): MessageMatcher {
  const literal: FilterLiteral = { kind: 'header', name, needle };
  const match = (headers: readonly Header[]) => {
    for (const [key, value] of headers) {
      if (key.length === name.length && key.toLowerCase() === name && (needle === '' || value.toLowerCase().includes(needle))) return true;
    }
    return false;
  };
  return Object.assign(match, { literal });
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
