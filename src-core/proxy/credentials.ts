/**
 * Credentials and the proxy. The one place it re-serializes what it forwards is the client's
 * CONNECT (or STOMP) when told to log in as someone else (`--login/--passcode`, or the upstream
 * profile's credentials in the app): the frame is rebuilt with those headers, everything else as
 * the client sent it, in STOMP's unescaped CONNECT form. And passcodes never leave the proxy in
 * the clear: printed frames and recordings carry `*` in place of every byte of a passcode's value
 * (the same length, so byte offsets stay true).
 */
import { withHeader, type Frame, type Header } from '../protocol/frame';
import { serializeFrame } from '../protocol/serializer';

export interface ConnectRewrite {
  readonly login?: string;
  readonly passcode?: string;
  /** The `host` header (the virtual host). */
  readonly host?: string;
}

export function hasRewrite(rewrite: ConnectRewrite | undefined): rewrite is ConnectRewrite {
  return rewrite !== undefined && (rewrite.login !== undefined || rewrite.passcode !== undefined || rewrite.host !== undefined);
}

/** The CONNECT's bytes with the rewritten headers (CONNECT headers are never escaped, in any version). */
export function rewriteConnect(frame: Frame, rewrite: ConnectRewrite): { frame: Frame; bytes: Uint8Array } {
  let out: Frame = { command: frame.command, headers: frame.headers, body: frame.body };
  if (rewrite.login !== undefined) out = withHeader(out, 'login', rewrite.login);
  if (rewrite.passcode !== undefined) out = withHeader(out, 'passcode', rewrite.passcode);
  if (rewrite.host !== undefined) out = withHeader(out, 'host', rewrite.host);
  // 1.0's rules: no escaping (as CONNECT wants in every version), and a body is allowed if the client sent one.
  return { frame: out, bytes: serializeFrame(out, '1.0') };
}

const encoder = new TextEncoder();
const STAR = 42;
const LF = 10;
const CR = 13;
const PASSCODE = encoder.encode('passcode:');

export function isConnectCommand(command: string): boolean {
  return command === 'CONNECT' || command === 'STOMP';
}

/** The headers to show: a CONNECT's passcode as `*`, one per byte of its UTF-8 value. */
export function shownHeaders(command: string, headers: readonly Header[]): readonly Header[] {
  if (!isConnectCommand(command) || !headers.some(([name]) => name === 'passcode')) return headers;
  return headers.map(([name, value]): Header => (name === 'passcode' ? [name, '*'.repeat(encoder.encode(value).length)] : [name, value]));
}

/**
 * A copy of a CONNECT frame's bytes (or of a stream piece starting with one, up to `headEnd`) with
 * the value of every `passcode` header line replaced by `*`. Bytes after the head are copied as they are.
 */
export function redactPasscodeBytes(bytes: Uint8Array, headEnd: number = bytes.length): Uint8Array {
  const out = new Uint8Array(bytes);
  let line = out.indexOf(LF) + 1;
  while (line > 0 && line < headEnd) {
    let eol = out.indexOf(LF, line);
    if (eol < 0 || eol > headEnd) eol = headEnd;
    if (eol === line || (eol === line + 1 && out[line] === CR)) break; // the blank line ends the head
    if (startsWith(out, line, PASSCODE)) {
      const end = eol > line && out[eol - 1] === CR ? eol - 1 : eol;
      out.fill(STAR, line + PASSCODE.length, end);
    }
    line = eol + 1;
  }
  return out;
}

function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}
