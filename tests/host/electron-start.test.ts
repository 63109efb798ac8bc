/**
 * `npm start` (scripts/start.mjs): Electron when its runtime is installed, browser mode otherwise,
 * with one line on stderr saying so and stdout left to browser mode's address line. The runtime's
 * download on demand is tested in electron-start-download.test.ts.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'stomp-explorer-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function start(env: Record<string, string>, args: string[] = []) {
  // A display, as on a desktop: without one, npm start does not try Electron at all.
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), ...args], { cwd: root, env: { ...process.env, DISPLAY: ':99', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, out: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  it('without the Electron runtime where ELECTRON_OVERRIDE_DIST_PATH says, says so on stderr and serves browser mode', async () => {
    mkdirSync(join(scratch, 'renderer'), { recursive: true });
    writeFileSync(join(scratch, 'renderer', 'index.html'), '<!doctype html>');
    const run = start({
      ELECTRON_OVERRIDE_DIST_PATH: join(scratch, 'no-electron-here'),
      STOMP_EXPLORER_DATA_DIR: join(scratch, 'data'),
      STOMP_EXPLORER_RENDERER_DIR: join(scratch, 'renderer'),
    });
    await new Promise<void>((resolveLine, reject) => {
      run.child.stdout.on('data', () => run.out().stdout.includes('\n') && resolveLine());
      void run.exited.then(() => reject(new Error(`exited early: ${run.out().stderr}`)));
    });
    expect(run.out().stdout).toMatch(/^STOMP Explorer \(browser mode\): http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}\n$/);
    expect(run.out().stderr.split('\n')[0]).toBe(
      `STOMP Explorer: the Electron runtime is not in ELECTRON_OVERRIDE_DIST_PATH (${join(scratch, 'no-electron-here')}), so browser mode is being served instead.`,
    );
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('with the Electron runtime, launches it on the project with the arguments given', async () => {
    const dist = join(scratch, 'electron-dist');
    mkdirSync(dist, { recursive: true });
    const record = join(scratch, 'launched.json');
    const fake = join(dist, 'electron');
    writeFileSync(fake, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args: process.argv.slice(2), runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }));\nprocess.exit(3);\n`);
    chmodSync(fake, 0o755);
    const run = start({ ELECTRON_OVERRIDE_DIST_PATH: dist, STOMP_EXPLORER_SKIP_BUILD: '1', ELECTRON_RUN_AS_NODE: '1' }, ['--inspect-nothing']);
    expect(await run.exited).toBe(3);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual({ args: [root, '--inspect-nothing'], runAsNode: null });
    expect(run.out().stderr).not.toContain('browser mode');
  });
});
