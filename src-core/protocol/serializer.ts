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
  /** The name of the header refused, when a header was the reason. */
  readonly header: string | undefined;

  constructor(message: string, header?: string) {
    super(message);
    this.name = 'StompSerializeError';
    this.header = header;
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
    const problem = headerProblem(name, value, command, version);
    if (problem !== undefined) throw new StompSerializeError(problem, name);
    if (escape) head += escape(name) + ':' + escape(value) + '\n';
    else head += name + ':' + value + '\n';
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

const RISKY = /[\0\r\n:]/;

/**
 * Why a header cannot go on the wire in `command` under `version`, or undefined when it can. A
 * header a broker would misread is refused rather than sent:
 * - an empty name: the grammar wants at least one byte (ActiveMQ drops the connection on `:v`);
 * - a NUL anywhere: brokers written in C, and many tools, take it for the end of the frame;
 * - a CR where no escape exists for it (1.0, 1.1, and CONNECT/STOMP/CONNECTED in every version):
 *   `a\r` then `\n` reads as a CR LF line end to RabbitMQ and ActiveMQ, and a CR alone is no safer;
 * - where nothing is escaped, a line break (it would start a new header) or a colon in a name (the
 *   first colon splits name from value).
 * The sandbox broker asks the same question before it relays a sender's header to a consumer.
 */
export function headerProblem(name: string, value: string, command: string, version: StompVersion): string | undefined {
  // The common case, in one test each: nothing that could be refused.
  if (name.length > 0 && !RISKY.test(name) && !RISKY.test(value)) return undefined;
  const escaped = escapesHeaders(version, command);
  const where = `a STOMP ${version} ${command} frame`;
  const shown = JSON.stringify(name.length > 64 ? name.slice(0, 64) + '…' : name);
  if (name.length === 0) return `a header has an empty name (in ${where}): a header name needs at least one byte`;
  if (name.includes('\0')) return `header name ${shown} contains a NUL byte, which ends a frame`;
  if (value.includes('\0')) return `header ${shown}'s value contains a NUL byte, which ends a frame`;
  const crEscaped = escaped && version === '1.2';
  if (!crEscaped && name.includes('\r')) return `header name ${shown} contains a CR, which ${where} cannot carry (only 1.2 escapes it, as \\r)`;
  if (!crEscaped && value.includes('\r')) return `header ${shown}'s value contains a CR, which ${where} cannot carry (only 1.2 escapes it, as \\r)`;
  if (escaped) return undefined;
  if (name.includes(':') || name.includes('\n')) return `header name ${shown} cannot be sent unescaped in ${where} (a colon or line break in it)`;
  if (value.includes('\n')) return `header ${shown}'s value contains a line break, which ${where} cannot carry unescaped`;
  return undefined;
}
