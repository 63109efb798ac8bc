/** Runs the command-line tool exactly as users do (`npm run -s cli -- …` is tsx on src-core/cli/main.ts). */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository's root, where the CLI runs. */
export const cliRoot = root;

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as one JSON object per line. */
  readonly lines: Record<string, unknown>[];
}

export function runCli(args: string[], options: { stdin?: Uint8Array | string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-core/cli/main.ts'), ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not finish within ${options.timeoutMs ?? 20_000} ms`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString();
      resolve({
        code,
        stdout,
        stderr: Buffer.concat(err).toString(),
        lines: stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)),
      });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Starts a long-running CLI command (e.g. `broker`) and resolves with its first stdout line. */
export function startCli(args: string[]): Promise<{ first: Record<string, unknown>; stop: () => Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-core/cli/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        resolve({
          first: JSON.parse(buffered.slice(0, newline)),
          stop: () =>
            new Promise((done) => {
              child.once('close', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`cli ${args.join(' ')} exited with ${code} before printing`)));
  });
}

export interface CliLine {
  readonly stream: 'stdout' | 'stderr';
  /** ms since the process was spawned. */
  readonly at: number;
  readonly text: string;
  /** The line as JSON, when it is JSON. */
  readonly json: Record<string, unknown> | undefined;
}

export interface RunningCli {
  readonly lines: CliLine[];
  /** Resolves with the first line (on either stream) that `match` accepts. */
  waitFor(match: (line: CliLine) => boolean, timeoutMs?: number): Promise<CliLine>;
  /** Resolves with the exit status and when it came (ms since spawn). */
  readonly exited: Promise<{ code: number | null; at: number }>;
  kill(signal?: NodeJS.Signals): void;
}

/**
 * Starts the CLI and records every line as it arrives, with its time, so a test can act while the
 * command runs (drop the broker's connections, interrupt it) and check what it printed and when.
 * The process is killed after `hangMs`, which a test then sees as a status of null.
 */
export function spawnCli(args: string[], hangMs = 30_000): RunningCli {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-core/cli/main.ts'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: CliLine[] = [];
  const waiters: { match: (line: CliLine) => boolean; resolve: (line: CliLine) => void }[] = [];
  const take = (stream: 'stdout' | 'stderr') => {
    let buffered = '';
    return (data: Buffer) => {
      buffered += data.toString();
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        const line = { stream, at: performance.now() - started, text, json };
        lines.push(line);
        for (const waiter of waiters.splice(0)) {
          if (waiter.match(line)) waiter.resolve(line);
          else waiters.push(waiter);
        }
      }
    };
  };
  child.stdout.on('data', take('stdout'));
  child.stderr.on('data', take('stderr'));
  const killer = setTimeout(() => child.kill('SIGKILL'), hangMs);
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, at: performance.now() - started });
    }),
  );
  return {
    lines,
    exited,
    kill: (signal = 'SIGTERM') => child.kill(signal),
    waitFor(match, timeoutMs = 20_000) {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching line within ${timeoutMs} ms; got:\n${lines.map((l) => l.text).join('\n')}`)), timeoutMs);
        waiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
  };
}

/** A line on stderr of JSON type `type`. */
export const progressOf = (type: string) => (line: CliLine) => line.stream === 'stderr' && line.json?.type === type;
