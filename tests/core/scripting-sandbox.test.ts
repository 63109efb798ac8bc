/**
 * The script sandbox: every escape attempt, an endless loop, a huge allocation and runaway
 * recursion each fail with a clear error, and the sandbox (and this process) keep working after
 * each. Filter and payload scripts on top of it.
 */
import { describe, expect, it } from 'vitest';
import { FilterScript, loadQuickJs, PayloadScript, ScriptError, ScriptSandbox } from '../../src-core/scripting';

const encoder = new TextEncoder();
const message = (body: string, headers: [string, string][] = [], seq?: number) => ({ headers, body: encoder.encode(body), seq });

async function failure(run: () => unknown): Promise<ScriptError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScriptError);
    return error as ScriptError;
  }
  throw new Error('expected a ScriptError');
}

describe('escape attempts fail with a clear error, and the sandbox goes on', () => {
  const attempts: [string, string, RegExp][] = [
    ['the Function constructor to reach process', "this.constructor.constructor('return process')()", /process is not available: scripts run in a sandbox/],
    ['the constructor chain from a value', "({}).constructor.constructor('return require')()('fs')", /require is not available/],
    ['globalThis.require', "globalThis.require('child_process')", /require is not available/],
    ['process.env', 'process.env.HOME', /process is not available/],
    ['fetch', "fetch('http://example.com')", /fetch is not available/],
    ['the DOM', 'document.cookie', /document is not available/],
    ['timers', 'setTimeout(() => 1, 0)', /setTimeout is not available/],
    ['dynamic import()', "import('fs')", /Promise: scripts are synchronous/],
  ];

  it.each(attempts)('%s', async (_, expression, message_) => {
    const filter = await FilterScript.compile(expression);
    const error = await failure(() => filter.matchBatch([message('x', [], 7)]));
    expect(error.message).toMatch(message_);
    expect(['escape', 'runtime']).toContain(error.kind);
    // The same sandbox answers the next call; a fresh one too.
    const ok = await FilterScript.compile('body.text === "x"');
    expect(ok.matchBatch([message('x'), message('y')])).toEqual([true, false]);
    filter.dispose();
    ok.dispose();
  });

  it('a static import cannot even be written: modules are not scripts', async () => {
    const error = await failure(() => FilterScript.compile("import fs from 'fs'"));
    expect(error.kind).toBe('syntax');
  });

  it('a script sees none of the host: an empty global scope apart from the language itself', async () => {
    const filter = await FilterScript.compile("Object.getOwnPropertyNames(globalThis).filter(n => /^(process|require|module|Buffer|fetch|console|__dirname|os|std)$/.test(n) && Object.getOwnPropertyDescriptor(globalThis, n).value !== undefined).length === 0 && typeof globalThis.os === 'undefined' && typeof std === 'undefined'");
    expect(filter.matchBatch([message('')])).toEqual([true]);
    filter.dispose();
  });

  it('import() refuses with a clear error when the script awaits nothing', async () => {
    const sandbox = await ScriptSandbox.create({ code: "globalThis.f = () => { let out = 'pending'; import('fs').then(() => out = 'loaded', (e) => globalThis.err = e.message); return 'called'; }; globalThis.g = () => String(globalThis.err)", fileName: 'x.js', lineOffset: 0 });
    expect(sandbox.call('f')).toBe('called');
    expect(sandbox.call('g')).toMatch(/import\(\) is not available|could not load module/);
    sandbox.dispose();
  });
});

