#!/usr/bin/env node
// `npm start [-- args]`: the Electron app. When its runtime is missing (npm ci does not run
// Electron's install script: package.json's allowScripts), it is fetched first through Electron's
// own download path (scripts/system/electron-runtime.mjs: ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, the
// cache and proxy settings honoured), with progress on stderr and a time limit; then the app is
// built (electron-vite) and launched.
//
// Browser mode (`npm run web`) is served instead, after one line on stderr saying why, when:
//   - ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set and the runtime is missing (no download is tried);
//   - the download fails (no network, as on our build machines: it fails in well under a second
//     there; a stalled one is given up after 30 s, the whole within STOMP_EXPLORER_ELECTRON_TIMEOUT
//     seconds, 600 by default);
//   - ELECTRON_OVERRIDE_DIST_PATH names a folder without the binary;
//   - on Linux, there is no display ($DISPLAY and $WAYLAND_DISPLAY unset), where a window cannot open.
// stdout stays browser mode's own: the one line with the address to open.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installedBinary, installRuntime } from './system/electron-runtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);
const say = (line) => process.stderr.write(`STOMP Explorer: ${line}\n`);

/** Runs a child with our stdio, passes our termination signals on, and exits with its status. */
function runForwarding(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (error) => {
    say(`cannot run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1)));
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
}

function browserMode(why) {
  say(`${why}, so browser mode is being served instead.`);
  runForwarding(process.execPath, ['--import', 'tsx', join(root, 'src-main/web/main.ts'), ...args]);
}

function isSet(value) {
  return value !== undefined && !['', '0', 'false'].includes(value.toLowerCase());
}

function formatMB(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Progress on stderr: one line rewritten in a terminal, a line per tenth otherwise (logs, CI). */
function progressReporter() {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  let lastDraw = 0;
  let drawn = false;
  return {
    start({ url }) {
      if (drawn && tty) process.stderr.write('\n');
      drawn = false;
      lastTenth = -1;
      say(`downloading ${url}`);
    },
    progress({ transferred, total }) {
      const percent = total ? Math.floor((transferred / total) * 100) : undefined;
      const text = total ? `  ${percent} % of ${formatMB(total)}` : `  ${formatMB(transferred)}`;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && transferred !== total) return;
        lastDraw = now;
        process.stderr.write(`\r${text}   `);
        drawn = true;
      } else {
        const tenth = percent === undefined ? Math.floor(transferred / (10 * 1024 * 1024)) : Math.floor(percent / 10);
        if (tenth === lastTenth) return;
        lastTenth = tenth;
        process.stderr.write(`${text}\n`);
      }
    },
    end() {
      if (drawn && tty) process.stderr.write('\n');
      drawn = false;
    },
  };
}

async function electronRuntime() {
  const existing = installedBinary(electronDir);
  if (existing) return { binary: existing };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return { why: `the Electron runtime is not in ELECTRON_OVERRIDE_DIST_PATH (${process.env.ELECTRON_OVERRIDE_DIST_PATH})` };
  if (isSet(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD)) return { why: 'the Electron runtime is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set (no download tried)' };
  const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  say(`the Electron runtime ${version} is not installed yet: getting it (once) through Electron's installer; ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips this.`);
  const started = Date.now();
  const report = progressReporter();
  try {
    const binary = await installRuntime(electronDir, { onStart: report.start, onProgress: report.progress });
    report.end();
    say(`the Electron runtime is installed in node_modules/electron/dist (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { binary };
  } catch (error) {
    report.end();
    return { why: `could not get the Electron runtime: ${error.message}` };
  }
}

function hasDisplay() {
  if (process.platform !== 'linux' && process.platform !== 'freebsd' && process.platform !== 'openbsd') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** package.json's engines: Node 20.19 (the first 20 that loads ES modules from CommonJS) or later. */
function nodeIsRecentEnough() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 20 || (major === 20 && minor >= 19);
}

async function main() {
  if (!nodeIsRecentEnough()) {
    say(`Node ${process.versions.node} is too old: STOMP Explorer needs Node 20.19 or later (package.json's engines).`);
    process.exit(1);
  }
  if (!hasDisplay()) {
    browserMode('there is no display for a window ($DISPLAY and $WAYLAND_DISPLAY are unset)');
    return;
  }
  const runtime = await electronRuntime();
  if (!runtime.binary) {
    browserMode(runtime.why);
    return;
  }
  // STOMP_EXPLORER_SKIP_BUILD=1 launches the existing out/ as it is.
  if (!isSet(process.env.STOMP_EXPLORER_SKIP_BUILD)) {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    if (build.status !== 0) {
      say('electron-vite build failed (see above)');
      process.exit(1);
    }
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node
  runForwarding(runtime.binary, [root, ...args], env);
}

await main();
