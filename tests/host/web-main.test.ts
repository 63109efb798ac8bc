/**
 * Browser mode's entry point as a user runs it (tsx src-main/web/main.ts), with the real host: one
 * line on stdout with the address and token, the API behind it, a clean exit on SIGTERM/SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { API_VERSION } from '../../src-core/api';
import { parseWebArgs } from '../../src-main/web/args';
import { appDataDir, defaultDataDir } from '../../src-main/shared/data-dir';
import { LOCK_FILE_NAME } from '../../src-main/shared/data-dir-lock';

const root = resolve(import.meta.dirname, '../..');
const LINE = /^STOMP Explorer \(browser mode\): http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43})\n$/;

let scratch: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-web-main-'));
  mkdirSync(join(scratch, 'renderer'));
  writeFileSync(join(scratch, 'renderer', 'index.html'), '<!doctype html><title>STOMP Explorer</title>');
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], dataDir: string) {
  // One process (tsx as a loader, not its CLI, which runs the app in a child that a SIGKILL here would orphan).
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/web/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, STOMP_EXPLORER_DATA_DIR: dataDir, STOMP_EXPLORER_RENDERER_DIR: join(scratch, 'renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const firstLine = new Promise<string>((resolveLine, reject) => {
    const check = () => {
      if (stdout.includes('\n')) resolveLine(stdout);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited (${code}) before printing; stderr:\n${stderr}`)));
  });
  firstLine.catch(() => undefined); // awaited only by the tests that expect a line
  return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

function ask(ws: WebSocket, id: number, method: string, params: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolveAnswer) => {
    ws.on('message', function onMessage(data) {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.kind === 'response' && message.id === id) {
        ws.off('message', onMessage);
        resolveAnswer(message);
      }
    });
    ws.send(JSON.stringify({ kind: 'request', id, method, params }));
  });
}

describe('npm run web', () => {
  it('prints exactly one line with the address and token, serves the API, and exits cleanly on SIGTERM', async () => {
    const dataDir = join(scratch, 'data-term');
    const web = run(['--port', '0'], dataDir);
    const line = await web.firstLine;
    const match = LINE.exec(line);
    expect(match, line).not.toBeNull();
    const [, port, token] = match!;

    const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}` });
    await new Promise((resolveOpen, reject) => {
      ws.once('open', resolveOpen);
      ws.once('error', reject);
    });
    expect(await ask(ws, 1, 'app.hello', { apiVersion: API_VERSION })).toMatchObject({ ok: true, result: { apiVersion: API_VERSION, mode: 'web' } });
    expect(await ask(ws, 2, 'profiles.list', {})).toMatchObject({ ok: true, result: { profiles: expect.any(Array) } });
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    const closed = new Promise<number>((resolveClose) => ws.once('close', (code) => resolveClose(code)));
    web.child.kill('SIGTERM');
    expect(await web.exited).toBe(0);
    expect(await closed).toBe(1001);
    expect(web.output().stdout).toBe(line); // still one line
    expect(web.output().stderr).toContain('SIGTERM, shutting down');
    expect(existsSync(dataDir)).toBe(true);
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
  });

  it('honours --port=P and stops on SIGINT', async () => {
    const probe = run([], join(scratch, 'data-probe'));
    const port = Number(LINE.exec(await probe.firstLine)![1]);
    probe.child.kill('SIGINT');
    expect(await probe.exited).toBe(0);

    const web = run([`--port=${port}`], join(scratch, 'data-int'));
    expect(LINE.exec(await web.firstLine)![1]).toBe(String(port));
    web.child.kill('SIGINT');
    expect(await web.exited).toBe(0);
  });

  it('a SIGTERM the moment the address appears still shuts down cleanly and leaves no lock', async () => {
    // The address used to be printed before the signal handlers existed: half of such stops
    // killed the process outright (status null), leaving the data folder's lock behind.
    for (let i = 0; i < 4; i++) {
      const dataDir = join(scratch, `data-quick-${i}`);
      const web = run([], dataDir);
      web.child.stdout!.on('data', () => web.child.kill('SIGTERM'));
      expect(await web.exited).toBe(0);
      expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    }
  });

  it('refuses bad options with exit code 2', async () => {
    const web = run(['--port', 'eighty'], join(scratch, 'data-bad'));
    expect(await web.exited, web.output().stderr).toBe(2);
    expect(web.output().stdout).toBe('');
    expect(web.output().stderr).toContain('--port needs a port number');
  });
});

describe('browser mode options', () => {
  it('parses --port', () => {
    expect(parseWebArgs([])).toEqual({ port: 0, help: false });
    expect(parseWebArgs(['--port', '8080'])).toEqual({ port: 8080, help: false });
    expect(parseWebArgs(['--', '--port=9'])).toEqual({ port: 9, help: false });
    expect(parseWebArgs(['-h']).help).toBe(true);
    expect(() => parseWebArgs(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseWebArgs(['--port'])).toThrow(/port number/);
    expect(() => parseWebArgs(['--verbose'])).toThrow(/unknown option/);
  });

  it('keeps data in STOMP_EXPLORER_DATA_DIR, else the per-user configuration folder Electron uses too', () => {
    expect(defaultDataDir({ STOMP_EXPLORER_DATA_DIR: '/x/y' }, 'linux', '/home/u')).toBe('/x/y');
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/stomp-explorer');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/stomp-explorer');
    expect(appDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support');
    expect(appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming');
  });
});