describe('limits', () => {
  it('an endless loop is stopped at the time limit with a clear error, and the sandbox is usable again', async () => {
    const filter = await FilterScript.compile('(m) => { if (m.body.text === "loop") for (;;) {} return true; }', { timeMs: 200 });
    const started = performance.now();
    const error = await failure(() => filter.matchBatch([message('a', [], 1), message('loop', [], 2)]));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/ran longer than its 200 ms limit and was stopped \(an endless loop\?\) \(on one of messages 1–2\)/);
    expect(filter.matchBatch([message('a'), message('b')])).toEqual([true, true]);
    filter.dispose();
  });

  it('a catastrophic regular expression is interrupted too', async () => {
    const filter = await FilterScript.compile("/(a+)+$/.test('a'.repeat(40) + 'b')", { timeMs: 200 });
    expect((await failure(() => filter.matchBatch([message('')]))).kind).toBe('timeout');
    filter.dispose();
  });

  it('a huge allocation fails at the memory limit, and the sandbox is usable again', async () => {
    const filter = await FilterScript.compile("(m) => m.body.text === 'big' ? 'x'.repeat(2 ** 28).length > 0 : true", { memoryBytes: 16 * 1024 * 1024 });
    const error = await failure(() => filter.matchBatch([message('big', [], 3)]));
    expect(error.kind).toBe('memory');
    expect(error.message).toMatch(/needed more than its 16 MiB memory limit and was stopped/);
    expect(filter.matchBatch([message('small')])).toEqual([true]);
    filter.dispose();
  });

  it('memory grown slowly (an array that keeps growing) is stopped by one limit or the other', async () => {
    const filter = await FilterScript.compile('(m) => { const a = []; for (;;) a.push({ n: a.length, s: "x".repeat(100) }); }', { memoryBytes: 16 * 1024 * 1024, timeMs: 5000 });
    expect(['memory', 'timeout']).toContain((await failure(() => filter.matchBatch([message('')]))).kind);
    expect(filter.matchBatch.length).toBe(1);
    filter.dispose();
  });

  it.each([
    ['endless recursion', '(function f() { return f() })()'],
    ['JSON.parse of 100 000 open brackets', "JSON.parse('['.repeat(100000))"],
    ['JSON.stringify of a value nested 100 000 deep', '() => { let o = []; for (let i = 0; i < 100000; i++) o = [o]; return JSON.stringify(o).length > 0 }'],
  ])('%s fails as a stack overflow, and the host process and sandbox go on', async (_, expression) => {
    const filter = await FilterScript.compile(expression);
    const error = await failure(() => filter.matchBatch([message('')]));
    expect(error.kind).toBe('stack');
    const after = await FilterScript.compile('true');
    expect(after.matchBatch([message('')])).toEqual([true]);
    filter.dispose();
    after.dispose();
  });
});

describe('when the host’s own stack runs out inside the sandbox', () => {
  it('the call fails with a clear error, the WebAssembly module is replaced, and scripts run again', async () => {
    const filter = await FilterScript.compile('() => { let o = []; for (let i = 0; i < 100000; i++) o = [o]; return JSON.stringify(o).length > 0 }');
    // Called from deep in the host's own stack, QuickJS's stack check comes too late: the host's
    // native stack overflows inside the WebAssembly code.
    const atDepth = (n: number): boolean[] => (n === 0 ? filter.matchBatch([message('')]) : atDepth(n - 1));
    const error = await failure(() => atDepth(4000));
    expect(error.kind).toBe('stack');
    expect(error.message).toMatch(/nested too deeply|stack overflow/);
    await loadQuickJs();
    const after = await FilterScript.compile('body.text === "ok"');
    expect(after.matchBatch([message('ok')])).toEqual([true]);
    expect(filter.matchBatch.call(after, [message('no')])).toEqual([false]);
    after.dispose();
    filter.dispose();
  });
});

