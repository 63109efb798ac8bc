/**
 * The renderer's bridges: the WebSocket one against the real loopback server (fake host), the
 * IPC one over a fake preload, and the choice between them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { API_VERSION, ApiError, type EventEnvelope, type ResponseEnvelope, type ValidRequest } from '../../src-core/api';
import { handleRawRequest } from '../../src-main/bridge-handler';
import type { Host, HostEventListener } from '../../src-main/host/host-api';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { BridgeError, createBridge, IpcBridge, WsBridge, type Bridge, type BridgeState, type PreloadApi, type WebSocketLike } from '../../src-renderer/src/bridge';

function fakeHost() {
  const calls: ValidRequest[] = [];
  const listeners = new Set<HostEventListener>();
  let gate: Promise<void> | undefined;
  const host: Host = {
    mode: 'web',
    async handle(request) {
      calls.push(request);
      if (request.method === 'profiles.delete') throw new ApiError('not-found', 'no such profile', { id: 'x' });
      if (request.method === 'templates.list') await gate;
      if (request.method === 'profiles.list') return { profiles: [] };
      return { ok: true };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {},
  };
  return {
    host,
    calls,
    emit: (e: EventEnvelope) => listeners.forEach((l) => l(e)),
    hold: () => {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return release;
    },
  };
}

let rendererDir: string;
const servers: WebServer[] = [];
const bridges: Bridge[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'stomp-explorer-bridge-'));
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));
afterEach(async () => {
  for (const b of bridges.splice(0)) b.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(fake = fakeHost(), options: { port?: number; token?: string } = {}) {
  const server = await startWebServer({ host: fake.host, rendererDir, log: () => undefined, ...options });
  servers.push(server);
  return { ...fake, server };
}

function wsBridge(server: WebServer, extra: Partial<ConstructorParameters<typeof WsBridge>[0]> = {}): WsBridge {
  const bridge = new WsBridge({
    url: `ws://127.0.0.1:${server.port}/api?token=${server.token}`,
    createSocket: (url) => new WebSocket(url, { origin: `http://127.0.0.1:${server.port}` }) as unknown as WebSocketLike,
    backoff: { initialMs: 20, maxMs: 100 },
    ...extra,
  });
  bridges.push(bridge);
  return bridge;
}

function waitForState(bridge: Bridge, status: BridgeState['status']): Promise<BridgeState> {
  if (bridge.state.status === status) return Promise.resolve(bridge.state);
  return new Promise((resolve) => {
    const off = bridge.onState((state) => {
      if (state.status === status) {
        off();
        resolve(state);
      }
    });
  });
}

describe('WsBridge against the loopback server', () => {
  it('shakes hands, then runs typed requests', async () => {
    const { server, calls } = await serve();
    const bridge = wsBridge(server);
    expect(bridge.kind).toBe('web');
    expect(await bridge.ready()).toMatchObject({ apiVersion: API_VERSION, mode: 'web' });
    expect(bridge.state.status).toBe('open');
    const { profiles } = await bridge.request('profiles.list');
    expect(profiles).toEqual([]);
    expect(calls.map((c) => c.method)).toEqual(['profiles.list']);
  });

  it("throws the host's typed error as a BridgeError", async () => {
    const { server } = await serve();
    const bridge = wsBridge(server);
    const error = await bridge.request('profiles.delete', { id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: 'not-found', message: 'no such profile', details: { id: 'x' } });
    await expect(bridge.request('profiles.create', { profile: { name: '', uri: '' } })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('delivers events to on(name) and onEvent listeners', async () => {
    const { server, emit } = await serve();
    const bridge = wsBridge(server);
    await bridge.ready();
    const got = new Promise((resolve) => bridge.on('receipts.changed', resolve));
    const all: EventEnvelope[] = [];
    bridge.onEvent((e) => all.push(e));
    emit({ kind: 'event', event: 'receipts.changed', payload: { connectionId: 'c7' } });
    expect(await got).toEqual({ connectionId: 'c7' });
    expect(all).toHaveLength(1);
  });

  it('refuses a request over the size limit locally with too-large', async () => {
    const { server, calls } = await serve();
    const bridge = wsBridge(server, { maxMessageBytes: 2000 });
    await bridge.ready();
    await expect(bridge.request('captures.import', { ndjson: 'x'.repeat(3000) })).rejects.toMatchObject({ code: 'too-large' });
    expect(calls).toEqual([]);
  });

  it('fails in-flight requests as disconnected, reconnects with back-off, and sends requests queued meanwhile', async () => {
    const fake = fakeHost();
    const { server } = await serve(fake);
    const bridge = wsBridge(server);
    await bridge.ready();
    const states: string[] = [];
    bridge.onState((s) => states.push(s.status));

    fake.hold(); // templates.list now hangs in the host
    const inFlight = bridge.request('templates.list');
    await vi.waitFor(() => expect(fake.calls.map((c) => c.method)).toContain('templates.list'));
    const { port, token } = server;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await expect(inFlight).rejects.toMatchObject({ code: 'disconnected' });
    await waitForState(bridge, 'reconnecting');
    expect(bridge.state.attempt).toBeGreaterThanOrEqual(1);

    const queued = bridge.request('profiles.list');
    const again = fakeHost();
    await serve(again, { port, token });
    expect(await queued).toEqual({ profiles: [] });
    expect(bridge.state.status).toBe('open');
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('open');
    expect(again.calls.map((c) => c.method)).toEqual(['profiles.list']);
  });

  it('explains, after a few failed attempts, that the host is down or the token is wrong', async () => {
    const { server } = await serve();
    const bridge = wsBridge(server, { url: `ws://127.0.0.1:${server.port}/api?token=${'A'.repeat(43)}` });
    const state = await new Promise<BridgeState>((resolve) => {
      bridge.onState((s) => {
        if ((s.attempt ?? 0) >= 3) resolve(s);
      });
    });
    expect(state.status).toBe('connecting');
    expect(state.error?.message).toMatch(/not running, or this page was opened without its access token/);
  });
});

/** A scripted socket: answers requests with `answer`, never opens if told so. */
function fakeSocketFactory(answer: (request: { id: number; method: string; params: unknown }) => ResponseEnvelope | undefined) {
  const sent: string[] = [];
  const factory = (): WebSocketLike => {
    const socket: WebSocketLike = {
      readyState: 0,
      onopen: null,
      onmessage: null,
      onclose: null,
      onerror: null,
      send(text: string) {
        sent.push(text);
        const request = JSON.parse(text) as { id: number; method: string; params: unknown };
        const response = answer(request);
        if (response) setTimeout(() => socket.onmessage?.({ data: JSON.stringify(response) }), 0);
      },
      close() {
        (socket as { readyState: number }).readyState = 3;
        setTimeout(() => socket.onclose?.({ code: 1000, reason: '' }), 0);
      },
    };
    setTimeout(() => {
      (socket as { readyState: number }).readyState = 1;
      socket.onopen?.({});
    }, 0);
    return socket;
  };
  return { factory, sent };
}

