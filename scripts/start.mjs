#!/usr/bin/env node
// `npm start [-- args]`: the Electron app when its runtime is installed; otherwise browser mode
// (`npm run web`), after one line on stderr saying so. stdout stays browser mode's own: the one
// line with the address to open.
//
// Whether the runtime is installed is read from the electron package's files (path.txt and the
// binary it names, or ELECTRON_OVERRIDE_DIST_PATH): require('electron') itself would try to
// download the binary when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = join(override, executable || 'electron');
    return existsSync(binary) ? binary : undefined;
  }
  if (!executable) return undefined;
  const binary = join(pkg, 'dist', executable);
  return existsSync(binary) ? binary : undefined;
}

/** Runs a child with our stdio, passes our termination signals on, and exits with its status. */
function runForwarding(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  child.once('error', (error) => {
    console.error(`npm start: cannot run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signalNumber(signal) ?? 1) : 1)));
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal];
}

const binary = electronBinary();
if (binary) {
  // STOMP_EXPLORER_SKIP_BUILD=1 launches the existing out/ as it is.
  const build =
    process.env.STOMP_EXPLORER_SKIP_BUILD === '1'
      ? { status: 0 }
      : spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('npm start: electron-vite build failed (see above)');
    process.exit(1);
  }
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary a plain Node
  runForwarding(binary, [root, ...args], env);
} else {
  console.error('STOMP Explorer: the Electron runtime is not installed (node_modules/electron has no binary), so browser mode is being served instead.');
  runForwarding(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'src-main/web/main.ts'), ...args]);
}
