/**
 * Payload scripts: a function `(i, ctx) => ({ body, headers })` that builds message i of a send
 * (0-based), run in the sandbox for many messages per call. `body` may be a string (sent as
 * UTF-8), a Uint8Array or ArrayBuffer (sent as is) or any other value (sent as its JSON);
 * `headers` an object or a list of [name, value] pairs. Returning a string is short for
 * `{ body: string }`. `ctx` holds `count`, `destination` and `now` (ms since the epoch); the
 * script has Math.random and Date for the rest.
 */
import { ScriptError } from './script-error';
import { ScriptSandbox } from './script-sandbox';
import { SOURCE_LINE_OFFSET, wrapUserSource } from './script-source';
import type { SandboxLimits } from './sandbox-limits';

export interface PayloadContext {
  readonly count: number;
  readonly destination: string;
}

export interface BuiltMessage {
  readonly body: Uint8Array;
  readonly headers: [string, string][];
}

/** Headers a script may not set: the send sets them. */
const RESERVED = new Set(['destination', 'content-length', 'receipt', 'transaction']);
const MAX_HEADERS = 1000;
const MAX_HEADER_NAME = 1024;
const MAX_HEADER_VALUE = 64 * 1024;

const HARNESS = `
globalThis.__payload = (function (user) {
  const latin1 = (bytes) => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
    return s;
  };
  const shape = (result, i) => {
    if (typeof result === 'string') return { t: result, h: [] };
    if (result === null || typeof result !== 'object' || Array.isArray(result)) {
      throw new TypeError('message ' + i + ': return { body, headers } or a string, not ' + (result === null ? 'null' : Array.isArray(result) ? 'a list' : typeof result));
    }
    if (typeof result.then === 'function') throw new TypeError('message ' + i + ': the script returned a Promise: scripts are synchronous (no async, no import())');
    const out = { h: [] };
    const body = result.body;
    if (body === undefined || body === null) out.t = '';
    else if (typeof body === 'string') out.t = body;
    else if (body instanceof Uint8Array) out.x = latin1(body);
    else if (body instanceof ArrayBuffer) out.x = latin1(new Uint8Array(body));
    else out.t = JSON.stringify(body);
    const headers = result.headers;
    if (Array.isArray(headers)) {
      for (const pair of headers) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError('message ' + i + ': headers as a list take [name, value] pairs');
        out.h.push([String(pair[0]), String(pair[1])]);
      }
    } else if (headers !== undefined && headers !== null) {
      if (typeof headers !== 'object') throw new TypeError('message ' + i + ': headers must be an object or a list of [name, value] pairs');
      for (const name of Object.keys(headers)) out.h.push([name, String(headers[name])]);
    }
    return out;
  };
  return function (from, count, context) {
    const ctx = JSON.parse(context);
    const out = [];
    for (let k = 0; k < count; k++) {
      const i = from + k;
      globalThis.__current = k;
      ctx.now = Date.now();
      out.push(shape(user(i, ctx), i));
    }
    return JSON.stringify(out);
  };
})(`;

export class PayloadScript {
  private constructor(private readonly sandbox: ScriptSandbox) {}

  static async compile(source: string, limits?: Partial<SandboxLimits>): Promise<PayloadScript> {
    return new PayloadScript(await ScriptSandbox.create(setup(source), limits));
  }

  /** Messages from..from+count-1; throws ScriptError naming the message at fault. */
  build(from: number, count: number, context: PayloadContext): BuiltMessage[] {
    let text: string;
    try {
      text = this.sandbox.call('__payload', [from, count, JSON.stringify(context)]);
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      const index = error.kind === 'runtime' || error.kind === 'escape' ? this.sandbox.current() : undefined;
      const where = /message \d+/.test(error.message) ? '' : index !== undefined ? ` (building message ${from + index})` : ` (building messages ${from}–${from + count - 1})`;
      throw new ScriptError(error.kind, `${error.message}${where}`, error.line, error.column);
    }
    const raw = JSON.parse(text) as { t?: string; x?: string; h: [string, string][] }[];
    if (!Array.isArray(raw) || raw.length !== count) throw new ScriptError('result', 'the payload harness was tampered with');
    const encoder = new TextEncoder();
    return raw.map((entry, k) => ({ body: entry.x !== undefined ? latin1Bytes(entry.x) : encoder.encode(entry.t ?? ''), headers: checkHeaders(entry.h, from + k) }));
  }

  dispose(): void {
    this.sandbox.dispose();
  }
}

function setup(source: string) {
  return { code: `${HARNESS}${wrapUserSource(source, ['i', 'ctx'])});`, fileName: 'payload.js', lineOffset: SOURCE_LINE_OFFSET + HARNESS.split('\n').length - 1 };
}

function checkHeaders(headers: [string, string][], index: number): [string, string][] {
  if (headers.length > MAX_HEADERS) throw new ScriptError('result', `message ${index}: ${headers.length} headers, at most ${MAX_HEADERS}`);
  for (const [name, value] of headers) {
    if (name === '' || name.length > MAX_HEADER_NAME) throw new ScriptError('result', `message ${index}: a header name must be 1 to ${MAX_HEADER_NAME} characters`);
    if (value.length > MAX_HEADER_VALUE) throw new ScriptError('result', `message ${index}: header ${name} is longer than ${MAX_HEADER_VALUE} characters`);
    if (RESERVED.has(name.toLowerCase())) throw new ScriptError('result', `message ${index}: the header ${name} is set by the send itself, not by the script`);
  }
  return headers;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
