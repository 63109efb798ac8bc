/**
 * Scripts through the contract: checking, previewing and sending with a payload script (a send
 * job like any other), `script:` filters in the capture search, and a hostile script that harms
 * neither the host nor the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let connectionId: string;

beforeAll(async () => {
  kit = await startHostKit();
  connectionId = (await kit.call('connections.open', { profileId: 'sandbox' })).connection.id;
});

afterAll(async () => {
  await kit?.close();
});

describe('scripts.check', () => {
  it('accepts good scripts and names what is wrong with bad ones', async () => {
    expect(await kit.call('scripts.check', { kind: 'filter', source: "headers.type === 'order'" })).toEqual({ ok: true });
    const syntax = await apiError(kit.call('scripts.check', { kind: 'payload', source: '(i) => {\n  return { body: ;\n}' }));
    expect(syntax).toMatchObject({ code: 'invalid-request', details: { kind: 'syntax', line: 2 } });
    expect(syntax.message).toMatch(/^payload script: syntax error \(line 2, column \d+\)/);
  });
});

describe('payload scripts', () => {
  const source = "(i, ctx) => ({ body: JSON.stringify({ n: i, of: ctx.count, to: ctx.destination }), headers: { 'content-type': 'application/json', 'x-n': i } })";

  it('preview the first messages, as they will be sent', async () => {
    const { messages } = await kit.call('scripts.preview', { source, destination: '/queue/p', count: 3, total: 500 });
    expect(messages.map((m) => JSON.parse(m.text!))).toEqual([0, 1, 2].map((n) => ({ n, of: 500, to: '/queue/p' })));
    expect(messages[2].headers).toEqual([['content-type', 'application/json'], ['x-n', '2']]);
    const binary = await kit.call('scripts.preview', { source: '() => ({ body: new Uint8Array([0, 255]) })', destination: '/queue/p', count: 1 });
    expect(binary.messages[0]).toMatchObject({ text: null, bodyBase64: 'AP8=', size: 2 });
  });

  it('send each message the script builds, confirmed by receipts', async () => {
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: '/queue/scripted' });
    const outcome = await kit.call('scripts.send', { connectionId, destination: '/queue/scripted', source, count: 250, receipt: true, headers: [['x-batch', 'b1']] });
    expect(outcome).toMatchObject({ total: 250, sent: 250, confirmed: 250, failed: 0, cancelled: false });
    const page = await waitFor(async () => {
      const p = await kit.call('messages.list', { captureId: subscription.captureId, limit: 300 });
      return p.total === 250 ? p : undefined;
    });
    const last = await kit.call('messages.get', { captureId: subscription.captureId, seq: page.items[249].seq });
    expect(JSON.parse(Buffer.from(last.message.bodyBase64, 'base64').toString())).toEqual({ n: 249, of: 250, to: '/queue/scripted' });
    expect(last.message.headers).toEqual(expect.arrayContaining([['x-batch', 'b1'], ['x-n', '249']]));

    // script: filters run over the capture, in batches, beside the other filter kinds.
    const filtered = await kit.call('messages.list', { captureId: subscription.captureId, filter: 'script: body.json.n % 50 === 0 && headers["x-batch"] === "b1"' });
    expect(filtered.total).toBe(5);
    const bad = await apiError(kit.call('messages.list', { captureId: subscription.captureId, filter: 'script: body.json.n.x.y' }));
    expect(bad).toMatchObject({ code: 'invalid-request' });
    expect(bad.message).toMatch(/script: TypeError: cannot read property 'y' of undefined .*\(on message \d+\)/);
  });

  it('a script that fails half-way stops the send and says why, after what it did send', async () => {
    const outcome = await kit.call('scripts.send', { connectionId, destination: '/queue/scripted-fail', source: '(i) => { if (i === 300) throw new Error("no more"); return "m" + i; }', count: 1000, receipt: true });
    expect(outcome.sent).toBe(256);
    expect(outcome.stoppedBecause).toMatch(/payload script: Error: no more .*\(building message 300\)/);
  });
});

describe('hostile scripts harm nothing', () => {
  it.each([
    ['an escape attempt', "this.constructor.constructor('return process')().exit(1)", /process is not available/],
    ['an endless loop', '() => { for (;;) {} }', /ran longer than its 1000 ms limit/],
    ['a huge allocation', "() => 'x'.repeat(2 ** 28)", /memory limit/],
  ])('%s fails with a clear error and the host answers the next request', async (_, source, message) => {
    const error = await apiError(kit.call('scripts.preview', { source, destination: '/queue/h', count: 1 }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(message);
    expect((await kit.call('connections.list', {})).connections.length).toBe(1);
    const ok = await kit.call('scripts.preview', { source: '"fine"', destination: '/queue/h', count: 1 });
    expect(ok.messages[0].text).toBe('fine');
  });
});
