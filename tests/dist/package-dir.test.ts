/**
 * `npm run dist` offline, for the `dir` target, in a copy of the project, with a stand-in Electron
 * distribution (electronDist): a shell script carrying Electron's fuse sentinel and a fuse wire with
 * Electron's default states. Checked: the app.asar holds the built app and package.json only;
 * electron-builder flipped exactly the fuses electron-builder.yml configures; and the packaged main
 * bundle, unpacked from the asar, starts under a replaced `electron` module and serves the UI from
 * app://stomp-explorer with the strict policy.
 *
 * What a stand-in cannot show: that the real binary honours its fuses (Electron's own tests cover
 * that), that Chromium renders the page, and the asar integrity check (electron-builder embeds the
 * hash on macOS and Windows only).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectSandbox, repoRoot, type ProjectSandbox } from '../host/project-sandbox';

const asar = createRequire(import.meta.url)('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
  extractAll(archive: string, dest: string): void;
};
const fuses = createRequire(import.meta.url)('@electron/fuses') as {
  getCurrentFuseWire(path: string): Promise<Record<string, number | string>>;
  FuseV1Options: Record<string, number>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults, in wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on. */
const DEFAULT_WIRE = '10110001';
const ON = 0x31;
const OFF = 0x30;

const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-dist-'));
let sandbox: ProjectSandbox;
let unpacked: string;
let build: { code: number | null; output: string };

/** An unpacked "Electron" for electron-builder: the binary is a script with a fuse wire in a comment. */
function standInElectronDist(): string {
  const dir = join(scratch, 'electron-dist');
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const binary = join(dir, 'electron');
  writeFileSync(binary, Buffer.concat([Buffer.from(`#!/bin/sh\n# ${SENTINEL}`), Buffer.from([1, DEFAULT_WIRE.length]), Buffer.from(`${DEFAULT_WIRE}\necho "stand-in Electron $*"\n`)]));
  chmodSync(binary, 0o755);
  writeFileSync(join(dir, 'version'), '45.5.0');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in\n');
  return dir;
}

