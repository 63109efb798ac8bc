/**
 * The Electron app's lifecycle with a fake electron module: one instance, sandboxing and the app://
 * scheme before ready, the hardened session and window, the host created with safeStorage, the IPC
 * handler and menu, and a quit that waits for the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ValidRequest } from '../../src-core/api';
import { APP_INDEX_URL } from '../../src-main/electron/app-protocol';
import { REQUEST_CHANNEL } from '../../src-main/electron/channels';
import { startElectronApp, type HostFactory } from '../../src-main/electron/main';
import type { Host } from '../../src-main/host/host-api';
import { SafeStorageSecretStore } from '../../src-main/host/secrets';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  class Emitter {
    readonly listeners = new Map<string, Listener[]>();
    on(name: string, listener: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
      return this;
    }
    once(name: string, listener: Listener) {
      return this.on(name, listener);
    }
    emit(name: string, ...args: unknown[]) {
      for (const listener of this.listeners.get(name) ?? []) listener(...args);
    }
  }
  const state = {
    order: [] as string[],
    lock: true,
    isPackaged: false,
    ready: Promise.resolve() as Promise<void>,
    windows: [] as FakeWindow[],
    app: undefined as unknown as Emitter & Record<string, ReturnType<typeof vi.fn> | unknown>,
    session: {} as Record<string, unknown>,
    handlers: {} as Record<string, Listener>,
  };
  class FakeWebContents extends Emitter {
    id = 1;
    send = vi.fn();
    isDestroyed = () => false;
    getURL = () => APP_URL;
    setWindowOpenHandler = vi.fn();
  }
  const APP_URL = 'app://stomp-explorer/index.html';
  class FakeWindow extends Emitter {
    readonly webContents = new FakeWebContents();
    destroyed = false;
    minimized = false;
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    isMinimized = () => this.minimized;
    isDestroyed = () => this.destroyed;
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.order.push('new BrowserWindow');
      state.windows.push(this);
    }
  }
  const reset = () => {
    state.order = [];
    state.lock = true;
    state.isPackaged = false;
    state.windows = [];
    state.handlers = {};
    const app = new Emitter() as Emitter & Record<string, unknown>;
    // A getter (Object.assign would copy its value once).
    Object.defineProperty(app, 'isPackaged', { get: () => state.isPackaged });
    Object.assign(app, {
      enableSandbox: vi.fn(() => state.order.push('enableSandbox')),
      getPath: vi.fn((name: string) => `/fake/${name}`),
      setPath: vi.fn((name: string) => state.order.push(`setPath ${name}`)),
      requestSingleInstanceLock: vi.fn(() => {
        state.order.push('requestSingleInstanceLock');
        return state.lock;
      }),
      whenReady: vi.fn(() => {
        state.order.push('whenReady');
        return state.ready;
      }),
      quit: vi.fn(),
      exit: vi.fn(),
      getVersion: () => '0.1.0',
      getName: () => 'STOMP Explorer',
    });
    state.app = app as typeof state.app;
    const capture = (name: string) => (handler: Listener) => {
      state.handlers[name] = handler;
    };
    state.session = {
      setPermissionRequestHandler: capture('permissionRequest'),
      setPermissionCheckHandler: capture('permissionCheck'),
      setDevicePermissionHandler: capture('devicePermission'),
      setDisplayMediaRequestHandler: capture('displayMedia'),
      webRequest: { onBeforeRequest: capture('beforeRequest'), onHeadersReceived: capture('headersReceived') },
    };
  };
  reset();
  return { state, reset, FakeWindow };
});

vi.mock('electron', () => ({
  get app() {
    return fake.state.app;
  },
  BrowserWindow: fake.FakeWindow,
  protocol: {
    registerSchemesAsPrivileged: vi.fn(() => fake.state.order.push('registerSchemesAsPrivileged')),
    handle: vi.fn((scheme: string) => fake.state.order.push(`protocol.handle ${scheme}`)),
  },
  session: {
    get defaultSession() {
      return fake.state.session;
    },
  },
  ipcMain: {
    handle: vi.fn((channel: string) => fake.state.order.push(`ipcMain.handle ${channel}`)),
    removeHandler: vi.fn(),
  },
  Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn(() => fake.state.order.push('setApplicationMenu')) },
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })), showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  safeStorage: { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() },
}));

const electron = await import('electron');
const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-electron-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** Each test has a data folder of its own: every app started here keeps the folder's lock. */
let dataDir = '';

function fakeHost() {
  const calls: ValidRequest[] = [];
  const host: Host & { disposed: number } = {
    mode: 'electron',
    disposed: 0,
    async handle(request) {
      calls.push(request);
      return {};
    },
    onEvent: () => () => undefined,
    async dispose() {
      host.disposed++;
    },
  };
  const factory = vi.fn<HostFactory>(async () => host);
  return { host, factory, calls };
}

const log = vi.fn();

beforeEach(() => {
  fake.reset();
  vi.clearAllMocks();
  dataDir = mkdtempSync(join(scratch, 'data-'));
  process.env.STOMP_EXPLORER_DATA_DIR = dataDir;
  delete process.env.ELECTRON_RENDERER_URL;
});
afterEach(() => {
  delete process.env.STOMP_EXPLORER_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
});