const hello = (id: number): ResponseEnvelope => ({ kind: 'response', id, ok: true, result: { apiVersion: API_VERSION, mode: 'web', hostVersion: 't' } });

describe('WsBridge handshake and timeouts', () => {
  it('refuses a host of another API version for good, with a clear message', async () => {
    const { factory } = fakeSocketFactory((r) => (r.method === 'app.hello' ? { kind: 'response', id: r.id, ok: true, result: { apiVersion: API_VERSION + 1, mode: 'web', hostVersion: '2.0.0' } } : undefined));
    const bridge = new WsBridge({ url: 'ws://x/api?token=t', createSocket: factory });
    bridges.push(bridge);
    const error = await bridge.ready().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'version-mismatch' });
    expect((error as Error).message).toContain(`API version ${API_VERSION}`);
    expect((error as Error).message).toContain(`version ${API_VERSION + 1}`);
    expect(bridge.state).toMatchObject({ status: 'closed', error: { code: 'version-mismatch' } });
    await expect(bridge.request('profiles.list')).rejects.toMatchObject({ code: 'version-mismatch' });
  });

  it("closes for good when the host refuses the handshake (the host's version-mismatch)", async () => {
    // What a host of another build answers, produced by the real handler.
    const refusal = await handleRawRequest(fakeHost().host, JSON.stringify({ kind: 'request', id: 1, method: 'app.hello', params: { apiVersion: API_VERSION + 1 } }));
    const scripted = fakeSocketFactory((r) => ({ ...refusal, id: r.id }));
    const bridge = new WsBridge({ url: 'ws://x/api?token=t', createSocket: scripted.factory });
    bridges.push(bridge);
    await expect(bridge.ready()).rejects.toMatchObject({ code: 'version-mismatch' });
    expect(bridge.state.status).toBe('closed');
    expect(scripted.sent).toHaveLength(1);
  });

  it('times a request out when the host never answers', async () => {
    const { factory } = fakeSocketFactory((r) => (r.method === 'app.hello' ? hello(r.id) : undefined));
    const bridge = new WsBridge({ url: 'ws://x/api?token=t', createSocket: factory });
    bridges.push(bridge);
    await bridge.ready();
    await expect(bridge.request('profiles.list', {}, { timeoutMs: 50 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('writes envelopes with kind and id first (the host reads the id of an over-long message)', async () => {
    const { factory, sent } = fakeSocketFactory((r) => (r.method === 'app.hello' ? hello(r.id) : { kind: 'response', id: r.id, ok: true, result: { profiles: [] } }));
    const bridge = new WsBridge({ url: 'ws://x/api?token=t', createSocket: factory });
    bridges.push(bridge);
    await bridge.request('profiles.list');
    expect(sent[0]).toMatch(/^\{"kind":"request","id":\d+,"method":"app\.hello"/);
    expect(JSON.parse(sent[0]!).params).toEqual({ apiVersion: API_VERSION, client: 'stomp-explorer-ui' });
    expect(sent[1]).toMatch(/^\{"kind":"request","id":\d+,"method":"profiles\.list","params":\{\}\}$/);
  });
});

function fakePreload(answer: (method: string, params: unknown) => ResponseEnvelope, apiVersion = API_VERSION) {
  const listeners = new Set<(e: EventEnvelope) => void>();
  const api: PreloadApi = {
    apiVersion,
    request: vi.fn(async (method: string, params?: unknown) => answer(method, params)),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, emit: (e: EventEnvelope) => listeners.forEach((l) => l(e)) };
}

describe('IpcBridge over the preload', () => {
  it('shakes hands, runs requests, throws typed errors and delivers events', async () => {
    const { api, emit } = fakePreload((method) => {
      if (method === 'app.hello') return hello(0);
      if (method === 'profiles.delete') return { kind: 'response', id: 0, ok: false, error: { code: 'not-found', message: 'gone' } };
      return { kind: 'response', id: 0, ok: true, result: { profiles: [] } };
    });
    const bridge = new IpcBridge(api);
    bridges.push(bridge);
    expect(bridge.kind).toBe('electron');
    expect(await bridge.ready()).toMatchObject({ mode: 'web', hostVersion: 't' });
    expect(await bridge.request('profiles.list')).toEqual({ profiles: [] });
    await expect(bridge.request('profiles.delete', { id: 'p' })).rejects.toMatchObject({ code: 'not-found', message: 'gone' });
    expect(api.request).toHaveBeenCalledWith('app.hello', { apiVersion: API_VERSION, client: 'stomp-explorer-ui' });
    const got = new Promise((resolve) => bridge.on('connection.removed', resolve));
    emit({ kind: 'event', event: 'connection.removed', payload: { connectionId: 'c1' } });
    expect(await got).toEqual({ connectionId: 'c1' });
  });

  it('refuses a preload of another API version before asking the host', async () => {
    const { api } = fakePreload(() => hello(0), API_VERSION + 1);
    const bridge = new IpcBridge(api);
    await expect(bridge.ready()).rejects.toMatchObject({ code: 'version-mismatch' });
    await expect(bridge.request('profiles.list')).rejects.toMatchObject({ code: 'version-mismatch' });
    expect(api.request).not.toHaveBeenCalled();
    expect(bridge.state.status).toBe('closed');
  });

  it('times out a request the host does not answer', async () => {
    const api: PreloadApi = {
      apiVersion: API_VERSION,
      request: (method) => (method === 'app.hello' ? Promise.resolve(hello(0)) : new Promise(() => undefined)),
      onEvent: () => () => undefined,
    };
    const bridge = new IpcBridge(api);
    await expect(bridge.request('profiles.list', {}, { timeoutMs: 30 })).rejects.toMatchObject({ code: 'timeout' });
  });
});

describe('createBridge', () => {
  it('uses the preload when there is one', () => {
    const { api } = fakePreload(() => hello(0));
    const bridge = createBridge({ preload: api });
    bridges.push(bridge);
    expect(bridge).toBeInstanceOf(IpcBridge);
  });

  it('takes the token from #token=, keeps it for reloads, removes it from the address, and connects to /api', async () => {
    const { server } = await serve();
    const stored = new Map<string, string>();
    const replaceState = vi.fn();
    const env = {
      location: { protocol: 'http:', host: `127.0.0.1:${server.port}`, pathname: '/', search: '', hash: `#token=${server.token}&view=x` },
      history: { replaceState },
      sessionStorage: { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) },
    };
    const urls: string[] = [];
    const bridge = createBridge(env, {
      createSocket: (url) => {
        urls.push(url);
        return new WebSocket(url, { origin: `http://127.0.0.1:${server.port}` }) as unknown as WebSocketLike;
      },
    });
    bridges.push(bridge);
    await bridge.ready();
    expect(urls).toEqual([`ws://127.0.0.1:${server.port}/api?token=${server.token}`]);
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#view=x');
    expect(stored.get('stomp-explorer.token')).toBe(server.token);

    // A reload: no fragment any more, the tab's stored token is used.
    const reloaded = createBridge({ ...env, location: { ...env.location, hash: '' } }, {
      createSocket: (url) => new WebSocket(url, { origin: `http://127.0.0.1:${server.port}` }) as unknown as WebSocketLike,
    });
    bridges.push(reloaded);
    expect(await reloaded.ready()).toMatchObject({ mode: 'web' });
  });

  it('without a token, fails every call with unauthorized and says where to find the address', async () => {
    const bridge = createBridge({ location: { protocol: 'http:', host: '127.0.0.1:1', pathname: '/', search: '', hash: '' } });
    expect(bridge.state).toMatchObject({ status: 'closed', error: { code: 'unauthorized' } });
    await expect(bridge.ready()).rejects.toThrow(/#token=/);
    await expect(bridge.request('profiles.list')).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