beforeAll(async () => {
  sandbox = createProjectSandbox('stomp-explorer-dist-project-');
  const electronDist = standInElectronDist();
  const env: NodeJS.ProcessEnv = { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_BUILDER_CACHE: join(scratch, 'builder-cache') };
  delete env.ELECTRON_RUN_AS_NODE;
  // npm run dist -- ARGS appends ARGS to electron-builder's command line.
  const child = spawn('npm', ['run', 'dist', '--', '--dir', `-c.electronDist=${electronDist}`], { cwd: sandbox.root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  build = { code, output };
  unpacked = join(sandbox.root, 'dist', `${process.platform === 'linux' ? 'linux' : process.platform}-unpacked`);
}, 170_000);

afterAll(() => {
  sandbox?.remove();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm run dist (dir target, stand-in Electron)', () => {
  it('builds with electron-vite and packages the linux-unpacked folder offline', () => {
    expect(build.code, build.output).toBe(0);
    expect(readdirSync(unpacked).sort()).toEqual(['LICENSE.electron.txt', 'resources', 'stomp-explorer', 'version']);
    expect(readdirSync(join(unpacked, 'resources'))).toEqual(['app.asar']);
    expect(spawnSync(join(unpacked, 'stomp-explorer'), ['x'], { encoding: 'utf8' }).stdout).toBe('stand-in Electron x\n');
    expect(existsSync(join(repoRoot, 'dist', 'linux-unpacked', 'resources', 'app.asar.tmp'))).toBe(false);
  });

  it('the asar holds the built app and package.json only: no sources, maps or node_modules', () => {
    const archive = join(unpacked, 'resources', 'app.asar');
    const files = asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const outside = files.filter((f) => f !== '/package.json' && f !== '/out' && !f.startsWith('/out/'));
    expect(outside).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const built of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(files).toContain(built);
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    // The script sandbox's WebAssembly travels as an asset of the self-contained main bundle.
    expect(files.some((f) => /^\/out\/main\/chunks\/emscripten-module-[\w-]+\.wasm$/.test(f))).toBe(true);
    const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { name: string; main: string; version: string };
    const project = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; main: string; version: string };
    expect(packaged).toMatchObject({ name: project.name, main: project.main, version: project.version });
  });

  it("flips exactly the fuses electron-builder.yml configures on the binary's fuse wire", async () => {
    const wire = await fuses.getCurrentFuseWire(join(unpacked, 'stomp-explorer'));
    const o = fuses.FuseV1Options;
    expect(wire.version).toBe('1');
    expect({
      runAsNode: wire[o.RunAsNode!],
      enableCookieEncryption: wire[o.EnableCookieEncryption!],
      enableNodeOptionsEnvironmentVariable: wire[o.EnableNodeOptionsEnvironmentVariable!],
      enableNodeCliInspectArguments: wire[o.EnableNodeCliInspectArguments!],
      enableEmbeddedAsarIntegrityValidation: wire[o.EnableEmbeddedAsarIntegrityValidation!],
      onlyLoadAppFromAsar: wire[o.OnlyLoadAppFromAsar!],
      loadBrowserProcessSpecificV8Snapshot: wire[o.LoadBrowserProcessSpecificV8Snapshot!],
      grantFileProtocolExtraPrivileges: wire[o.GrantFileProtocolExtraPrivileges!],
    }).toEqual({
      runAsNode: OFF,
      enableCookieEncryption: ON,
      enableNodeOptionsEnvironmentVariable: OFF,
      enableNodeCliInspectArguments: OFF,
      enableEmbeddedAsarIntegrityValidation: ON,
      onlyLoadAppFromAsar: ON,
      loadBrowserProcessSpecificV8Snapshot: OFF, // not configured: Electron's default stays
      grantFileProtocolExtraPrivileges: OFF,
    });
  });

  it('the packaged main bundle starts under a replaced electron module and serves the UI from app://', () => {
    const app = join(scratch, 'app');
    asar.extractAll(join(unpacked, 'resources', 'app.asar'), app);
    const recordFile = join(scratch, 'fake-electron.json');
    const run = spawnSync(process.execPath, ['--import', join(import.meta.dirname, 'fake-electron/register.mjs'), join(app, 'out/main/index.js')], {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        HOME: scratch,
        FAKE_ELECTRON_RECORD: recordFile,
        FAKE_ELECTRON_HOME: join(scratch, 'home'),
        STOMP_EXPLORER_DATA_DIR: join(scratch, 'data'),
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as {
      calls: string[];
      errors: string[];
      loaded: string;
      window: { webPreferences: Record<string, unknown> };
      responses: Record<string, { status: number; contentType: string; csp: string | null; nosniff: string | null; bytes: number; text: string }>;
    };
    expect(record.errors).toEqual([]);
    expect(record.calls).toEqual(
      expect.arrayContaining(['enableSandbox', 'requestSingleInstanceLock', 'protocol.handle app', 'ipcMain.handle stomp-explorer:request', 'new BrowserWindow']),
    );
    expect(record.window.webPreferences).toMatchObject({ preload: join(app, 'out/preload/index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(record.loaded).toBe('app://stomp-explorer/index.html');

    const page = record.responses['app://stomp-explorer/index.html']!;
    expect(page).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8', nosniff: 'nosniff' });
    expect(page.csp).toContain("default-src 'none'");
    expect(page.csp).toContain("script-src 'self'");
    expect(page.text).toContain('<div id="root"');
    const scripts = Object.entries(record.responses).filter(([url]) => /^app:\/\/stomp-explorer\/assets\/index-[\w-]+\.js$/.test(url));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatchObject({ status: 200, contentType: 'text/javascript; charset=utf-8' });
    expect(scripts[0]![1].bytes).toBeGreaterThan(100_000);
    expect(record.responses['app://stomp-explorer/assets/..%2f..%2fpackage.json']!.status).toBe(400);
    expect(record.responses['app://stomp-explorer/package.json']!.status).toBe(404);
    expect(record.responses['app://elsewhere/index.html']!.status).toBe(404);
  });
});
