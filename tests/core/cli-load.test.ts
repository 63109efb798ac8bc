/**
 * The CLI's `load` without a real broker: options out of range are refused naming the option,
 * a payload script that fails (syntax, an endless loop) ends the run with the script's words, and
 * a run against the sandbox broker reports as JSON lines. (Real brokers: tests/brokers/load-*.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { spawn } from 'node:child_process';
import { runCli } from './cli-kit';

/** The CLI's plain-text output (runCli reads JSON lines). */
function runCliText(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../../src-core/cli/main.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

let broker: SandboxBroker;
const dir = mkdtempSync(join(tmpdir(), 'cli-load-'));

beforeAll(async () => {
  broker = await startSandboxBroker();
});
afterAll(async () => {
  await broker.close();
});

// Each case starts the CLI (a second or more of tsx start-up): a few cases, each a different check.
describe('load: bad options', { timeout: 60_000 }, () => {
  it.each([
    [['--rate=-5'], /--rate must be a whole number from 0 to 1000000, not "-5"/],
    [['--duration', '0'], /--duration takes seconds .* not "0"/],
    [['--script', '/nonexistent/payload.js'], /cannot read --script \/nonexistent\/payload\.js/],
  ])('%j is refused before connecting', async (args, message) => {
    const result = await runCli(['load', 'tcp://127.0.0.1:1', '/queue/x', ...(args as string[])]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message as RegExp);
    expect(result.stderr).toMatch(/usage: stomp-explorer load URI DESTINATION/);
  });

  it('a payload script with a syntax error is refused with its line', async () => {
    const file = join(dir, 'broken.js');
    writeFileSync(file, '(i) => {\n  return { body: ;\n}');
    const result = await runCli(['load', broker.url, '/queue/x', '--script', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--script .*broken\.js: syntax error \(line 2, column \d+\)/);
  });
});

describe('load against the sandbox broker', { timeout: 60_000 }, () => {
  it('reports JSON lines: states, samples, and the report', async () => {
    const result = await runCli(['load', broker.url, '/topic/cli-load', '--rate', '300', '--duration', '1.2', '--receipt', '--consume', '--json'], { timeoutMs: 30_000 });
    expect(result.code).toBe(0);
    const states = result.lines.filter((l) => l.type === 'state').map((l) => l.state);
    expect(states).toEqual(['connecting', 'publishing', 'draining', 'finished']);
    expect(result.lines.filter((l) => l.type === 'sample').length).toBeGreaterThanOrEqual(1);
    expect(result.lines.at(-1)).toMatchObject({ type: 'report', state: 'finished', sent: 360, confirmed: 360, received: 360, lost: 0, duplicated: 0 });
  });

  it('prints a line a second and a summary for people', async () => {
    const result = await runCliText(['load', broker.url, '/queue/cli-load-text', '--rate', '0', '--duration', '1.1', '--size', '64']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^t=1s sent \d+\/s confirmed 0\/s received 0\/s in-flight \d+ late p99 [\d.]+ ms$/m);
    expect(result.stdout).toMatch(/^finished: \d+ sent to \/queue\/cli-load-text in [\d.]+ s/m);
    expect(result.stdout).toMatch(/^pacing: target as fast as possible, achieved \d+\/s/m);
    expect(result.stdout).toMatch(/^generator CPU [\d.]+ s \(\d+ % of one core\)$/m);
  });

  it('a payload script stuck in a loop ends the run as failed, in the script’s words (exit 1)', async () => {
    const file = join(dir, 'loop.js');
    writeFileSync(file, '(i) => { while (true) {} }');
    const result = await runCli(['load', broker.url, '/queue/cli-load-loop', '--rate', '10', '--duration', '0.2', '--script', file, '--json'], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toMatchObject({ type: 'report', state: 'failed', error: expect.stringMatching(/ran longer than its 1000 ms limit.*building messages 0–255/) });
  });
});
