/**
 * The IPC bridge: requests answered only for our window's own page, validated before the host sees
 * them; events forwarded to the window. And the preload: exactly the narrow API, nothing of
 * ipcRenderer, wired end to end to the main side and to the renderer's IpcBridge.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_VERSION, ApiError, type EventEnvelope, type ValidRequest } from '../../src-core/api';
import { APP_INDEX_URL } from '../../src-main/electron/app-protocol';
import { EVENT_CHANNEL, EXPOSED_API_NAME, REQUEST_CHANNEL } from '../../src-main/electron/channels';
import { registerIpc, senderRefusal } from '../../src-main/electron/ipc';
import { trustedUrlPolicy } from '../../src-main/electron/security';
import type { Host, HostEventListener } from '../../src-main/host/host-api';
import { IpcBridge, type PreloadApi } from '../../src-renderer/src/bridge';

// The preload's electron: contextBridge and ipcRenderer, recorded.
const electron = vi.hoisted(() => ({
  exposed: [] as [string, unknown][],
  rendererListeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  invoke: undefined as undefined | ((channel: string, ...args: unknown[]) => Promise<unknown>),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => electron.exposed.push([name, api]) },
  ipcRenderer: {
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => electron.rendererListeners.set(channel, listener),
    invoke: (channel: string, ...args: unknown[]) => electron.invoke!(channel, ...args),
  },
}));

function fakeHost() {
  const calls: ValidRequest[] = [];
  const listeners = new Set<HostEventListener>();
  const host: Host = {
    mode: 'electron',
    async handle(request) {
      calls.push(request);
      if (request.method === 'profiles.delete') throw new ApiError('not-found', 'no such profile');
      return { profiles: [] };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {},
  };
  return { host, calls, listeners, emit: (e: EventEnvelope) => listeners.forEach((l) => l(e)) };
}

function fakeWindow(url = APP_INDEX_URL) {
  const webContents = { id: 1, send: vi.fn(), isDestroyed: () => false, getURL: () => url };
  let destroyed = false;
  const window = { webContents, isDestroyed: () => destroyed };
  return Object.assign(window as unknown as BrowserWindow, { send: webContents.send, destroy: () => void (destroyed = true) });
}

function setup(options: { devOrigin?: string; window?: ReturnType<typeof fakeWindow> } = {}) {
  const fake = fakeHost();
  const window = options.window ?? fakeWindow();
  let handler: ((event: IpcMainInvokeEvent, raw: unknown) => Promise<string>) | undefined;
  const ipcMain = {
    handle: vi.fn((channel: string, h: typeof handler) => {
      expect(channel).toBe(REQUEST_CHANNEL);
      handler = h;
    }),
    removeHandler: vi.fn(),
  };
  const log = vi.fn();
  const undo = registerIpc({ ipcMain, host: fake.host, getWindow: () => window, isTrustedUrl: trustedUrlPolicy(options.devOrigin), hostVersion: '1.2.3', log });
  const trusted = { sender: window.webContents, senderFrame: { url: APP_INDEX_URL, parent: null } } as unknown as IpcMainInvokeEvent;
  const call = async (event: IpcMainInvokeEvent, raw: unknown) => JSON.parse(await handler!(event, raw)) as Record<string, unknown>;
  return { ...fake, window, ipcMain, undo, trusted, call, log };
}

const request = (id: number, method: string, params: unknown = {}) => JSON.stringify({ kind: 'request', id, method, params });

describe('the IPC request handler', () => {
  it("answers our window's own page through the shared handler", async () => {
    const { call, trusted, calls } = setup();
    expect(await call(trusted, request(1, 'profiles.list'))).toEqual({ kind: 'response', id: 1, ok: true, result: { profiles: [] } });
    expect(await call(trusted, request(2, 'app.hello', { apiVersion: API_VERSION }))).toMatchObject({ ok: true, result: { mode: 'electron', hostVersion: '1.2.3' } });
    expect(await call(trusted, request(3, 'profiles.delete', { id: 'x' }))).toMatchObject({ id: 3, ok: false, error: { code: 'not-found' } });
    expect(calls.map((c) => c.method)).toEqual(['profiles.list', 'profiles.delete']);
  });

  it('refuses a foreign sender with unauthorized, and the host never sees it', async () => {
    const { call, trusted, calls, window, log } = setup();
    const frame = (url: string, parent: unknown = null) => ({ url, parent });
    const foreign: [string, IpcMainInvokeEvent][] = [
      ['another web contents', { sender: { id: 2 }, senderFrame: frame(APP_INDEX_URL) } as unknown as IpcMainInvokeEvent],
      ['a remote page', { ...trusted, senderFrame: frame('https://evil.example/') } as IpcMainInvokeEvent],
      ['a file:// page', { ...trusted, senderFrame: frame('file:///home/u/evil.html') } as IpcMainInvokeEvent],
      ['another app:// host', { ...trusted, senderFrame: frame('app://evil/index.html') } as IpcMainInvokeEvent],
      ['a sub-frame', { ...trusted, senderFrame: frame(APP_INDEX_URL, { url: APP_INDEX_URL }) } as IpcMainInvokeEvent],
      ['a gone frame', { ...trusted, senderFrame: null } as unknown as IpcMainInvokeEvent],
      ['the dev server when packaged', { ...trusted, senderFrame: frame('http://localhost:5173/') } as IpcMainInvokeEvent],
    ];
    for (const [what, event] of foreign) {
      expect(await call(event, request(9, 'profiles.list')), what).toMatchObject({ id: 9, ok: false, error: { code: 'unauthorized' } });
    }
    window.destroy();
    expect(await call(trusted, request(10, 'profiles.list'))).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
    expect(log).toHaveBeenCalledTimes(foreign.length + 1);
  });

  it('accepts the dev server only when it is the configured development origin', async () => {
    const { call, trusted } = setup({ devOrigin: 'http://localhost:5173' });
    const dev = { ...trusted, senderFrame: { url: 'http://localhost:5173/index.html', parent: null } } as unknown as IpcMainInvokeEvent;
    expect(await call(dev, request(1, 'profiles.list'))).toMatchObject({ ok: true });
    expect(senderRefusal({ ...dev, senderFrame: { url: 'http://localhost:5174/', parent: null } } as unknown as IpcMainInvokeEvent, fakeWindow(), trustedUrlPolicy('http://localhost:5173'))).toBeDefined();
  });

  it('answers an invalid request with a typed error; the host never sees it', async () => {
    const { call, trusted, calls } = setup();
    expect(await call(trusted, '{"kind":"request","id":4,')).toMatchObject({ id: 4, ok: false, error: { code: 'invalid-request' } });
    expect(await call(trusted, request(5, 'profiles.create', { profile: {} }))).toMatchObject({ id: 5, ok: false, error: { code: 'invalid-request' } });
    expect(await call(trusted, request(6, 'shell.openExternal', { url: 'x' }))).toMatchObject({ id: 6, ok: false, error: { code: 'unknown-method' } });
    expect(await call(trusted, { kind: 'request', id: 7, method: 'profiles.list', params: { x: 1 } })).toMatchObject({ id: 7, ok: false, error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });

  it("forwards host events to the window as JSON, only while it shows the app's page", () => {
    const { emit, window } = setup();
    const event: EventEnvelope = { kind: 'event', event: 'receipts.changed', payload: { connectionId: 'c1' } };
    emit(event);
    expect(window.send).toHaveBeenCalledWith(EVENT_CHANNEL, JSON.stringify(event));

    const elsewhere = setup({ window: fakeWindow('https://evil.example/') });
    elsewhere.emit(event);
    expect(elsewhere.window.send).not.toHaveBeenCalled();

    window.destroy();
    window.send.mockClear();
    emit(event);
    expect(window.send).not.toHaveBeenCalled();
  });

  it('unregisters the handler and the event subscription', () => {
    const { undo, ipcMain, listeners } = setup();
    expect(listeners.size).toBe(1);
    undo();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(REQUEST_CHANNEL);
    expect(listeners.size).toBe(0);
  });
});

describe('the preload', () => {
  let api: PreloadApi;
  let main: ReturnType<typeof setup>;

  beforeEach(async () => {
    vi.resetModules();
    electron.exposed.length = 0;
    electron.rendererListeners.clear();
    main = setup();
    // ipcRenderer.invoke reaches the main side's handler as our window's page.
    electron.invoke = async (channel, raw) => {
      expect(channel).toBe(REQUEST_CHANNEL);
      return JSON.stringify(await main.call(main.trusted, raw));
    };
    // webContents.send reaches ipcRenderer's listener.
    main.window.send.mockImplementation((channel: string, ...args: unknown[]) => electron.rendererListeners.get(channel)?.({ sender: null }, ...args));
    await import('../../src-main/electron/preload');
    api = electron.exposed[0]![1] as PreloadApi;
  });

  it('exposes exactly { apiVersion, request, onEvent } as window.stompExplorer, frozen, and nothing else', () => {
    expect(electron.exposed.map(([name]) => name)).toEqual([EXPOSED_API_NAME]);
    expect(EXPOSED_API_NAME).toBe('stompExplorer');
    expect(Object.keys(api).sort()).toEqual(['apiVersion', 'onEvent', 'request']);
    expect(api.apiVersion).toBe(API_VERSION);
    expect(typeof api.request).toBe('function');
    expect(typeof api.onEvent).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect([...electron.rendererListeners.keys()]).toEqual([EVENT_CHANNEL]);
  });

  it('imports nothing at run time but electron, the API version and the channel names (sandboxed CommonJS)', () => {
    const source = readFileSync(resolve(import.meta.dirname, '../../src-main/electron/preload.ts'), 'utf8');
    const runtimeImports = [...source.matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(runtimeImports).toEqual(['electron', '../../src-core/api/api-version', './channels']);
  });

  it('sends requests as JSON envelopes and resolves with the response envelope', async () => {
    expect(await api.request('profiles.list', {})).toMatchObject({ kind: 'response', ok: true, result: { profiles: [] } });
    expect(await api.request('profiles.list')).toMatchObject({ ok: true });
    expect(await api.request('profiles.delete', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await api.request('nope', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(api.request(42 as unknown as string, {})).rejects.toThrow(TypeError);
    expect(main.calls.map((c) => c.method)).toEqual(['profiles.list', 'profiles.list', 'profiles.delete']);
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const got: EventEnvelope[] = [];
    const off = api.onEvent((e) => got.push(e));
    const event: EventEnvelope = { kind: 'event', event: 'connection.removed', payload: { connectionId: 'c1' } };
    main.emit(event);
    off();
    main.emit(event);
    expect(got).toEqual([event]);
    expect(() => api.onEvent('x' as unknown as () => void)).toThrow(TypeError);
  });

  it("carries the renderer's IpcBridge end to end: handshake, typed results, typed errors, events", async () => {
    const bridge = new IpcBridge(api);
    expect(await bridge.ready()).toEqual({ apiVersion: API_VERSION, mode: 'electron', hostVersion: '1.2.3' });
    expect(await bridge.request('profiles.list')).toEqual({ profiles: [] });
    await expect(bridge.request('profiles.delete', { id: 'x' })).rejects.toMatchObject({ name: 'BridgeError', code: 'not-found' });
    const got = new Promise((r) => bridge.on('receipts.changed', r));
    main.emit({ kind: 'event', event: 'receipts.changed', payload: { connectionId: 'c9' } });
    expect(await got).toEqual({ connectionId: 'c9' });
    bridge.close();
  });
});
