/**
 * Starts STOMP Explorer in browser mode (src-main/web/main.ts) with its own, fresh data directory
 * and reads the address it prints: the single stdout line
 *
 *   STOMP Explorer (browser mode): http://127.0.0.1:P/#token=...
 *
 * Used by the global set-up (one app for the whole run) and by the first-run spec (an app that has
 * truly never run before). Runs `node --import tsx` directly, so the pid is the app's own process
 * and SIGTERM reaches it (no wrapper in between).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PREFIX = 'STOMP Explorer (browser mode): ';
/** Set by the global set-up: a copy of the built renderer that every app in this run serves. */
export const RENDERER_SNAPSHOT_ENV = 'STOMP_E2E_RENDERER_DIR';
/** A stale out/renderer is rebuilt first (about a second; more on a loaded machine). */
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

export interface BrowserModeApp {
  /** The address to open, access token included. */
  readonly url: string;
  readonly dataDir: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts browser mode with a fresh data directory. `rendererDir` serves that folder as it is
 * (STOMP_EXPLORER_RENDERER_DIR) instead of out/renderer, which the app rebuilds when stale.
 */
export async function startBrowserMode(label = 'e2e', rendererDir: string | undefined = process.env[RENDERER_SNAPSHOT_ENV]): Promise<BrowserModeApp> {
  const dataDir = mkdtempSync(join(tmpdir(), `stomp-explorer-${label}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, STOMP_EXPLORER_DATA_DIR: dataDir };
  if (rendererDir) env.STOMP_EXPLORER_RENDERER_DIR = rendererDir;
  else delete env.STOMP_EXPLORER_RENDERER_DIR;
  const child = spawn(process.execPath, [...hostNodeArgs(), '--import', 'tsx', 'src-main/web/main.ts', '--port', '0'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
    if (process.env.STOMP_E2E_VERBOSE === '1') process.stderr.write(`[browser mode] ${chunk}`);
  });

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`browser mode did not start: ${why}\n--- its stderr ---\n${stderr.trim() || '(empty)'}`));
    };
    const timer = setTimeout(() => fail(`no address on stdout within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      stdout += chunk;
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      const line = stdout.slice(0, nl).trim();
      clearTimeout(timer);
      if (!line.startsWith(PREFIX) || !/^http:\/\/127\.0\.0\.1:\d+\/#token=\S+$/.test(line.slice(PREFIX.length))) {
        fail(`unexpected first stdout line ${JSON.stringify(line)}`);
        return;
      }
      resolve(line.slice(PREFIX.length));
    });
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`}) before printing its address`));
  });
  child.removeAllListeners('exit');

  return {
    url,
    dataDir,
    pid: child.pid!,
    stop: () => stopChild(child).finally(() => rmSync(dataDir, { recursive: true, force: true })),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Builds out/renderer when it is missing or older than its sources (as browser mode would), then
 * copies it to a temporary folder: the run serves that copy, so a rebuild of out/renderer by
 * someone else during the run (electron-vite empties the folder first) cannot break a page load.
 */
export async function snapshotRenderer(): Promise<{ dir: string; remove(): void }> {
  const { buildRenderer, rendererNeedsBuild } = await import('../../../src-main/web/renderer-build');
  const built = join(repoRoot, 'out', 'renderer');
  if (await rendererNeedsBuild(repoRoot, built)) await buildRenderer(repoRoot);
  if (!existsSync(join(built, 'index.html'))) throw new Error(`${built}/index.html is missing after the build`);
  const dir = mkdtempSync(join(tmpdir(), 'stomp-explorer-e2e-renderer-'));
  cpSync(built, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Extra Node options for the app's process, e.g. STOMP_HOST_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
function hostNodeArgs(): string[] {
  return (process.env.STOMP_HOST_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}
