/**
 * `npm start` gets the missing Electron runtime through Electron's own download path, offline: a
 * local mirror serves a stand-in runtime (a zip whose `electron` is a script recording how it was
 * launched) with its checksums; the run happens in a copy of the project (tests/host/project-
 * sandbox.ts), so nothing lands in the checkout's node_modules/electron. When the download cannot
 * happen, browser mode is served after one line saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_ENV, sha256, standInRuntimeZip, startMirror, type Mirror } from './electron-mirror';
import { createProjectSandbox, repoRoot, type ProjectSandbox } from './project-sandbox';

const version = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const artifact = `electron-v${version}-${process.platform}-${process.arch}.zip`;
const artifactPath = `/v${version}/${artifact}`;
const runtimeZip = standInRuntimeZip(version);
const BROWSER_LINE = /^STOMP Explorer \(browser mode\): http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}\n/m;

const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-download-'));
const sandboxes: ProjectSandbox[] = [];
let mirror: Mirror;
let deadMirror: string;
let caches = 0;

beforeAll(async () => {
  mirror = await startMirror({ [artifactPath]: runtimeZip, [`/v${version}/SHASUMS256.txt`]: `${sha256(runtimeZip)} *${artifact}\n` });
  deadMirror = await closedPortUrl();
  mkdirSync(join(scratch, 'renderer'));
  writeFileSync(join(scratch, 'renderer', 'index.html'), '<!doctype html>');
}, 60_000);
afterAll(async () => {
  await mirror?.close();
  for (const sandbox of sandboxes) sandbox.remove();
  rmSync(scratch, { recursive: true, force: true });
}, 60_000);

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}/`;
}

/** A copy of the project whose electron package's checksums.json knows the stand-in (unless `realChecksums`). */
function sandbox(options: { realChecksums?: boolean } = {}): ProjectSandbox {
  const created = createProjectSandbox('stomp-explorer-download-');
  sandboxes.push(created);
  if (!options.realChecksums) {
    const file = join(created.electronDir, 'checksums.json');
    const checksums = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(checksums[artifact], 'the real checksums.json lists this platform').toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(file, JSON.stringify({ ...checksums, [artifact]: sha256(runtimeZip) }));
  }
  return created;
}

function freshCache(): string {
  return join(scratch, `cache-${++caches}`);
}

/** The environment of a user's shell, minus anything of ours or Electron's the test did not choose. */
function env(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of Object.keys(base)) {
    if (/^(ELECTRON_|electron_|npm_config_electron|STOMP_EXPLORER_|HTTPS?_PROXY$|https?_proxy$|NO_PROXY$|no_proxy$|force_no_cache$)/.test(name)) delete base[name];
  }
  const result: NodeJS.ProcessEnv = {
    ...base,
    DISPLAY: ':99', // a window could open; the stand-in never opens one
    STOMP_EXPLORER_DATA_DIR: join(scratch, 'data'),
    STOMP_EXPLORER_RENDERER_DIR: join(scratch, 'renderer'),
    [RECORD_ENV]: join(scratch, 'launched.json'),
  };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `npm start` (or node scripts/start.mjs) in the copy until it exits, or until browser mode
 * prints its address (then stops it).
 */
function start(where: ProjectSandbox, extra: Record<string, string | undefined>, via: 'npm' | 'node' = 'node'): Promise<Run> {
  rmSync(join(scratch, 'launched.json'), { force: true });
  const [command, args] = via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['scripts/start.mjs']];
  const child = spawn(command, args, { cwd: where.root, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((done) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (BROWSER_LINE.test(stdout)) child.kill('SIGTERM');
    });
    child.once('exit', (code) => done({ code, stdout, stderr }));
  });
}

function launched(): { args: string[]; runAsNode: string | null; main: { path: string; bytes: number; mtimeMs: number } } {
  return JSON.parse(readFileSync(join(scratch, 'launched.json'), 'utf8'));
}

function expectInstalled(where: ProjectSandbox): void {
  const binary = join(where.electronDir, 'dist', 'electron');
  accessSync(binary, constants.X_OK);
  expect(readFileSync(join(where.electronDir, 'path.txt'), 'utf8')).toBe('electron');
  expect(readFileSync(join(where.electronDir, 'dist', 'version'), 'utf8')).toBe(version);
}

function expectNotInstalled(where: ProjectSandbox): void {
  expect(existsSync(join(where.electronDir, 'path.txt'))).toBe(false);
}

