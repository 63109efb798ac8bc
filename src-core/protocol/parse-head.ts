/**
 * Turns the bytes of a frame's head (command line, header lines, blank line) into a command and
 * headers, applying the version's escaping and reporting every broken rule with its byte offset.
 */
import type { Header } from './frame';
import type { ParseRule } from './parse-error';
import {
  allowsCrLf,
  commandsOf,
  escapesHeaders,
  escapeTable,
  headerEncodingIsStrict,
  isCommand,
  type StompVersion,
} from './spec';
import { firstInvalidUtf8, utf8Length } from './utf8';

export interface HeadContext {
  readonly version: StompVersion;
  /** Reports a broken rule: throws in strict mode, records a diagnostic in lenient mode. */
  readonly report: (rule: ParseRule, offset: number, message: string) => void;
}

export interface ParsedHead {
  readonly command: string;
  readonly headers: Header[];
}

const decoder = new TextDecoder('utf-8');

/**
 * `bytes` runs from the command's first byte to the LF that ends the blank line; `offset` is where
 * it starts in the stream.
 */
export function parseHead(bytes: Uint8Array, offset: number, ctx: HeadContext): ParsedHead {
  const text = decoder.decode(bytes);
  if (text.includes('\uFFFD')) checkUtf8(bytes, offset, ctx);
  // For the usual all-ASCII head a character index is a byte offset; otherwise count UTF-8 bytes.
  const ascii = text.length === bytes.length;
  const byteAt = (charIndex: number): number => offset + (ascii ? charIndex : utf8Length(text, charIndex));

  const crLf = allowsCrLf(ctx.version);
  // The last two pieces after splitting are the blank line and the empty rest after its LF.
  const lines = text.split('\n');
  const count = lines.length - 2;
  let pos = 0;
  const readLine = (i: number): string => {
    let line = lines[i];
    if (line.charCodeAt(line.length - 1) === 13) {
      if (!crLf) ctx.report('crlf-not-allowed', byteAt(pos + line.length - 1), `CR LF line end in STOMP ${ctx.version} (only 1.2 allows it)`);
      line = line.slice(0, -1);
    }
    return line;
  };

  const command = readLine(0);
  checkCommand(command, offset, ctx);
  pos += lines[0].length + 1;

  const unescape = escapesHeaders(ctx.version, command) ? escapeTable(ctx.version) : undefined;
  const headers: Header[] = new Array(count - 1);
  for (let i = 1; i < count; i++) {
    const raw = lines[i];
    const line = readLine(i);
    // The first colon separates name and value: a value may hold further raw colons (1.0 peers and
    // many brokers send them), which every version's parser can split without ambiguity.
    const colon = line.indexOf(':');
    let name: string;
    let value: string;
    if (colon < 0) {
      ctx.report('header-without-colon', byteAt(pos), `header line ${JSON.stringify(line)} has no colon`);
      name = line;
      value = '';
    } else {
      name = line.slice(0, colon);
      value = line.slice(colon + 1);
    }
    if (unescape) {
      if (name.includes('\\')) name = decodeEscapes(name, pos, unescape, byteAt, ctx);
      if (value.includes('\\')) value = decodeEscapes(value, pos + colon + 1, unescape, byteAt, ctx);
    }
    headers[i - 1] = [name, value];
    pos += raw.length + 1;
  }
  return { command, headers };
}

function checkUtf8(bytes: Uint8Array, offset: number, ctx: HeadContext): void {
  if (!headerEncodingIsStrict(ctx.version)) return;
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) ctx.report('invalid-utf8', offset + bad, `invalid UTF-8 in a STOMP ${ctx.version} frame head`);
}

function checkCommand(command: string, offset: number, ctx: HeadContext): void {
  if (command.length === 0) {
    ctx.report('empty-command', offset, 'frame has an empty command line');
  } else if (!isCommand(command)) {
    ctx.report('unknown-command', offset, `unknown command ${JSON.stringify(command.slice(0, 64))}`);
  } else if (!commandsOf(ctx.version).has(command)) {
    ctx.report('command-not-in-version', offset, `command ${command} does not exist in STOMP ${ctx.version}`);
  }
}

function decodeEscapes(
  text: string,
  start: number,
  table: ReadonlyMap<string, string>,
  byteAt: (charIndex: number) => number,
  ctx: HeadContext,
): string {
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', from)) {
    out += text.slice(from, i);
    const letter = text.charAt(i + 1);
    const decoded = table.get(letter);
    if (decoded === undefined) {
      const shown = letter === '' ? 'a lone backslash at the end' : `\\${letter}`;
      ctx.report('undefined-escape', byteAt(start + i), `undefined escape ${shown} in a STOMP ${ctx.version} header (defined: ${[...table.keys()].map((k) => '\\' + k).join(' ')})`);
      // Lenient mode keeps what was on the wire.
      out += letter === '' ? '\\' : '\\' + letter;
    } else out += decoded;
    from = i + 2;
  }
  return out + text.slice(from);
}