describe('filter scripts', () => {
  const messages = [
    message('{"kind":"order","total":12}', [['destination', '/queue/a'], ['type', 'order'], ['type', 'second']], 10),
    message('plain text', [['destination', '/queue/b']], 11),
    message('{"kind":"refund","total":-3}', [['destination', '/queue/a']], 12),
  ];

  it.each([
    ['an expression over headers', "headers.destination === '/queue/a'", [true, false, true]],
    ['the first of repeated headers counts', "headers.type === 'order'", [true, false, false]],
    ['all headers in wire order', "m.headerList.length === 3", [true, false, false]],
    ['body JSON (undefined when not JSON)', 'body.json?.total > 0', [true, false, false]],
    ['body text', "body.text.includes('text')", [false, true, false]],
    ['body bytes', 'body.bytes[0] === 0x7b && body.size > 20', [true, false, true]],
    ['an arrow function', "(m) => m.seq >= 11", [false, true, true]],
    ['a function with a body', "function (m) {\n  const j = m.body.json;\n  return !!j && j.kind === 'refund';\n}", [false, false, true]],
  ])('%s', async (_, source, expected) => {
    const filter = await FilterScript.compile(source);
    expect(filter.matchBatch(messages)).toEqual(expected);
    filter.dispose();
  });

  it('a header or body holding the batch separator (U+0001) still arrives intact', async () => {
    const odd = message('a\u0001b', [['x', 'p\u0001q'], ['x', 'second']], 5);
    const filter = await FilterScript.compile("headers.x === 'p\\u0001q' && body.text === 'a\\u0001b' && m.headerList.length === 2 && m.seq === 5");
    expect(filter.matchBatch([message('plain', [], 4), odd, message('plain', [], 6)])).toEqual([false, true, false]);
    filter.dispose();
  });

  it('headers named like Object.prototype members are ordinary headers', async () => {
    const filter = await FilterScript.compile("headers.constructor === 'c' && headers.toString === 't' && headers.__proto__ === 'p'");
    expect(filter.matchBatch([message('', [['constructor', 'c'], ['toString', 't'], ['__proto__', 'p']])])).toEqual([true]);
    filter.dispose();
  });

  it('reads large bodies from the host only when asked', async () => {
    const big = 'x'.repeat(100_000) + 'needle';
    const filter = await FilterScript.compile("body.text.endsWith('needle') && body.bytes.length === body.size");
    expect(filter.matchBatch([message(big), message('needle')])).toEqual([true, true]);
    filter.dispose();
  });

  it('a syntax error names the line and column in the user’s own source', async () => {
    const error = await failure(() => FilterScript.compile("function (m) {\n  return m.body.text ===\n}"));
    expect(error.kind).toBe('syntax');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/syntax error \(line 3, column 1\)/);
  });

  it('a runtime error names the message it happened on', async () => {
    const filter = await FilterScript.compile('(m) => m.body.json.kind.length > 0');
    const error = await failure(() => filter.matchBatch(messages));
    expect(error.kind).toBe('runtime');
    expect(error.message).toMatch(/TypeError: cannot read property 'kind' of undefined \(line 1, column \d+\) \(on message 11\)/);
    filter.dispose();
  });

  it('batches many messages per call', async () => {
    const filter = await FilterScript.compile("headers.destination === '/queue/a'");
    const many = Array.from({ length: 5000 }, (_, i) => message(`m${i}`, [['destination', i % 2 ? '/queue/a' : '/queue/b']], i));
    const result = filter.matchBatch(many);
    expect(result.filter(Boolean)).toHaveLength(2500);
    expect(filter.stats.messages).toBe(5000);
    expect(filter.stats.calls).toBeLessThan(5000 / 10);
    filter.dispose();
  });
});

describe('payload scripts', () => {
  const context = { count: 3, destination: '/queue/p' };

  it('build bodies and headers from the counter, as text, bytes or JSON', async () => {
    const script = await PayloadScript.compile("(i, ctx) => i === 0 ? `order ${i} of ${ctx.count} to ${ctx.destination}` : i === 1 ? { body: new Uint8Array([0, 255, i]), headers: { 'x-i': i } } : { body: { n: i, at: typeof ctx.now }, headers: [['a', '1'], ['a', '2']] }");
    const built = script.build(0, 3, context);
    expect(new TextDecoder().decode(built[0].body)).toBe('order 0 of 3 to /queue/p');
    expect(Array.from(built[1].body)).toEqual([0, 255, 1]);
    expect(built[1].headers).toEqual([['x-i', '1']]);
    expect(JSON.parse(new TextDecoder().decode(built[2].body))).toEqual({ n: 2, at: 'number' });
    expect(built[2].headers).toEqual([['a', '1'], ['a', '2']]);
    expect(script.build(10, 2, context).map((m) => new TextDecoder().decode(m.body))).toEqual(['{}', '{}'].map(() => expect.any(String)));
    script.dispose();
  });

  it('an expression is a payload too (i and ctx in scope)', async () => {
    const script = await PayloadScript.compile('({ body: "n=" + i })');
    expect(new TextDecoder().decode(script.build(5, 1, context)[0].body)).toBe('n=5');
    script.dispose();
  });

  it('refuses headers the send sets, wrong shapes, and names the message', async () => {
    const reserved = await PayloadScript.compile("(i) => ({ body: 'x', headers: { 'content-length': '1' } })");
    expect((await failure(() => reserved.build(0, 1, context))).message).toMatch(/message 0: the header content-length is set by the send itself/);
    const wrong = await PayloadScript.compile('(i) => i === 2 ? 42 : "ok"');
    expect((await failure(() => wrong.build(0, 3, context))).message).toMatch(/message 2: return \{ body, headers \} or a string, not number/);
    const loop = await PayloadScript.compile('(i) => { while (true) {} }', { timeMs: 100 });
    expect((await failure(() => loop.build(7, 1, context))).message).toMatch(/ran longer than its 100 ms limit.*building messages 7–7/);
    for (const s of [reserved, wrong, loop]) s.dispose();
  });
});
