/**
 * Browser mode bounds the bytes of requests in flight across connections (issue 10, point 5: six
 * concurrent 150 MB requests took the host from 639 MB to 1.8 GB): past the bound a request is
 * answered `busy` under its id without being parsed, small requests keep flowing while a large one
 * runs, and the budget comes back as answers go out. Refused WebSocket upgrades carry the same
 * security headers as every other answer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ValidRequest } from '../../src-core/api';
import type { Host } from '../../src-main/host/host-api';
import { InFlightBudget } from '../../src-main/web/in-flight-budget';
import { generateToken, MAX_IN_FLIGHT_BYTES, startWebServer, type WebServer } from '../../src-main/web/web-server';
import { MAX_MESSAGE_BYTES } from '../../src-core/api';

let rendererDir: string;
const servers: WebServer[] = [];
const sockets: WebSocket[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'stomp-explorer-in-flight-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A host whose templates.list waits until released, so a request stays in flight. */
function holdingHost() {
  const calls: ValidRequest[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const host: Host = {
    mode: 'web',
    async handle(request) {
      calls.push(request);
      if (request.method === 'templates.list') await gate;
      return { ok: true };
    },
    onEvent: () => () => undefined,
    async dispose() {},
  };
  return { host, calls, release };
}

async function start(host: Host, maxInFlightBytes?: number) {
  const server = await startWebServer({ host, rendererDir, log: () => undefined, ...(maxInFlightBytes === undefined ? {} : { maxInFlightBytes }) });
  servers.push(server);
  return server;
}

function connect(server: WebServer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** A request padded with trailing whitespace (still valid JSON) to `bytes` bytes. */
function padded(id: number, method: string, bytes: number): string {
  const text = JSON.stringify({ kind: 'request', id, method, params: {} });
  return text + ' '.repeat(Math.max(0, bytes - text.length));
}

function answerTo(ws: WebSocket, id: number): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.on('message', function onMessage(data) {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message);
    });
  });
}

describe('requests in flight, across connections', () => {
  it('past the bound, answers busy under the request id, unparsed; small requests still pass; the budget returns with the answers', async () => {
    const { host, calls, release } = holdingHost();
    const server = await start(host, 10_000);
    const [a, b] = await Promise.all([connect(server), connect(server)]);

    const big = answerTo(a, 1);
    a.send(padded(1, 'templates.list', 6_000)); // held by the host
    await expect.poll(() => calls.length).toBe(1);

    const refused = answerTo(b, 2);
    b.send(padded(2, 'profiles.list', 6_000));
    const busy = await refused;
    expect(busy).toMatchObject({ kind: 'response', id: 2, ok: false, error: { code: 'busy', details: { requestBytes: 6_000, inFlightBytes: 6_000, limitBytes: 10_000 } } });
    expect((busy.error as { message: string }).message).toMatch(/^STOMP Explorer is busy: .* Try again when they are done\.$/);

    const small = answerTo(b, 3);
    b.send(padded(3, 'profiles.list', 100));
    expect(await small).toMatchObject({ id: 3, ok: true });
    expect(calls.map((c) => c.id)).toEqual([1, 3]); // the busy one never reached the host

    release();
    expect(await big).toMatchObject({ id: 1, ok: true });
    const again = answerTo(b, 4);
    b.send(padded(4, 'profiles.list', 6_000));
    expect(await again).toMatchObject({ id: 4, ok: true });
  });

  it('by default takes one request at the size limit plus room for small ones', async () => {
    expect(MAX_IN_FLIGHT_BYTES).toBeGreaterThanOrEqual(MAX_MESSAGE_BYTES);
    expect(MAX_IN_FLIGHT_BYTES).toBeLessThan(2 * MAX_MESSAGE_BYTES);
    const budget = new InFlightBudget(100);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(50)).toBe(false);
    expect(budget.usedBytes).toBe(60);
    expect(budget.tryTake(40)).toBe(true);
    budget.release(60);
    budget.release(40);
    expect(budget.usedBytes).toBe(0);
    expect(() => new InFlightBudget(0)).toThrow(/positive number of bytes/);
  });
});

describe('refused WebSocket upgrades', () => {
  /** The raw answer to an upgrade request (status and headers), as a browser would get it. */
  function upgrade(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        path,
        headers: { host: `127.0.0.1:${port}`, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
      });
      req.on('response', (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
      req.on('upgrade', () => reject(new Error('the upgrade was accepted')));
      req.on('error', reject);
      req.end();
    });
  }

  it('carry the same security headers as every other answer (401, 403, 404)', async () => {
    const server = await start(holdingHost().host);
    const page = await fetch(`http://127.0.0.1:${server.port}/`);
    const security = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'permissions-policy', 'cache-control'];
    const expected = Object.fromEntries(security.map((name) => [name, page.headers.get(name)]));
    expect(expected['content-security-policy']).toContain("default-src 'none'");

    const origin = `http://127.0.0.1:${server.port}`;
    const refusals = [
      await upgrade(server.port, `/api?token=${generateToken()}`, { origin }),
      await upgrade(server.port, `/api?token=${server.token}`, { origin: 'http://evil.example' }),
      await upgrade(server.port, `/elsewhere?token=${server.token}`, { origin }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 403, 404]);
    for (const refusal of refusals) expect(Object.fromEntries(security.map((name) => [name, refusal.headers[name]]))).toEqual(expected);
  });
});
