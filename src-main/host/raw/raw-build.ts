/**
 * A raw recipe to bytes, exactly as described: the command line, each header line in the order
 * given (escaped as the version says when escaping is on, raw when off), the blank line, the body,
 * the NUL. Nothing is corrected: a wrong content-length, a CR LF under 1.1 or a missing NUL go on
 * the wire as asked, and the verdict says what they break.
 */
import { ApiError } from '../../../src-core/api';
import { RAW_LIMITS, type RawBody, type RawRecipe } from '../../../src-core/api/schemas/raw';
import { escapesHeaders, escapeTable, type StompVersion } from '../../../src-core/protocol/spec';

export interface BuiltFrame {
  readonly bytes: Uint8Array;
  /** Command line to blank line, inclusive. */
  readonly headLength: number;
  readonly bodyLength: number;
  /** The headers as written (escaped when escaping applied), with the content-length the framing added. */
  readonly headers: readonly (readonly [string, string])[];
  /** Whether `framing: 'content-length'` added the header (false when one was written by hand, or framing is nul). */
  readonly addedContentLength: boolean;
  /** Whether header escaping applied (on, and the version and command escape). */
  readonly escaped: boolean;
}

const encoder = new TextEncoder();

export function buildRawFrame(recipe: RawRecipe, version: StompVersion): BuiltFrame {
  const body = bodyBytes(recipe.body);
  const handWritten = recipe.headers.some(([name]) => name === 'content-length');
  const addedContentLength = recipe.framing === 'content-length' && !handWritten;
  const headers: [string, string][] = recipe.headers.map(([n, v]) => [n, v]);
  if (addedContentLength) headers.push(['content-length', String(body.length)]);
  const escaped = recipe.escape && escapesHeaders(version, recipe.command);
  const escape = escaped ? escaper(version) : (text: string) => text;
  const eol = recipe.eol === 'crlf' ? '\r\n' : '\n';
  const lines = headers.map(([name, value]) => `${escape(name)}:${escape(value)}${eol}`);
  const head = encoder.encode(`${recipe.command}${eol}${lines.join('')}${eol}`);
  const bytes = new Uint8Array(head.length + body.length + (recipe.nul ? 1 : 0));
  bytes.set(head, 0);
  bytes.set(body, head.length);
  // The NUL, when asked for, is the array's last byte (already 0).
  return {
    bytes,
    headLength: head.length,
    bodyLength: body.length,
    headers: headers.map(([n, v]) => [escape(n), escape(v)] as const),
    addedContentLength,
    escaped,
  };
}

/** The body's bytes; a body that is not what its kind says answers invalid-request naming the place. */
export function bodyBytes(body: RawBody): Uint8Array {
  let bytes: Uint8Array;
  if (body.kind === 'text') bytes = encoder.encode(body.text);
  else if (body.kind === 'hex') bytes = hexBytes(body.hex);
  else bytes = base64Bytes(body.base64);
  if (bytes.length > RAW_LIMITS.body) {
    throw new ApiError('too-large', `the body is ${bytes.length} bytes; the raw composer takes up to ${RAW_LIMITS.body} (use the composer for larger sends)`, { field: 'body' });
  }
  return bytes;
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  let count = 0;
  let high = -1;
  let digit = 0;
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    const value = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;
    digit++;
    if (value < 0) {
      throw new ApiError('invalid-request', `body hex: ${JSON.stringify(hex[i])} (hex digit ${digit}, character ${i + 1}) is not a hex digit (0-9, a-f)`, { field: 'body', offset: i });
    }
    if (high < 0) high = value;
    else {
      out[count++] = (high << 4) | value;
      high = -1;
    }
  }
  if (high >= 0) throw new ApiError('invalid-request', `body hex: an odd number of hex digits (${digit}); every byte needs two`, { field: 'body', offset: hex.length });
  return out.subarray(0, count);
}

function base64Bytes(base64: string): Uint8Array {
  const compact = base64.replace(/\s+/g, '');
  const bad = compact.search(/[^A-Za-z0-9+/=]|=[^=]|={3}/);
  if (bad >= 0 || compact.length % 4 !== 0) {
    throw new ApiError('invalid-request', bad >= 0 ? `body base64: character ${bad + 1} is not base64` : `body base64: the length (${compact.length}) is not a multiple of 4`, { field: 'body' });
  }
  const buffer = Buffer.from(compact, 'base64');
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Escapes a header name or value by the version's table, in one pass (so nothing is escaped twice). */
function escaper(version: StompVersion): (text: string) => string {
  const table = new Map<string, string>();
  for (const [letter, decoded] of escapeTable(version)) table.set(decoded, `\\${letter}`);
  const pattern = new RegExp(`[${[...table.keys()].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g');
  return (text) => text.replace(pattern, (ch) => table.get(ch)!);
}
