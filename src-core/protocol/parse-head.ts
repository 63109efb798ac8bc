/**
 * Turns the bytes of a frame's head (command line, header lines, blank line) into a command and
 * headers, applying the version's escaping and reporting every broken rule with its byte offset.
 *
 * The head is decoded once; lines, colons, backslashes and CRs are then found with string searches
 * that never look at a character twice, so a head costs time linear in its size whatever it holds.
 * Byte offsets are only worked out when something is reported.
 */
import type { Header } from './frame';
import type { ParseRule } from './parse-error';
import {
  allowsCrLf,
  CLIENT_COMMANDS,
  commandsOf,
  escapesHeaders,
  escapeTable,
  headerEncodingIsStrict,
  SERVER_COMMANDS,
  VERSIONS,
  type StompVersion,
} from './spec';
import { byteOffsetOfChar, firstInvalidUtf8 } from './utf8';

export interface HeadContext {
  readonly version: StompVersion;
  /** Reports a broken rule: throws in strict mode, records a diagnostic in lenient mode. */
  readonly report: (rule: ParseRule, offset: number, message: string) => void;
}

export interface ParsedHead {
  readonly command: string;
  readonly headers: Header[];
  /**
   * The body length the first `content-length` header declares; -1 when there is none or (after an
   * `invalid-content-length` report) when it cannot be read, so the body ends at the first NUL.
   */
  readonly contentLength: number;
}

/** What a version's rules come to for head parsing, worked out once per version. */
interface HeadRules {
  readonly version: StompVersion;
  readonly crLf: boolean;
  readonly strictUtf8: boolean;
  /** Known command → whether the version has it; a name absent here is no STOMP command. */
  readonly commands: ReadonlyMap<string, boolean>;
  /** Commands whose headers this version never escapes (CONNECT, STOMP, CONNECTED). */
  readonly unescaped: ReadonlySet<string>;
  /** Escape letter's char code → decoded text; null where the version has no escaping. */
  readonly escapes: readonly (string | undefined)[] | null;
  readonly escapeNames: string;
}

const CR = 13;
const ALL_COMMANDS: readonly string[] = [...CLIENT_COMMANDS, ...SERVER_COMMANDS];

function rulesOf(version: StompVersion): HeadRules {
  const inVersion = commandsOf(version);
  const table = escapeTable(version);
  let escapes: (string | undefined)[] | null = null;
  if (table.size > 0) {
    escapes = new Array<string | undefined>(128).fill(undefined);
    for (const [letter, decoded] of table) escapes[letter.charCodeAt(0)] = decoded;
  }
  return {
    version,
    crLf: allowsCrLf(version),
    strictUtf8: headerEncodingIsStrict(version),
    commands: new Map(ALL_COMMANDS.map((c) => [c, inVersion.has(c as never)])),
    unescaped: new Set(ALL_COMMANDS.filter((c) => !escapesHeaders(version, c))),
    escapes,
    escapeNames: [...table.keys()].map((k) => '\\' + k).join(' '),
  };
}

const RULES = Object.fromEntries(VERSIONS.map((v) => [v, rulesOf(v)])) as Record<StompVersion, HeadRules>;

const decoder = new TextDecoder('utf-8');

/**
 * `bytes` runs from the command's first byte to the LF that ends the blank line; `offset` is where
 * it starts in the stream.
 *
 * Line ends: in 1.2 an EOL is LF or CR LF, and a CR anywhere else in a head breaks
 * `cr-without-lf`. In 1.0 and 1.1 only LF ends a line and a CR is an ordinary header byte (1.1's
 * grammar allows it in names and values); a CR LF ending the command line or the blank line breaks
 * `crlf-not-allowed`, and once the command line has done so (lenient mode) the frame is read as
 * CR LF throughout, since that is what its sender meant.
 *
 * The encoding is checked first, as a property of the whole head; every other rule is checked in
 * the order of the bytes that break it.
 *
 * A raw colon after the first one in a line is kept in the value: every version's parser can split
 * at the first colon without ambiguity, and 1.0 peers and CONNECT/CONNECTED frames send them.
 */
