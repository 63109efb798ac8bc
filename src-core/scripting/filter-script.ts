/**
 * Filter scripts: an expression over a message (`headers`, `body`) or a function `(m) => boolean`,
 * run in the sandbox over many messages per call. Each message reaches the script as
 *
 *   m.headers      first occurrence of each header (as the spec says), by name
 *   m.headerList   every header in wire order, as [name, value] pairs
 *   m.body.text    the body as UTF-8 text (bad bytes become U+FFFD)
 *   m.body.bytes   the body as a Uint8Array (fetched from the host only when read)
 *   m.body.json    the body parsed as JSON, or undefined when it is not JSON
 *   m.body.size    its length in bytes
 *   m.seq          the message's number in its capture
 *
 * A call costs a fixed toll plus the per-message work, so messages go in batches sized to keep
 * each call near 20 ms: a long filter never holds the host for long, and the time limit, per
 * call, still stops an endless loop in one message.
 */
import { ScriptError } from './script-error';
import { ScriptSandbox } from './script-sandbox';
import { SOURCE_LINE_OFFSET, wrapUserSource } from './script-source';
import type { SandboxLimits } from './sandbox-limits';

export interface FilterMessage {
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
  readonly seq?: number;
}

export interface FilterStats {
  calls: number;
  messages: number;
  ms: number;
}

/** Bodies up to this size travel with the batch as text; larger ones are fetched when read. */
const EAGER_TEXT = 4096;
const TARGET_CALL_MS = 20;
const MAX_BATCH = 4096;
/**
 * A batch crosses as one string of fields split at U+0001, which QuickJS splits in C: several
 * times cheaper than JSON.parse of the same (its parser is the main cost of a batch otherwise).
 * Per message: a flag, the seq, the body size, the header count, names and values, then the text
 * when the flag says it is there. A message with U+0001 in a header or its text (rare) goes as
 * JSON, fetched by a host call.
 */
const SEP = '\u0001';
const FLAG_TEXT = 't';
const FLAG_NO_TEXT = 'n';
const FLAG_JSON = 'j';

// Plain constructors with getters on their prototypes: in QuickJS, private fields, closures per
// message and a global write per message each cost more than the user's filter itself.
const HARNESS = `
globalThis.__filter = (function (user) {
  function Body(index, text, size) { this._index = index; this._text = text; this.size = size; this._parsed = false; }
  Object.defineProperties(Body.prototype, {
    text: { get() { if (this._text === undefined) this._text = __bodyText(this._index); return this._text; } },
    bytes: { get() { if (this._bytes === undefined) this._bytes = new Uint8Array(__bodyBytes(this._index)); return this._bytes; } },
    json: { get() { if (!this._parsed) { this._parsed = true; try { this._json = JSON.parse(this.text); } catch (e) { this._json = undefined; } } return this._json; } },
  });
  function Message(headers, fields, from, count, list, body, seq) { this.headers = headers; this._fields = fields; this._from = from; this._count = count; this._list = list; this.body = body; this.seq = seq; }
  Object.defineProperty(Message.prototype, 'headerList', {
    get() {
      if (this._list === undefined) {
        this._list = [];
        for (let k = 0; k < this._count; k++) this._list.push([this._fields[this._from + 2 * k], this._fields[this._from + 2 * k + 1]]);
      }
      return this._list;
    },
  });
  return function (batch) {
    const f = batch.split('\\u0001');
    const n = f.length;
    let out = '';
    let at = 0;
    for (let i = 0; at < n; i++) {
      const flag = f[at];
      const headers = { __proto__: null };
      let message;
      let body;
      if (flag === 'j') {
        at++;
        const m = JSON.parse(__message(i));
        for (const [name, value] of m.h) if (headers[name] === undefined) headers[name] = value;
        body = new Body(i, m.t === null ? undefined : m.t, m.s);
        message = new Message(headers, null, 0, 0, m.h, body, m.q);
      } else {
        const seq = f[at + 1] === '' ? null : +f[at + 1];
        const size = +f[at + 2];
        const count = +f[at + 3];
        at += 4;
        const from = at;
        for (let k = 0; k < count; k++, at += 2) if (headers[f[at]] === undefined) headers[f[at]] = f[at + 1];
        body = new Body(i, flag === 't' ? f[at++] : undefined, size);
        message = new Message(headers, f, from, count, undefined, body, seq);
      }
      let result;
      try {
        result = user(message, headers, body);
      } catch (error) {
        globalThis.__current = i;
        throw error;
      }
      if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
        globalThis.__current = i;
        throw new TypeError('the filter returned a Promise: scripts are synchronous (no async, no import())');
      }
      out += result ? '1' : '0';
    }
    return out;
  };
})(`;

