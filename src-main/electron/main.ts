/**
 * The Electron shell, kept thin: app lifecycle, one hardened window, the menu, and the IPC bridge
 * to the host (which runs the same under plain Node in browser mode). Built to out/main/index.js.
 *
 * Security, in one place: one instance; every renderer sandboxed; the window isolated, without
 * Node, with a narrow preload; the app served from app://stomp-explorer with a strict CSP; no
 * navigation away, no window.open, no webviews, no remote requests; permissions denied (but the
 * app's own clipboard writes); every IPC request checked for its sender and validated.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost as createRealHost } from '../host/create-host';
import type { Host } from '../host/host-api';
import { SafeStorageSecretStore } from '../host/secrets';
import { DATA_DIR_ENV } from '../shared/data-dir';
import { DataDirInUseError, describeHolder, lockDataDir, type DataDirLock } from '../shared/data-dir-lock';
import { APP_INDEX_URL, APP_SCHEME, appProtocolHandler, registerAppScheme } from './app-protocol';
import { exportCapture, exportProfiles, importCapture, importProfiles, type DialogDeps } from './dialogs';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';
import { hardenSession, hardenWebContents, trustedUrlPolicy, type Log } from './security';
import { createWindowOptions } from './window-options';

export type HostFactory = (options: Parameters<typeof createRealHost>[0]) => Promise<Host>;

export interface ElectronAppOptions {
  /** The directory of the built main bundle (out/main); the preload and renderer sit beside it. */
  readonly mainDir?: string;
  readonly createHost?: HostFactory;
  readonly log?: Log;
}

/** Why this instance did not start, when it did not. */
export type StartRefusal = 'second-instance' | 'data-dir-in-use';

export interface ElectronApp {
  /** False when another instance already runs (or holds the data folder): this one quits. */
  readonly primary: boolean;
  readonly refusal?: StartRefusal;
  getWindow(): BrowserWindow | undefined;
  /** Resolves once the window exists (or startup failed). */
  readonly ready: Promise<void>;
}

const HOST_DISPOSE_TIMEOUT_MS = 10_000;

export function startElectronApp(options: ElectronAppOptions = {}): ElectronApp {
  const log: Log = options.log ?? ((message, error) => console.error(`[stomp-explorer] ${message}`, ...(error === undefined ? [] : [error])));
  const mainDir = options.mainDir ?? dirname(fileURLToPath(import.meta.url));
  const preloadPath = join(mainDir, '../preload/index.cjs');
  const rendererDir = join(mainDir, '../renderer');
  const isDev = !app.isPackaged;
  // electron-vite dev sets ELECTRON_RENDERER_URL; a packaged app never honours it.
  const devUrl = isDev ? process.env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? new URL(devUrl).origin : undefined;
  const isTrustedUrl = trustedUrlPolicy(devOrigin);

  // Before ready: the privileged app:// scheme, sandboxing for every renderer, and our folders.
  registerAppScheme(protocol);
  app.enableSandbox();
  const dataDir = process.env[DATA_DIR_ENV] || join(app.getPath('appData'), 'stomp-explorer');
  // Chromium's own files (cache, local storage, the single-instance lock) stay apart from ours.
  app.setPath('userData', join(dataDir, 'electron'));

  let window: BrowserWindow | undefined;
  const getWindow = (): BrowserWindow | undefined => (window !== undefined && !window.isDestroyed() ? window : undefined);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, refusal: 'second-instance', getWindow, ready: Promise.resolve() };
  }
  // Another desktop instance is caught above (its window comes forward); browser mode on the same
  // folder only by the data folder's own lock, which both modes take.
  let dataLock: DataDirLock;
  try {
    dataLock = lockDataDir(dataDir, 'electron');
  } catch (error) {
    const message = error instanceof DataDirInUseError ? error.message : `The data folder ${dataDir} cannot be locked: ${(error as Error)?.message ?? String(error)}`;
    log(message);
    // After ready: on Linux an error box shown before it only reaches stderr.
    const refused = app.whenReady().then(() => {
      dialog.showErrorBox('STOMP Explorer cannot open its data folder', message);
      app.exit(1);
    });
    return { primary: false, refusal: 'data-dir-in-use', getWindow, ready: refused };
  }
  if (dataLock.tookOverFrom) log(`took over the data folder's lock from a STOMP Explorer that is gone (${describeHolder(dataLock.tookOverFrom)})`);
  app.on('second-instance', () => {
    const current = getWindow();
    if (current === undefined) return;
    if (current.isMinimized()) current.restore();
    current.show();
    current.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { isTrustedUrl, log }));

  let host: Host | undefined;
  let unregisterIpc: (() => void) | undefined;

  const createWindow = (): void => {
    const created = new BrowserWindow(createWindowOptions({ preloadPath, isDev }));
    window = created;
    created.once('ready-to-show', () => created.show());
    created.on('closed', () => {
      if (window === created) window = undefined;
    });
    void created.loadURL(devUrl ?? APP_INDEX_URL).catch((error: unknown) => log('the window failed to load the app', error));
  };

  const ready = app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, { isTrustedUrl, devOrigin, log });
      protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
      const secretStore = new SafeStorageSecretStore({ dataDir, safeStorage });
      host = await (options.createHost ?? createRealHost)({ dataDir, mode: 'electron', secretStore, hostVersion: app.getVersion() });
      unregisterIpc = registerIpc({ ipcMain, host, getWindow, isTrustedUrl, hostVersion: app.getVersion(), log });
      const deps: DialogDeps = { dialog, host, getWindow };
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate({
            isDev,
            platform: process.platform,
            appName: app.getName(),
            actions: {
              importProfiles: () => void importProfiles(deps),
              exportProfiles: () => void exportProfiles(deps),
              importCapture: () => void importCapture(deps),
              exportCapture: () => void exportCapture(deps),
              about: () => void showAbout(),
            },
          }),
        ),
      );
      createWindow();
    })
    .catch((error: unknown) => {
      log('STOMP Explorer could not start', error);
      dialog.showErrorBox('STOMP Explorer could not start', (error as Error)?.message ?? String(error));
      dataLock.release();
      app.exit(1);
    });

  const showAbout = async (): Promise<void> => {
    const options = {
      type: 'info' as const,
      title: `About ${app.getName()}`,
      message: `${app.getName()} ${app.getVersion()}`,
      detail: `A desktop explorer and debugger for STOMP message brokers.\nElectron ${process.versions.electron ?? '?'} · Chromium ${process.versions.chrome ?? '?'} · Node ${process.versions.node}`,
      buttons: ['OK'],
    };
    const current = getWindow();
    await (current ? dialog.showMessageBox(current, options) : dialog.showMessageBox(options));
  };

  // macOS keeps the app alive without windows and reopens one from the dock.
  app.on('activate', () => {
    if (host !== undefined && getWindow() === undefined) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quitting waits (a bounded time) for the host to close connections and flush its stores.
  // The data folder's lock goes last, once the host has flushed its stores.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    disposed = true;
    if (host === undefined) {
      dataLock.release();
      return;
    }
    event.preventDefault();
    unregisterIpc?.();
    const current = host;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, HOST_DISPOSE_TIMEOUT_MS).unref());
    void Promise.race([current.dispose(), timeout])
      .catch((error: unknown) => log('disposing of the host failed', error))
      .finally(() => {
        dataLock.release();
        app.quit();
      });
  });

  return { primary: true, getWindow, ready };
}

