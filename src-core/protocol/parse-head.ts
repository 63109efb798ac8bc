/**
 * Turns the bytes of a frame's head (command line, header lines, blank line) into a command and
 * headers, applying the version's escaping and reporting every broken rule with its byte offset.
 *
 * The head is decoded once; lines, colons, backslashes and CRs are then found with string searches
 * that never look at a character twice, so a head costs time linear in its size whatever it holds.
 * Byte offsets are only worked out when something is reported, all of a head's in one walk
 * (head-reports.ts).
 */
import type { Header } from './frame';
import {
  allowsCrLf,
  CLIENT_COMMANDS,
  commandsOf,
  escapesHeaders,
  escapeTable,
  headerEncodingIsStrict,
  mayHaveBody,
  SERVER_COMMANDS,
  VERSIONS,
  type StompVersion,
} from './spec';
import { HeadReports, type HeadContext } from './head-reports';
import { byteOffsetsOfChars, firstInvalidUtf8 } from './utf8';

export type { HeadContext } from './head-reports';

export interface ParsedHead {
  readonly command: string;
  readonly headers: Header[];
  /**
   * The body length the first `content-length` header declares; -1 when there is none or (after an
   * `invalid-content-length` report) when it cannot be read, so the body ends at the first NUL.
   */
  readonly contentLength: number;
  /**
   * Stream offset of that content-length's value, for a command the version forbids a body: a
   * non-zero length there breaks body-not-allowed at the header that declares the body (the body
   * itself may not have arrived yet). -1 otherwise.
   */
  readonly contentLengthOffset: number;
  /** See ParsedFrame.plainHead. */
  readonly plain: boolean;
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
  /** Commands that may carry a body in this version. */
  readonly bodies: ReadonlySet<string>;
}

const CR = 13;
const BOM = 0xfeff;
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
    bodies: new Set(ALL_COMMANDS.filter((c) => mayHaveBody(version, c))),
  };
}

const RULES = Object.fromEntries(VERSIONS.map((v) => [v, rulesOf(v)])) as Record<StompVersion, HeadRules>;

// ignoreBOM keeps a leading byte-order mark in the text: it is no part of a command, and dropping
// it silently would shift every offset reported in the frame by its 3 bytes.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

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
  const text = decoder.decode(bytes);
  const reports = new HeadReports(bytes, text, offset, ctx);
  // U+FFFD in the text is either sent as such (valid) or the mark of an invalid sequence.
  const replaced = text.includes('\uFFFD');
  // A char a byte and none of them U+FFFD: every byte was ASCII (a byte over 0x7f either joins
  // others into fewer chars or, invalid, becomes U+FFFD).
  const ascii = text.length === bytes.length && !replaced;
  if (rules.strictUtf8 && replaced) {
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) reports.atByte('invalid-utf8', bad, `invalid UTF-8 in a STOMP ${rules.version} frame head`);
  }

  // The command line.
  let nextCr = text.indexOf('\r');
  const noCr = nextCr < 0;
  let eol = text.indexOf('\n');
  let end = eol;
  if (nextCr >= 0 && nextCr < eol) {
    if (text.charCodeAt(eol - 1) === CR) end = eol - 1;
    nextCr = text.indexOf('\r', eol);
  }
  let command = text.slice(0, end);
  if (command.charCodeAt(0) === BOM) {
    // Lenient mode reads the command without it, as its sender meant.
    reports.atChar('byte-order-mark', 0, 'a byte-order mark (EF BB BF) before the command: STOMP frames have none');
    command = command.slice(1);
  }
  checkCommand(command, rules, reports);
  let crLfLines = rules.crLf;
  if (end < eol && !crLfLines) {
    reports.atChar('crlf-not-allowed', end, `CR LF line end in STOMP ${rules.version} (only 1.2 allows it)`);
    crLfLines = true;
  }

  const escapes = rules.escapes !== null && !rules.unescaped.has(command) ? rules.escapes : null;
  let nextBackslash = escapes ? text.indexOf('\\', eol) : -1;
  let plain = ascii && noCr && (escapes ? nextBackslash < 0 && !command.includes('\\') : !text.includes('\\'));
  let nextColon = text.indexOf(':', eol);
  const headers: Header[] = [];
  let contentLength = -1;
  let contentLengthSeen = false;
  let contentLengthOffset = -1;

  for (let pos = eol + 1; ; pos = eol + 1) {
    eol = text.indexOf('\n', pos);
    // The blank line (the head always ends with it, so eol is never -1 here).
    if (eol === pos) break;
    if (eol === pos + 1 && text.charCodeAt(pos) === CR) {
      if (!rules.crLf) reports.atChar('crlf-not-allowed', pos, `CR LF line end in STOMP ${rules.version} (only 1.2 allows it)`);
      break;
    }

    end = eol;
    if (nextCr >= 0 && nextCr < eol) {
      if (crLfLines && text.charCodeAt(eol - 1) === CR) end = eol - 1;
      if (rules.crLf && nextCr < end) {
        reports.atChar('cr-without-lf', nextCr, `CR inside a header line that no LF follows (STOMP ${rules.version} escapes it as \\r)`);
      }
      nextCr = text.indexOf('\r', eol);
    }

    if (nextColon >= 0 && nextColon < pos) nextColon = text.indexOf(':', pos);
    let name: string;
    let value: string;
    let valueStart: number;
    if (nextColon >= 0 && nextColon < end) {
      if (nextColon === pos) reports.atChar('empty-header-name', pos, 'a header line starts with its colon: a header name has at least one byte');
      name = text.slice(pos, nextColon);
      valueStart = nextColon + 1;
      value = text.slice(valueStart, end);
    } else {
      const line = pos;
      plain = false;
      reports.atChar('header-without-colon', pos, () => `header line ${JSON.stringify(text.slice(line, Math.min(end, line + 64)))} has no colon`);
      name = text.slice(pos, end);
      valueStart = end;
      value = '';
    }

    if (escapes !== null && nextBackslash >= 0 && nextBackslash < end) {
      if (nextBackslash < pos) nextBackslash = text.indexOf('\\', pos);
      if (nextBackslash >= 0 && nextBackslash < end) {
        if (nextBackslash < pos + name.length) name = unescape(text, pos, pos + name.length, escapes, rules, reports);
        if (value.includes('\\')) value = unescape(text, valueStart, end, escapes, rules, reports);
        nextBackslash = text.indexOf('\\', eol);
      }
    }

    if (!contentLengthSeen && name === 'content-length') {
      contentLengthSeen = true;
      contentLength = readContentLength(value, valueStart, reports);
      if (contentLength > 0 && !rules.bodies.has(command)) contentLengthOffset = offset + (text.length === bytes.length ? valueStart : byteOffsetsOfChars(bytes, [valueStart])[0]);
    }
    headers.push([name, value]);
  }
  reports.flush();
  return { command, headers, contentLength, contentLengthOffset, plain };
}