export class FilterScript {
  readonly stats: FilterStats = { calls: 0, messages: 0, ms: 0 };
  private batch: readonly FilterMessage[] = [];
  private batchSize = 64;
  private readonly decoder = new TextDecoder();
  /** Bodies travel with the batch only for a script that mentions `body`; others fetch on read. */
  private usesBody = true;

  private constructor(private sandbox: ScriptSandbox | undefined) {}

  /** Compiles the filter (a syntax error throws ScriptError at once). */
  static async compile(source: string, limits?: Partial<SandboxLimits>): Promise<FilterScript> {
    const script = new FilterScript(undefined);
    script.sandbox = await ScriptSandbox.create(script.setup(source), limits);
    return script;
  }

  /** The same, synchronously: QuickJS must be loaded already. */
  static compileLoaded(source: string, limits?: Partial<SandboxLimits>): FilterScript {
    const script = new FilterScript(undefined);
    script.sandbox = ScriptSandbox.createLoaded(script.setup(source), limits);
    return script;
  }

  /** Whether each message matches, in order. Throws ScriptError naming the message at fault. */
  matchBatch(messages: readonly FilterMessage[]): boolean[] {
    const out: boolean[] = [];
    for (let from = 0; from < messages.length; ) {
      const chunk = messages.slice(from, from + this.batchSize);
      const started = performance.now();
      const bits = this.run(chunk);
      const ms = performance.now() - started;
      this.stats.calls++;
      this.stats.messages += chunk.length;
      this.stats.ms += ms;
      for (let i = 0; i < bits.length; i++) out.push(bits.charCodeAt(i) === 49);
      from += chunk.length;
      if (ms < TARGET_CALL_MS / 2 && this.batchSize < MAX_BATCH) this.batchSize *= 2;
      else if (ms > TARGET_CALL_MS * 2 && this.batchSize > 1) this.batchSize = Math.max(1, this.batchSize >> 1);
    }
    return out;
  }

  matches(message: FilterMessage): boolean {
    return this.matchBatch([message])[0];
  }

  dispose(): void {
    this.sandbox?.dispose();
  }

  private run(chunk: readonly FilterMessage[]): string {
    this.batch = chunk;
    const fields: string[] = [];
    for (const m of chunk) {
      const text = this.usesBody && m.body.length <= EAGER_TEXT ? this.decoder.decode(m.body) : undefined;
      if ((text !== undefined && text.includes(SEP)) || m.headers.some(([n, v]) => n.includes(SEP) || v.includes(SEP))) {
        fields.push(FLAG_JSON);
        continue;
      }
      fields.push(text === undefined ? FLAG_NO_TEXT : FLAG_TEXT, m.seq === undefined ? '' : String(m.seq), String(m.body.length), String(m.headers.length));
      for (const [name, value] of m.headers) fields.push(name, value);
      if (text !== undefined) fields.push(text);
    }
    try {
      const bits = this.sandbox!.call('__filter', [fields.join(SEP)]);
      if (bits.length !== chunk.length || /[^01]/.test(bits)) throw new ScriptError('result', 'the filter harness was tampered with: it returned something else than one answer per message');
      return bits;
    } catch (error) {
      if (!(error instanceof ScriptError)) throw error;
      const where = this.where(chunk, error);
      throw new ScriptError(error.kind, where ? `${error.message} ${where}` : error.message, error.line, error.column);
    } finally {
      this.batch = [];
    }
  }

  private where(chunk: readonly FilterMessage[], error: ScriptError): string {
    const seqs = chunk.map((m) => m.seq).filter((s): s is number => s !== undefined);
    if (error.kind === 'runtime' || error.kind === 'result' || error.kind === 'escape' || error.kind === 'syntax') {
      const index = this.sandbox?.current();
      const seq = index !== undefined ? chunk[index]?.seq : undefined;
      if (seq !== undefined) return `(on message ${seq})`;
    }
    if (seqs.length === 0) return '';
    return seqs.length === 1 ? `(on message ${seqs[0]})` : `(on one of messages ${seqs[0]}–${seqs[seqs.length - 1]})`;
  }

  private setup(source: string) {
    this.usesBody = /body/.test(source);
    return {
      code: `${HARNESS}${wrapUserSource(source, ['m', 'headers', 'body'])});`,
      fileName: 'filter.js',
      lineOffset: SOURCE_LINE_OFFSET + HARNESS.split('\n').length - 1,
      hostFunctions: {
        __bodyText: (index: number | string) => this.decoder.decode(this.batch[Number(index)]?.body ?? new Uint8Array()),
        __bodyBytes: (index: number | string) => this.batch[Number(index)]?.body ?? new Uint8Array(),
        __message: (index: number | string) => {
          const m = this.batch[Number(index)];
          const text = m && m.body.length <= EAGER_TEXT ? this.decoder.decode(m.body) : null;
          return JSON.stringify({ h: m?.headers ?? [], t: text, q: m?.seq ?? null, s: m?.body.length ?? 0 });
        },
      },
    };
  }
}
