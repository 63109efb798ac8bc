/**
 * The desktop app and browser mode on one data folder: whichever starts second refuses, naming the
 * first (mode, pid, since when), and a crashed holder's lock is taken over. The desktop side is
 * startElectronApp with the `electron` module replaced and the real host; browser mode is the real
 * entry point (tsx src-main/web/main.ts) in a child process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startElectronApp } from '../../src-main/electron/main';
import { LOCK_FILE_NAME } from '../../src-main/shared/data-dir-lock';

const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const listeners = new Map<string, Listener[]>();
  const noop = () => undefined;
  const app = {
    isPackaged: false,
    on: (name: string, listener: Listener) => listeners.set(name, [...(listeners.get(name) ?? []), listener]),
    emit: (name: string, ...args: unknown[]) => (listeners.get(name) ?? []).forEach((l) => l(...args)),
    reset: () => listeners.clear(),
    enableSandbox: noop,
    getPath: () => '/fake/appData',
    setPath: noop,
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    quit: (() => undefined) as () => void,
    exit: (() => undefined) as (code?: number) => void,
    getVersion: () => '0.1.0',
    getName: () => 'STOMP Explorer',
  };
  class FakeWindow {
    webContents = { on: noop, send: noop, isDestroyed: () => false, getURL: () => 'app://stomp-explorer/index.html', setWindowOpenHandler: noop };
    once = noop;
    on = noop;
    loadURL = async () => undefined;
    isDestroyed = () => false;
  }
  const session = {
    setPermissionRequestHandler: noop,
    setPermissionCheckHandler: noop,
    setDevicePermissionHandler: noop,
    setDisplayMediaRequestHandler: noop,
    webRequest: { onBeforeRequest: noop, onHeadersReceived: noop },
  };
  return { app, FakeWindow, session, errorBoxes: [] as [string, string][] };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  session: { defaultSession: fake.session },
  ipcMain: { handle: () => undefined, removeHandler: () => undefined },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
  dialog: {
    showErrorBox: (title: string, content: string) => fake.errorBoxes.push([title, content]),
    showMessageBox: async () => ({ response: 0 }),
  },
  safeStorage: { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() },
}));

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-both-modes-'));
const rendererDir = join(scratch, 'renderer');
mkdirSync(rendererDir);
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>STOMP Explorer</title>');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let dataDir = '';
const children: ChildProcess[] = [];
const exits: number[] = [];
const logged: string[] = [];
const log = (message: string) => logged.push(message);

beforeEach(() => {
  dataDir = mkdtempSync(join(scratch, 'data-'));
  process.env.STOMP_EXPLORER_DATA_DIR = dataDir;
  fake.app.reset();
  fake.errorBoxes.length = 0;
  exits.length = 0;
  logged.length = 0;
  fake.app.exit = (code?: number) => void exits.push(code ?? 0);
  fake.app.quit = () => undefined;
});
afterEach(() => {
  delete process.env.STOMP_EXPLORER_DATA_DIR;
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Browser mode as `npm run web` runs it, on the test's data folder. */
function browserMode() {
  // One process (not tsx's CLI, which runs the app in a child): its pid is the lock holder's.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/main.ts'], {
    cwd: root,
    env: { ...process.env, STOMP_EXPLORER_DATA_DIR: dataDir, STOMP_EXPLORER_RENDERER_DIR: rendererDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const serving = new Promise<void>((done, fail) => {
    child.stdout!.on('data', () => stdout.includes('\n') && done());
    void exited.then((code) => fail(new Error(`browser mode exited (${code}): ${stderr}`)));
  });
  serving.catch(() => undefined);
  return { child, exited, serving, stderr: () => stderr };
}

/** Quits the desktop app the way Electron does: will-quit, then (after the host is disposed) quit. */
async function quitDesktop(): Promise<void> {
  const quitted = new Promise<void>((done) => (fake.app.quit = done));
  fake.app.emit('will-quit', { preventDefault: () => undefined });
  await quitted;
}

describe('one data folder, two modes', () => {
  it('browser mode holds it: the desktop app refuses, naming browser mode, its pid and since when, and starts no host', async () => {
    const web = browserMode();
    await web.serving;
    const holder = JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')) as { since: string };
    const started = startElectronApp({ mainDir: join(root, 'out/main'), log });
    await started.ready;
    expect(started).toMatchObject({ primary: false, refusal: 'data-dir-in-use' });
    expect(exits).toEqual([1]);
    expect(fake.errorBoxes).toHaveLength(1);
    const [title, message] = fake.errorBoxes[0]!;
    expect(title).toBe('STOMP Explorer cannot open its data folder');
    expect(message).toContain(`The data folder ${dataDir} is in use by another STOMP Explorer: browser mode, pid ${web.child.pid}, since ${holder.since}.`);
    // Browser mode still owns its folder and stops cleanly, leaving no lock behind.
    web.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
  });

  it('the desktop app holds it: browser mode refuses with status 3, naming the desktop app; after it quits, browser mode starts', async () => {
    const desktop = startElectronApp({ mainDir: join(root, 'out/main'), log });
    await desktop.ready;
    expect(desktop.primary).toBe(true);
    expect(fake.errorBoxes).toEqual([]);

    const refused = browserMode();
    expect(await refused.exited).toBe(3);
    expect(refused.stderr()).toMatch(new RegExp(`is in use by another STOMP Explorer: the desktop app, pid ${process.pid}, since \\d{4}-\\d\\d-\\d\\dT`));

    await quitDesktop();
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const web = browserMode();
    await web.serving;
    web.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
  });

  it('browser mode crashed (SIGKILL): the desktop app takes its stale lock over and says so', async () => {
    const web = browserMode();
    await web.serving;
    const crashedPid = web.child.pid!;
    web.child.kill('SIGKILL');
    await web.exited;
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(true);

    const desktop = startElectronApp({ mainDir: join(root, 'out/main'), log });
    await desktop.ready;
    expect(desktop.primary).toBe(true);
    expect(logged.join('\n')).toContain(`took over the data folder's lock from a STOMP Explorer that is gone (browser mode, pid ${crashedPid}, since`);
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid, mode: 'electron' });
    await quitDesktop();
  });

  it('the desktop app crashed: browser mode takes its stale lock over and says so', async () => {
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const since = '2026-01-02T03:04:05.000Z';
    writeFileSync(join(dataDir, LOCK_FILE_NAME), JSON.stringify({ pid: gone, mode: 'electron', since, hostname: hostname(), nonce: 'crashed' }));
    const web = browserMode();
    await web.serving;
    expect(web.stderr()).toContain(`took over the data folder's lock from a STOMP Explorer that is gone (the desktop app, pid ${gone}, since ${since})`);
    web.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
  });
});
