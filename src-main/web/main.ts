/**
 * Browser mode's entry point (`npm run web [-- --port P]`, run with tsx): builds the renderer when
 * needed, creates the host, serves the app on 127.0.0.1 and prints exactly one line to stdout:
 *
 *   STOMP Explorer (browser mode): http://127.0.0.1:P/#token=...
 *
 * Everything else (build output, logs) goes to stderr. SIGINT/SIGTERM close the server and dispose
 * of the host; a second signal (a second later or more) exits at once. The data folder is locked
 * for as long as the host runs (src-main/shared/data-dir-lock.ts): while another STOMP Explorer
 * (desktop or browser mode) holds it, this one says which and exits with status 3.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost } from '../host/create-host';
import type { Host } from '../host/host-api';
import { BROWSER_MODE_PREFIX, parseWebArgs, USAGE, type WebArgs } from './args';
import { defaultDataDir } from '../shared/data-dir';
import { DataDirInUseError, describeHolder, lockDataDir, type DataDirLock } from '../shared/data-dir-lock';
import { buildRenderer, rendererNeedsBuild } from './renderer-build';
import { startWebServer, type WebServer } from './web-server';

const DISPOSE_TIMEOUT_MS = 10_000;
/** A second signal this soon after the first is the same request to stop, not an insistence. */
const REPEAT_SIGNAL_GRACE_MS = 1000;
/** Serve this folder instead of out/renderer, without building it. */
const RENDERER_DIR_ENV = 'STOMP_EXPLORER_RENDERER_DIR';
/** The exit status when another STOMP Explorer holds the data folder. */
const EXIT_DATA_DIR_IN_USE = 3;

async function main(): Promise<void> {
  // stdout carries exactly one line, the address; every other word goes to stderr.
  console.log = console.error;
  console.info = console.error;
  console.debug = console.error;

  let args: WebArgs;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`stomp-explorer web: ${(error as Error).message}`);
    process.exit(2);
  }
  if (args.help) {
    console.error(USAGE);
    return;
  }

  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  // A prebuilt renderer elsewhere (tests) is served as it is; out/renderer is built when stale.
  const rendererOverride = process.env[RENDERER_DIR_ENV];
  const rendererDir = rendererOverride ? resolve(rendererOverride) : join(root, 'out/renderer');
  if (!rendererOverride && (await rendererNeedsBuild(root, rendererDir))) {
    console.error('stomp-explorer web: building the renderer (electron-vite build)...');
    await buildRenderer(root);
  }

  const dataDir = defaultDataDir();
  let lock: DataDirLock;
  try {
    lock = lockDataDir(dataDir, 'web');
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    console.error(`stomp-explorer web: ${error.message}`);
    process.exit(EXIT_DATA_DIR_IN_USE);
  }
  if (lock.tookOverFrom) console.error(`stomp-explorer web: took over the data folder's lock from a STOMP Explorer that is gone (${describeHolder(lock.tookOverFrom)})`);
  const hostVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';

  // Signals are handled from here on, before the address is printed: whoever reads that line may
  // stop us at once, and must not find the lock left behind by a default (killing) SIGTERM.
  let host: Host | undefined;
  let server: WebServer | undefined;
  let stoppingSince: number | undefined;
  const starting = (async () => {
    host = await createHost({ dataDir, mode: 'web', hostVersion });
    try {
      server = await startWebServer({ host, port: args.port, rendererDir, hostVersion });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new Error(`port ${args.port} on 127.0.0.1 is already in use; pick another with --port, or 0 for any free port`);
      throw error;
    }
  })();
  const shutDown = async (): Promise<void> => {
    await starting.catch(() => undefined);
    await server?.close();
    await host?.dispose();
    lock.release();
  };
  const stop = (signal: NodeJS.Signals): void => {
    if (stoppingSince !== undefined) {
      // The same Ctrl+C can arrive twice (from the terminal and from `npm start` passing it on).
      if (Date.now() - stoppingSince < REPEAT_SIGNAL_GRACE_MS) return;
      console.error(`stomp-explorer web: ${signal} again, exiting now`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    console.error(`stomp-explorer web: ${signal}, shutting down`);
    const force = setTimeout(() => {
      console.error('stomp-explorer web: the host did not stop in time, exiting');
      process.exit(1);
    }, DISPOSE_TIMEOUT_MS);
    force.unref();
    shutDown().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stomp-explorer web: shutting down failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    await starting;
  } catch (error) {
    await host?.dispose().catch(() => undefined);
    lock.release();
    throw error;
  }
  if (stoppingSince !== undefined) return; // stopped while starting: no address to offer
  console.error(`stomp-explorer web: data in ${dataDir}; Ctrl+C stops`);
  process.stdout.write(`${BROWSER_MODE_PREFIX}${server!.appUrl}\n`);
}

main().catch((error: unknown) => {
  console.error(`stomp-explorer web: ${(error as Error)?.message ?? String(error)}`);
  process.exit(1);
});