export function parseHead(bytes: Uint8Array, offset: number, ctx: HeadContext): ParsedHead {
  const rules = RULES[ctx.version];
  const report = ctx.report;
  const text = decoder.decode(bytes);
  // U+FFFD in the text is either sent as such (valid) or the mark of an invalid sequence.
  if (rules.strictUtf8 && text.includes('\uFFFD')) {
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) report('invalid-utf8', offset + bad, `invalid UTF-8 in a STOMP ${rules.version} frame head`);
  }

  // The command line.
  let nextCr = text.indexOf('\r');
  let eol = text.indexOf('\n');
  let end = eol;
  if (nextCr >= 0 && nextCr < eol) {
    if (text.charCodeAt(eol - 1) === CR) end = eol - 1;
    nextCr = text.indexOf('\r', eol);
  }
  const command = text.slice(0, end);
  checkCommand(command, offset, rules, report);
  let crLfLines = rules.crLf;
  if (end < eol && !crLfLines) {
    report('crlf-not-allowed', byteAt(bytes, text, offset, end), `CR LF line end in STOMP ${rules.version} (only 1.2 allows it)`);
    crLfLines = true;
  }

  const escapes = rules.escapes !== null && !rules.unescaped.has(command) ? rules.escapes : null;
  let nextBackslash = escapes ? text.indexOf('\\', eol) : -1;
  let nextColon = text.indexOf(':', eol);
  const headers: Header[] = [];
  let contentLength = -1;
  let contentLengthSeen = false;

  for (let pos = eol + 1; ; pos = eol + 1) {
    eol = text.indexOf('\n', pos);
    // The blank line (the head always ends with it, so eol is never -1 here).
    if (eol === pos) break;
    if (eol === pos + 1 && text.charCodeAt(pos) === CR) {
      if (!rules.crLf) report('crlf-not-allowed', byteAt(bytes, text, offset, pos), `CR LF line end in STOMP ${rules.version} (only 1.2 allows it)`);
      break;
    }

    end = eol;
    if (nextCr >= 0 && nextCr < eol) {
      if (crLfLines && text.charCodeAt(eol - 1) === CR) end = eol - 1;
      if (rules.crLf && nextCr < end) {
        report('cr-without-lf', byteAt(bytes, text, offset, nextCr), `CR inside a header line that no LF follows (STOMP ${rules.version} escapes it as \\r)`);
      }
      nextCr = text.indexOf('\r', eol);
    }

    if (nextColon >= 0 && nextColon < pos) nextColon = text.indexOf(':', pos);
    let name: string;
    let value: string;
    let valueStart: number;
    if (nextColon >= 0 && nextColon < end) {
      name = text.slice(pos, nextColon);
      valueStart = nextColon + 1;
      value = text.slice(valueStart, end);
    } else {
      report('header-without-colon', byteAt(bytes, text, offset, pos), `header line ${JSON.stringify(text.slice(pos, Math.min(end, pos + 64)))} has no colon`);
      name = text.slice(pos, end);
      valueStart = end;
      value = '';
    }

    if (escapes !== null && nextBackslash >= 0 && nextBackslash < end) {
      if (nextBackslash < pos) nextBackslash = text.indexOf('\\', pos);
      if (nextBackslash >= 0 && nextBackslash < end) {
        if (nextBackslash < pos + name.length) name = unescape(text, pos, pos + name.length, escapes, bytes, offset, rules, report);
        if (value.includes('\\')) value = unescape(text, valueStart, end, escapes, bytes, offset, rules, report);
        nextBackslash = text.indexOf('\\', eol);
      }
    }

    if (!contentLengthSeen && name === 'content-length') {
      contentLengthSeen = true;
      contentLength = readContentLength(value, bytes, text, offset, valueStart, report);
    }
    headers.push([name, value]);
  }
  return { command, headers, contentLength };
}

function checkCommand(command: string, offset: number, rules: HeadRules, report: HeadContext['report']): void {
  const known = rules.commands.get(command);
  if (known === true) return;
  if (known === false) report('command-not-in-version', offset, `command ${command} does not exist in STOMP ${rules.version}`);
  else if (command.length === 0) report('empty-command', offset, 'frame has an empty command line');
  else report('unknown-command', offset, `unknown command ${JSON.stringify(command.slice(0, 64))}`);
}

/** Decodes the escapes in text[from, to); an undefined one is reported and kept as it was sent. */
function unescape(
  text: string,
  from: number,
  to: number,
  escapes: readonly (string | undefined)[],
  bytes: Uint8Array,
  offset: number,
  rules: HeadRules,
  report: HeadContext['report'],
): string {
  let out = '';
  let copied = from;
  let i = text.indexOf('\\', from);
  while (i >= 0 && i < to) {
    out += text.slice(copied, i);
    const code = i + 1 < to ? text.charCodeAt(i + 1) : -1;
    const decoded = code >= 0 && code < 128 ? escapes[code] : undefined;
    if (decoded === undefined) {
      const shown = code < 0 ? 'a lone backslash at the end' : `\\${String.fromCharCode(code)}`;
      report('undefined-escape', byteAt(bytes, text, offset, i), `undefined escape ${shown} in a STOMP ${rules.version} header (defined: ${rules.escapeNames})`);
      // Lenient mode keeps what was on the wire.
      out += code < 0 ? '\\' : text.slice(i, i + 2);
    } else out += decoded;
    copied = Math.min(i + 2, to);
    i = text.indexOf('\\', copied);
  }
  return out + text.slice(copied, to);
}

/**
 * A decimal octet count. Lenient mode also takes one padded with spaces (some 1.0 peers pad); any
 * other value leaves the body to end at the first NUL.
 */
function readContentLength(
  value: string,
  bytes: Uint8Array,
  text: string,
  offset: number,
  valueStart: number,
  report: HeadContext['report'],
): number {
  const length = decimal(value);
  if (length >= 0) return length;
  const trimmed = decimal(value.trim());
  report(
    'invalid-content-length',
    byteAt(bytes, text, offset, valueStart),
    `content-length ${JSON.stringify(value.slice(0, 64))} is not a decimal octet count` +
      (trimmed >= 0 ? '; read without its spaces' : '; the body is read up to the first NUL'),
  );
  return trimmed;
}

/** The value of a string of ASCII digits, or -1 for anything else (huge counts stay huge). */
function decimal(text: string): number {
  const n = text.length;
  if (n === 0) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Stream offset of the character at `charIndex` of the decoded head. */
function byteAt(bytes: Uint8Array, text: string, offset: number, charIndex: number): number {
  // Every byte decoded to one UTF-16 unit (ASCII, or lone invalid bytes): indexes coincide.
  if (text.length === bytes.length) return offset + charIndex;
  return offset + byteOffsetOfChar(bytes, charIndex);
}
