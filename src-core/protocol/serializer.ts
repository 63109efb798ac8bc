/**
 * Frame → the exact bytes a version puts on the wire. Escapes header names and values per version,
 * and frames every non-empty body with `content-length` so a NUL inside it can never end it early.
 * It refuses, with a `StompSerializeError`, any frame the version cannot carry as given, so what it
 * writes reads back as the same frame. It does not refuse a command the version lacks: a client
 * writes STOMP (a 1.1 command) by 1.0 rules before any version is negotiated, and a test may want
 * to send NACK to a 1.0 peer on purpose.
 */
import { allocPooled } from './alloc-unsafe';
import { type Frame } from './frame';
import { escapesHeaders, isCommand, mayHaveBody, type StompVersion } from './spec';

export interface SerializeOptions {
  /**
   * `auto` (default): a correct `content-length` replaces any the frame carries, for every
   * non-empty body. `omit`: no `content-length` (1.0 peers and some text-only tools want that);
   * allowed only for a body with no NUL, which the receiver would otherwise cut short.
   */
  readonly contentLength?: 'auto' | 'omit';
}

export class StompSerializeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StompSerializeError';
  }
}

const encoder = new TextEncoder();

export function serializeFrame(frame: Frame, version: StompVersion, options: SerializeOptions = {}): Uint8Array {
  const head = serializedHead(frame, version, options);
  const { body } = frame;
  // One allocation: the head is ASCII-sized at most 3 bytes per UTF-16 unit.
  // Every byte is written: no zero-fill (a pooled allocation under Node).
  const out = allocPooled(head.length * 3 + body.length + 1);
  const { written } = encoder.encodeInto(head, out);
  out.set(body, written);
  out[written + body.length] = 0;
  return out.subarray(0, written + body.length + 1);
}

/**
 * The same bytes as `serializeFrame`, as three parts — head, body, NUL — so a large body goes to
 * the socket as it is (a writev) instead of being copied behind its head.
 */
export function serializeFrameParts(frame: Frame, version: StompVersion, options: SerializeOptions = {}): [head: Uint8Array, body: Uint8Array, nul: Uint8Array] {
  return [encoder.encode(serializedHead(frame, version, options)), frame.body, NUL];
}

const NUL = Uint8Array.of(0);

/** The command line, the headers and the blank line, escaped and checked for the version. */
function serializedHead(frame: Frame, version: StompVersion, options: SerializeOptions): string {
  const { command, body } = frame;
  if (!/^[A-Z]+$/.test(command)) throw new StompSerializeError(`command ${JSON.stringify(command)} is not an upper-case word`);
  if (body.length > 0 && isCommand(command) && !mayHaveBody(version, command)) {
    throw new StompSerializeError(`${command} frames may not have a body in STOMP ${version}`);
  }
  const omit = options.contentLength === 'omit';
  if (omit && body.includes(0)) {
    throw new StompSerializeError('a body containing NUL needs content-length; it cannot be omitted');
  }
  const escape = escapesHeaders(version, command) ? (version === '1.2' ? escape12 : escape11) : undefined;

  let head = command + '\n';
  let lengthWritten = false;
  for (const [name, value] of frame.headers) {
    if (name === 'content-length') {
      if (omit || lengthWritten || body.length === 0) continue;
      head += `content-length:${body.length}\n`;
      lengthWritten = true;
      continue;
    }
    if (escape) head += escape(name) + ':' + escape(value) + '\n';
    else head += checkedRaw(name, value, command, version);
  }
  if (!omit && !lengthWritten && body.length > 0) head += `content-length:${body.length}\n`;
  head += '\n';
  if (!isWellFormed(head)) throw new StompSerializeError('a header holds a lone UTF-16 surrogate, which UTF-8 cannot encode');
  return head;
}

/** A heart-beat: one EOL. */
export function serializeHeartBeat(version: StompVersion, crLf = false): Uint8Array {
  return crLf && version === '1.2' ? CRLF : LF;
}

const LF = Uint8Array.of(10);
const CRLF = Uint8Array.of(13, 10);

function escape11(text: string): string {
  if (!/[\\\n:]/.test(text)) return text;
  return text.replace(/[\\\n:]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\c'));
}

function escape12(text: string): string {
  if (!/[\\\n\r:]/.test(text)) return text;
  return text.replace(/[\\\n\r:]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\c'));
}

const nativeIsWellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
function isWellFormed(text: string): boolean {
  return nativeIsWellFormed ? nativeIsWellFormed.call(text) : !LONE_SURROGATE.test(text);
}

/** Where no escaping exists, a header that would change meaning on the wire is refused. */
function checkedRaw(name: string, value: string, command: string, version: StompVersion): string {
  if (name.includes(':') || /[\r\n]/.test(name)) {
    throw new StompSerializeError(`header name ${JSON.stringify(name)} cannot be sent unescaped in a STOMP ${version} ${command} frame`);
  }
  if (/[\r\n]/.test(value)) {
    throw new StompSerializeError(`header ${name}'s value contains a line break, which a STOMP ${version} ${command} frame cannot carry`);
  }
  return name + ':' + value + '\n';
}