function appHandler(name: string) {
  const listeners = fake.state.app.listeners.get(name);
  expect(listeners, name).toBeDefined();
  return listeners![0]!;
}

describe('the Electron app', () => {
  it('does before ready what must be: sandbox everywhere, the app:// scheme, its folders, the single-instance lock', async () => {
    const { factory } = fakeHost();
    const started = startElectronApp({ mainDir: '/app/out/main', createHost: factory, log });
    await started.ready;
    const before = fake.state.order.slice(0, fake.state.order.indexOf('whenReady'));
    expect(before).toEqual(['registerSchemesAsPrivileged', 'enableSandbox', 'setPath userData', 'requestSingleInstanceLock']);
    expect(electron.app.setPath).toHaveBeenCalledWith('userData', join(dataDir, 'electron'));
    expect(started.primary).toBe(true);
  });

  it('hardens the session, serves app://, creates the host with safeStorage, registers IPC and the menu, then opens one secure window', async () => {
    const { factory } = fakeHost();
    const started = startElectronApp({ mainDir: '/app/out/main', createHost: factory, log });
    await started.ready;
    const after = fake.state.order.slice(fake.state.order.indexOf('whenReady') + 1);
    expect(after).toEqual(['protocol.handle app', `ipcMain.handle ${REQUEST_CHANNEL}`, 'setApplicationMenu', 'new BrowserWindow']);
    expect(Object.keys(fake.state.handlers).sort()).toEqual(['beforeRequest', 'devicePermission', 'displayMedia', 'headersReceived', 'permissionCheck', 'permissionRequest']);

    expect(factory).toHaveBeenCalledOnce();
    const options = factory.mock.calls[0]![0];
    expect(options).toMatchObject({ dataDir, mode: 'electron', hostVersion: '0.1.0' });
    expect(options.secretStore).toBeInstanceOf(SafeStorageSecretStore);

    const [window] = fake.state.windows;
    expect(fake.state.windows).toHaveLength(1);
    expect(window!.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: true, // not packaged
    });
    expect(window!.loadURL).toHaveBeenCalledWith(APP_INDEX_URL);
    expect(started.getWindow()).toBe(window);
    window!.emit('ready-to-show');
    expect(window!.show).toHaveBeenCalled();
  });

  it('is a single instance: a second one quits at once, without host or window', async () => {
    fake.state.lock = false;
    const { factory } = fakeHost();
    const started = startElectronApp({ mainDir: '/app/out/main', createHost: factory, log });
    await started.ready;
    expect(started.primary).toBe(false);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(factory).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('brings its window back when a second instance starts', async () => {
    const { factory } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    const [window] = fake.state.windows;
    window!.minimized = true;
    appHandler('second-instance')();
    expect(window!.restore).toHaveBeenCalled();
    expect(window!.focus).toHaveBeenCalled();
  });

  it('hardens every web contents created: navigation away and window.open refused', async () => {
    const { factory } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    const contents = new fake.FakeWindow({}).webContents;
    appHandler('web-contents-created')({}, contents);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown;
    expect(openHandler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies permissions through the session it hardened', async () => {
    const { factory } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    const answer = vi.fn();
    fake.state.handlers.permissionRequest!({ getURL: () => APP_INDEX_URL }, 'media', answer, { requestingUrl: APP_INDEX_URL });
    expect(answer).toHaveBeenCalledWith(false);
  });

  it('disposes of the host before quitting, once', async () => {
    const { factory, host } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    const event = { preventDefault: vi.fn() };
    appHandler('will-quit')(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(host.disposed).toBe(1);
    const again = { preventDefault: vi.fn() };
    appHandler('will-quit')(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
    expect(host.disposed).toBe(1);
  });

  it('quits when its window closes (except on macOS)', async () => {
    const { factory } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    appHandler('window-all-closed')();
    if (process.platform === 'darwin') expect(electron.app.quit).not.toHaveBeenCalled();
    else expect(electron.app.quit).toHaveBeenCalled();
  });

  it('says why and exits when the host cannot start', async () => {
    const factory = vi.fn<HostFactory>(async () => {
      throw new Error('the data folder is not writable');
    });
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith('STOMP Explorer could not start', 'the data folder is not writable');
    expect(electron.app.exit).toHaveBeenCalledWith(1);
    expect(fake.state.windows).toHaveLength(0);
  });

  it('when packaged: no developer tools, and the dev server URL is ignored', async () => {
    fake.state.isPackaged = true;
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { factory } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    const [window] = fake.state.windows;
    expect((window!.options.webPreferences as { devTools: boolean }).devTools).toBe(false);
    expect(window!.loadURL).toHaveBeenCalledWith(APP_INDEX_URL);
  });

  it('in development loads the dev server when electron-vite names one', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    const { factory } = fakeHost();
    await startElectronApp({ mainDir: '/app/out/main', createHost: factory, log }).ready;
    expect(fake.state.windows[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173');
  });
});