function checkCommand(command: string, rules: HeadRules, reports: HeadReports): void {
  const known = rules.commands.get(command);
  if (known === true) return;
  if (known === false) reports.atChar('command-not-in-version', 0, `command ${command} does not exist in STOMP ${rules.version}`);
  else if (command.length === 0) reports.atChar('empty-command', 0, 'frame has an empty command line');
  else reports.atChar('unknown-command', 0, () => `unknown command ${JSON.stringify(command.slice(0, 64))}`);
}

/** Decodes the escapes in text[from, to); an undefined one is reported and kept as it was sent. */
function unescape(
  text: string,
  from: number,
  to: number,
  escapes: readonly (string | undefined)[],
  rules: HeadRules,
  reports: HeadReports,
): string {
  let out = '';
  // Text up to `copied` is in `out`; an undefined escape is kept as sent, so it is copied later
  // with the text around it (a head of nothing but `\q` costs no string building).
  let copied = from;
  let i = text.indexOf('\\', from);
  while (i >= 0 && i < to) {
    const code = i + 1 < to ? text.charCodeAt(i + 1) : -1;
    const decoded = code >= 0 && code < 128 ? escapes[code] : undefined;
    if (decoded === undefined) reports.atChar('undefined-escape', i, undefinedEscape(code, rules));
    else {
      out += text.slice(copied, i) + decoded;
      copied = i + 2;
    }
    i = code < 0 ? -1 : text.indexOf('\\', i + 2);
  }
  return copied === from ? text.slice(from, to) : out + text.slice(copied, to);
}

/** The message for an undefined escape, built only if it is listed. */
function undefinedEscape(code: number, rules: HeadRules): () => string {
  return () => {
    const shown = code < 0 ? 'a lone backslash at the end' : `\\${String.fromCharCode(code)}`;
    return `undefined escape ${shown} in a STOMP ${rules.version} header (defined: ${rules.escapeNames})`;
  };
}

/**
 * A decimal octet count. Lenient mode also takes one padded with spaces (some 1.0 peers pad); any
 * other value leaves the body to end at the first NUL.
 */
function readContentLength(value: string, valueStart: number, reports: HeadReports): number {
  const length = decimal(value);
  if (length >= 0) return length;
  const trimmed = decimal(value.trim());
  reports.atChar(
    'invalid-content-length',
    valueStart,
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