// Each test runs npm start (and some browser mode) once or twice: seconds each, more on a busy machine.
describe('npm start without the Electron runtime, with a mirror', { timeout: 60_000 }, () => {
  let first: ProjectSandbox;
  const cache = freshCache();

  it("downloads it through Electron's installer (package checksums), unpacks it where Electron expects it, builds, and launches it on the app", async () => {
    first = sandbox();
    const before = Date.now();
    const run = await start(first, { ELECTRON_MIRROR: mirror.url, electron_config_cache: cache, ELECTRON_RUN_AS_NODE: '1' }, 'npm');
    expect(run.stderr).toContain(`downloading ${mirror.url}v${version}/${artifact}`);
    expect(run.stderr).toMatch(/100 % of 0\.0 MB/);
    expect(run.code, run.stderr).toBe(7);

    // The stand-in ran on the project folder, whose main bundle this run built, without ELECTRON_RUN_AS_NODE.
    const record = launched();
    expect(record.args).toEqual([first.root]);
    expect(record.runAsNode).toBeNull();
    expect(record.main.path).toBe(join(first.root, 'out/main/index.js'));
    expect(record.main.bytes).toBeGreaterThan(10_000);
    expect(record.main.mtimeMs).toBeGreaterThanOrEqual(before - 1000);

    expectInstalled(first);
    expect(mirror.requests).toContain(`GET ${artifactPath}`);
    expect(mirror.requests.filter((r) => r.includes('SHASUMS256'))).toEqual([]);
    expect(existsSync(join(cache)), 'the zip is kept in electron_config_cache').toBe(true);

    // Electron's own code agrees it is installed: require('electron') names the binary and
    // install.js has nothing to do (with a mirror that would refuse any download).
    const offline = { ...process.env, ELECTRON_MIRROR: deadMirror, ELECTRON_SKIP_BINARY_DOWNLOAD: '' };
    const resolved = spawnSync(process.execPath, ['-e', 'process.stdout.write(require(process.argv[1]))', first.electronDir], { env: offline, encoding: 'utf8' });
    expect(resolved.stdout).toBe(join(first.electronDir, 'dist', 'electron'));
    expect(spawnSync(process.execPath, [join(first.electronDir, 'install.js')], { env: offline }).status).toBe(0);

    // The checkout's own electron package was not touched.
    expect(existsSync(join(repoRoot, 'node_modules/electron/dist/electron'))).toBe(false);
  });

  it('a second start finds the runtime installed and downloads nothing', async () => {
    const requests = mirror.requests.length;
    const run = await start(first, { ELECTRON_MIRROR: mirror.url, STOMP_EXPLORER_SKIP_BUILD: '1' });
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).not.toContain('downloading');
    expect(mirror.requests.length).toBe(requests);
  });

  it('another copy installs from the cache (electron_config_cache) once the mirror is gone', async () => {
    // @electron/get keys its cache by the URL's folder: the same mirror address, now closed.
    const cache = freshCache();
    const shortLived = await startMirror({ [artifactPath]: runtimeZip });
    const warm = await start(sandbox(), { ELECTRON_MIRROR: shortLived.url, electron_config_cache: cache, STOMP_EXPLORER_SKIP_BUILD: '1' });
    expect(warm.code, warm.stderr).toBe(7);
    await shortLived.close();

    const second = sandbox();
    const run = await start(second, { ELECTRON_MIRROR: shortLived.url, electron_config_cache: cache, STOMP_EXPLORER_SKIP_BUILD: '1' });
    expect(run.code, run.stderr).toBe(7);
    expect(run.stderr).not.toContain('downloading');
    expectInstalled(second);
    expect(launched().args).toEqual([second.root]);
  });

  it("with electron_use_remote_checksums, verifies against the mirror's SHASUMS256.txt", async () => {
    const remote = sandbox({ realChecksums: true });
    const run = await start(remote, { ELECTRON_MIRROR: mirror.url, electron_config_cache: freshCache(), electron_use_remote_checksums: '1', STOMP_EXPLORER_SKIP_BUILD: '1' });
    expect(run.code, run.stderr).toBe(7);
    expectInstalled(remote);
    expect(mirror.requests).toContain(`GET /v${version}/SHASUMS256.txt`);
  });

  it('through the proxy HTTP_PROXY names (a mirror host only the proxy can reach)', async () => {
    const proxied = sandbox();
    const tunnels = mirror.tunnels.length;
    const run = await start(proxied, {
      ELECTRON_MIRROR: 'http://electron-mirror.invalid/',
      HTTP_PROXY: mirror.url,
      electron_config_cache: freshCache(),
      STOMP_EXPLORER_SKIP_BUILD: '1',
    });
    expect(run.code, run.stderr).toBe(7);
    expectInstalled(proxied);
    expect(mirror.tunnels.slice(tunnels)).toContain('electron-mirror.invalid:80');
  });

  it('ELECTRON_CUSTOM_DIR and ELECTRON_CUSTOM_FILENAME shape the URL, as for Electron itself', async () => {
    const custom = sandbox();
    const path = `/releases/${version}/runtime.zip`;
    const customMirror = await startMirror({ [path]: runtimeZip });
    try {
      const run = await start(custom, {
        ELECTRON_MIRROR: `${customMirror.url}releases/`,
        ELECTRON_CUSTOM_DIR: '{{ version }}',
        ELECTRON_CUSTOM_FILENAME: 'runtime.zip',
        electron_config_cache: freshCache(),
        STOMP_EXPLORER_SKIP_BUILD: '1',
      });
      expect(run.code, run.stderr).toBe(7);
      expect(customMirror.requests).toEqual([`GET ${path}`]);
    } finally {
      await customMirror.close();
    }
  });
});

