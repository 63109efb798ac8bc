/**
 * Browser mode's server against a fake host: the renderer's files with a strict CSP and nothing
 * else, and the WebSocket API only with the token, from the app's own origin.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ApiError, type EventEnvelope, type ValidRequest } from '../../src-core/api';
import type { Host, HostEventListener } from '../../src-main/host/host-api';
import { generateToken, OVERSIZE_HEADROOM_BYTES, startWebServer, type WebServer } from '../../src-main/web/web-server';

function fakeHost() {
  const calls: ValidRequest[] = [];
  const listeners = new Set<HostEventListener>();
  const host: Host = {
    mode: 'web',
    async handle(request) {
      calls.push(request);
      if (request.method === 'profiles.delete') throw new ApiError('not-found', 'no such profile');
      if (request.method === 'profiles.list') return { profiles: [] };
      return { ok: true };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {},
  };
  return { host, calls, listeners, emit: (e: EventEnvelope) => listeners.forEach((l) => l(e)) };
}

let root: string;
let rendererDir: string;
const servers: WebServer[] = [];
const sockets: WebSocket[] = [];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'stomp-explorer-web-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>STOMP Explorer</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(rendererDir, '.env'), 'SECRET=1');
  writeFileSync(join(root, 'secret.txt'), 'TOP SECRET');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: { maxMessageBytes?: number; token?: string; port?: number } = {}) {
  const fake = fakeHost();
  const logged: string[] = [];
  const server = await startWebServer({ host: fake.host, rendererDir, log: (message) => logged.push(message), ...options });
  servers.push(server);
  return { ...fake, server, logged };
}

/** A raw HTTP request: the path is sent exactly as given (no URL normalisation). */
function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(url: string, options: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = protocols ? new WebSocket(url, protocols, options) : new WebSocket(url, options);
    sockets.push(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}

function refusal(url: string, options: WebSocket.ClientOptions = {}, protocols?: string[]): Promise<number> {
  return connect(url, options, protocols).then(
    () => {
      throw new Error('the connection was accepted');
    },
    (error: { status?: number }) => error.status ?? -1,
  );
}

function origin(server: WebServer): string {
  return `http://127.0.0.1:${server.port}`;
}

function apiUrl(server: WebServer, token = server.token): string {
  return `ws://127.0.0.1:${server.port}/api?token=${encodeURIComponent(token)}`;
}

function nextMessage(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

async function ask(ws: WebSocket, text: string): Promise<Record<string, unknown>> {
  const answer = nextMessage(ws);
  ws.send(text);
  return answer;
}

const request = (id: number, method: string, params: unknown = {}) => JSON.stringify({ kind: 'request', id, method, params });

describe('the web server over HTTP', () => {
  it('listens on 127.0.0.1 with a fresh 32-byte base64url token', async () => {
    const { server } = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.appUrl).toBe(`${server.url}#token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
    const other = await start();
    expect(other.server.token).not.toBe(server.token);
    await expect(startWebServer({ host: fakeHost().host, rendererDir, token: 'short' })).rejects.toThrow(/32 random bytes/);
  });

  it('serves index.html and assets with their content types, a strict CSP and nosniff', async () => {
    const { server } = await start();
    const index = await get(server.port, '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>STOMP Explorer</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['x-frame-options']).toBe('DENY');
    expect(index.headers['referrer-policy']).toBe('no-referrer');

    const js = await get(server.port, '/assets/app.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(csp);
    expect((await get(server.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(server.port, '/assets/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get(server.port, '/index.html?x=1')).status).toBe(200);
    const head = await get(server.port, '/', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('lists no directory, serves no dotfile, and answers unknown paths with 404', async () => {
    const { server } = await start();
    expect((await get(server.port, '/assets/')).status).toBe(404);
    expect((await get(server.port, '/assets')).status).toBe(404);
    expect((await get(server.port, '/.env')).status).toBe(404);
    expect((await get(server.port, '/nope.js')).status).toBe(404);
  });

  it('refuses path traversal in every spelling, and links out of the folder', async () => {
    const { server } = await start();
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%00',
      '/%',
      '//etc/passwd',
      '/assets/link.txt',
    ]) {
      const response = await get(server.port, path);
      expect([400, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain('TOP SECRET');
    }
  });

  it('refuses other methods, foreign Host names (DNS rebinding) and plain GETs of /api', async () => {
    const { server } = await start();
    const post = await get(server.port, '/', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await get(server.port, '/', { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await get(server.port, '/api')).status).toBe(426);
  });
});

describe('the WebSocket API', () => {
  it('refuses a connection without the token, with a wrong one, or on another path', async () => {
    const { server, calls, logged } = await start();
    expect(await refusal(`ws://127.0.0.1:${server.port}/api`, { origin: origin(server) })).toBe(401);
    expect(await refusal(apiUrl(server, generateToken()), { origin: origin(server) })).toBe(401);
    expect(await refusal(apiUrl(server, server.token.slice(0, -1)), { origin: origin(server) })).toBe(401);
    expect(await refusal(`ws://127.0.0.1:${server.port}/?token=${server.token}`, { origin: origin(server) })).toBe(404);
    expect(calls).toEqual([]);
    expect(logged).toContain('WebSocket refused (401): wrong token');
  });

  it('refuses foreign Origins and foreign Host names even with the token', async () => {
    const { server } = await start();
    expect(await refusal(apiUrl(server), { origin: 'http://evil.example' })).toBe(403);
    expect(await refusal(apiUrl(server), { origin: `http://127.0.0.1:${server.port + 1}` })).toBe(403);
    expect(await refusal(apiUrl(server), { origin: `https://127.0.0.1:${server.port}` })).toBe(403);
    expect(await refusal(apiUrl(server), { origin: 'null' })).toBe(403);
    expect(await refusal(apiUrl(server), { origin: origin(server), headers: { host: `attacker.example:${server.port}` } })).toBe(403);
  });

  it('accepts the token in the query from the app origin (127.0.0.1 or localhost), or as a subprotocol', async () => {
    const { server } = await start();
    await connect(apiUrl(server), { origin: origin(server) });
    await connect(apiUrl(server), { origin: `http://localhost:${server.port}` });
    const viaProtocol = await connect(`ws://127.0.0.1:${server.port}/api`, { origin: origin(server) }, ['stomp-explorer', `token.${server.token}`]);
    expect(viaProtocol.protocol).toBe('stomp-explorer');
    expect(await refusal(`ws://127.0.0.1:${server.port}/api`, { origin: origin(server) }, ['stomp-explorer', `token.${generateToken()}`])).toBe(401);
  });

  it('runs a request and answers under its id; the host error comes back typed', async () => {
    const { server, calls } = await start();
    const ws = await connect(apiUrl(server), { origin: origin(server) });
    expect(await ask(ws, request(1, 'profiles.list'))).toEqual({ kind: 'response', id: 1, ok: true, result: { profiles: [] } });
    expect(await ask(ws, request(2, 'profiles.delete', { id: 'x' }))).toEqual({
      kind: 'response',
      id: 2,
      ok: false,
      error: { code: 'not-found', message: 'no such profile' },
    });
    expect(await ask(ws, request(3, 'app.hello', { apiVersion: 1 }))).toMatchObject({ id: 3, ok: true, result: { mode: 'web' } });
    expect(calls.map((c) => c.method)).toEqual(['profiles.list', 'profiles.delete']);
  });

  it('answers bad JSON, invalid requests, binary and oversized messages with typed errors; the host never sees them', async () => {
    const { server, calls } = await start({ maxMessageBytes: 4096 });
    const ws = await connect(apiUrl(server), { origin: origin(server) });
    expect(await ask(ws, '{not json')).toMatchObject({ kind: 'response', id: -1, ok: false, error: { code: 'invalid-request' } });
    expect(await ask(ws, request(5, 'profiles.create', { profile: { name: 42 } }))).toMatchObject({ id: 5, ok: false, error: { code: 'invalid-request' } });
    expect(await ask(ws, request(6, 'no.such.method'))).toMatchObject({ id: 6, ok: false, error: { code: 'unknown-method' } });
    const binary = nextMessage(ws);
    ws.send(Buffer.from(request(7, 'profiles.list')));
    expect(await binary).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await ask(ws, request(8, 'captures.import', { ndjson: 'x'.repeat(10_000) }))).toMatchObject({ id: 8, ok: false, error: { code: 'too-large' } });
    // The socket survives all of that.
    expect(await ask(ws, request(9, 'profiles.list'))).toMatchObject({ id: 9, ok: true });
    expect(calls.map((c) => c.id)).toEqual([9]);
  });

  it('cuts a connection whose message is far beyond the limit (close 1009)', async () => {
    const { server, calls } = await start({ maxMessageBytes: 1024 });
    const ws = await connect(apiUrl(server), { origin: origin(server) });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(request(1, 'captures.import', { ndjson: 'x'.repeat(1024 + OVERSIZE_HEADROOM_BYTES) }));
    expect(await closed).toBe(1009);
    expect(calls).toEqual([]);
  });

  it('pushes host events to every connected client', async () => {
    const { server, emit } = await start();
    const a = await connect(apiUrl(server), { origin: origin(server) });
    const b = await connect(apiUrl(server), { origin: origin(server) });
    const event: EventEnvelope = { kind: 'event', event: 'receipts.changed', payload: { connectionId: 'c1' } };
    const got = Promise.all([nextMessage(a), nextMessage(b)]);
    emit(event);
    expect(await got).toEqual([event, event]);
  });

  it('closes its clients and stops listening on close(), leaving the host alone', async () => {
    const { server, listeners } = await start();
    const ws = await connect(apiUrl(server), { origin: origin(server) });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    expect(listeners.size).toBe(1);
    await server.close();
    expect(await closed).toBe(1001);
    expect(listeners.size).toBe(0);
    await expect(get(server.port, '/')).rejects.toThrow();
  });

  it('takes a fixed port and token when asked', async () => {
    const first = await start();
    const port = first.server.port;
    const token = generateToken();
    await first.server.close();
    const { server } = await start({ port, token });
    expect(server.port).toBe(port);
    expect(server.token).toBe(token);
    await connect(apiUrl(server), { origin: origin(server) });
  });
});