describe('npm start serves browser mode after one line saying why', { timeout: 60_000 }, () => {
  let project: ProjectSandbox;
  beforeAll(() => {
    project = sandbox({ realChecksums: true });
  }, 60_000);

  async function fallsBack(extra: Record<string, string | undefined>): Promise<string> {
    const run = await start(project, { electron_config_cache: freshCache(), STOMP_EXPLORER_SKIP_BUILD: '1', ...extra });
    expect(run.stdout).toMatch(BROWSER_LINE);
    expect(run.code).toBe(0);
    expectNotInstalled(project);
    const lines = run.stderr.split('\n');
    const why = lines.find((line) => line.endsWith('so browser mode is being served instead.'));
    expect(why, run.stderr).toBeDefined();
    return why!;
  }

  it('the mirror cannot be reached', async () => {
    const why = await fallsBack({ ELECTRON_MIRROR: deadMirror });
    const port = new URL(deadMirror).port;
    expect(why).toBe(
      `STOMP Explorer: could not get the Electron runtime: ${deadMirror}v${version}/${artifact}: connect ECONNREFUSED 127.0.0.1:${port}, so browser mode is being served instead.`,
    );
  });

  it('the download does not match its checksum', async () => {
    const wrong = await startMirror({ [artifactPath]: runtimeZip, [`/v${version}/SHASUMS256.txt`]: `${'0'.repeat(64)} *${artifact}\n` });
    try {
      const why = await fallsBack({ ELECTRON_MIRROR: wrong.url, electron_use_remote_checksums: '1' });
      expect(why).toContain(`could not get the Electron runtime: ${wrong.url}v${version}/${artifact} does not match its checksum`);
    } finally {
      await wrong.close();
    }
    // The package's own checksums.json (the real one) refuses the stand-in too.
    const why = await fallsBack({ ELECTRON_MIRROR: mirror.url });
    expect(why).toContain('does not match its checksum');
  });

  it('the mirror does not have it (404)', async () => {
    const empty = await startMirror({});
    try {
      const why = await fallsBack({ ELECTRON_MIRROR: empty.url });
      expect(why).toContain(`could not get the Electron runtime: Response code 404 (Not Found) for ${empty.url}v${version}/${artifact}`);
    } finally {
      await empty.close();
    }
  });

  it('the mirror stalls: given up at the time limit', async () => {
    const stalled = await startMirror({ [artifactPath]: 'hang' });
    try {
      const why = await fallsBack({ ELECTRON_MIRROR: stalled.url, STOMP_EXPLORER_ELECTRON_TIMEOUT: '2' });
      expect(why).toContain('could not get the Electron runtime: it took longer than 2 s (STOMP_EXPLORER_ELECTRON_TIMEOUT)');
    } finally {
      await stalled.close();
    }
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD=1: no download is tried', async () => {
    const requests = mirror.requests.length;
    const why = await fallsBack({ ELECTRON_MIRROR: mirror.url, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(why).toBe(
      'STOMP Explorer: the Electron runtime is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set (no download tried), so browser mode is being served instead.',
    );
    expect(mirror.requests.length).toBe(requests);
  });

  it('no display on Linux: no download is tried', async () => {
    const requests = mirror.requests.length;
    const why = await fallsBack({ ELECTRON_MIRROR: mirror.url, DISPLAY: undefined, WAYLAND_DISPLAY: undefined });
    if (process.platform === 'linux') {
      expect(why).toBe('STOMP Explorer: there is no display for a window ($DISPLAY and $WAYLAND_DISPLAY are unset), so browser mode is being served instead.');
      expect(mirror.requests.length).toBe(requests);
    } else expect(why).toContain('could not get the Electron runtime');
  });
});
