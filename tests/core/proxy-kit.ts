/**
 * Test kit for the proxy's core tests: a raw upstream server that records what it receives and
 * says what it is told to, raw client sockets, a proxy whose every event is logged in order, and
 * waits driven by events. Everything opened is closed after each test. Not a test file.
 */
import { spawn } from 'node:child_process';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startStompProxy, type ProxyEvents, type ProxyOptions, type StompProxy } from '../../src-core/proxy';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function onCleanup(cleanup: () => Promise<void> | void): void {
  cleanups.push(cleanup);
}

/** Collects a socket's bytes; `until(n)` waits for n of them, `ended` for its close. */
export class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;
  ended = false;
  private waiters: (() => void)[] = [];

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  get bytes(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  text(): string {
    return this.bytes.toString('latin1');
  }

  async until(predicate: (sink: ByteSink) => boolean, timeoutMs = 5000, what = 'bytes'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}: have ${this.length} bytes${this.ended ? ', ended' : ''}: ${JSON.stringify(this.text().slice(-200))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  untilLength(n: number, timeoutMs?: number): Promise<void> {
    return this.until((s) => s.length >= n, timeoutMs, `${n} bytes`);
  }

  untilText(text: string, timeoutMs?: number): Promise<void> {
    return this.until((s) => s.text().includes(text), timeoutMs, JSON.stringify(text));
  }

  untilEnded(timeoutMs?: number): Promise<void> {
    return this.until((s) => s.ended, timeoutMs, 'the end');
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export interface RawPeer {
  readonly socket: Socket;
  readonly received: ByteSink;
  write(bytes: string | Uint8Array): void;
}

function peerOf(socket: Socket): RawPeer {
  const received = new ByteSink();
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('close', () => received.end());
  socket.on('error', () => undefined);
  return { socket, received, write: (bytes) => void socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes) };
}

/** An upstream that accepts connections and lets the test play the broker byte by byte. */
export interface RawUpstream {
  readonly port: number;
  readonly url: string;
  readonly peers: RawPeer[];
  nextPeer(timeoutMs?: number): Promise<RawPeer>;
}

export async function rawUpstream(options: { readonly autoRead?: boolean } = {}): Promise<RawUpstream> {
  const peers: RawPeer[] = [];
  let waiting: ((peer: RawPeer) => void)[] = [];
  let taken = 0;
  const server: Server = createServer((socket) => {
    if (options.autoRead === false) socket.pause();
    const peer = peerOf(socket);
    if (options.autoRead === false) socket.pause();
    peers.push(peer);
    for (const wake of waiting.splice(0)) wake(peer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  cleanups.push(() => {
    for (const peer of peers) peer.socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    port,
    url: `tcp://127.0.0.1:${port}`,
    peers,
    async nextPeer(timeoutMs = 5000) {
      if (taken < peers.length) return peers[taken++];
      const peer = await new Promise<RawPeer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no connection reached the upstream')), timeoutMs);
        waiting.push((p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
      waiting = [];
      taken++;
      return peer;
    },
  };
}

/** A raw client socket to a port. */
export function rawClient(port: number): Promise<RawPeer> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1');
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      cleanups.push(() => void socket.destroy());
      resolve(peerOf(socket));
    });
  });
}

const EVENT_NAMES = ['open', 'frame', 'heartbeat', 'diagnostic', 'negotiated', 'hold', 'released', 'altered', 'close'] as const;
type EventName = (typeof EVENT_NAMES)[number];

export type LoggedEvent = { [K in EventName]: { readonly type: K } & ProxyEvents[K] }[EventName];

/** A proxy on a free loopback port whose events are all logged, in order; closed after the test. */
export async function loggedProxy(options: Omit<ProxyOptions, 'listen'> & { listen?: ProxyOptions['listen'] }) {
  const proxy = await startStompProxy({ listen: { host: '127.0.0.1', port: 0 }, ...options });
  cleanups.push(() => proxy.close());
  const log: LoggedEvent[] = [];
  let waiters: (() => void)[] = [];
  for (const name of EVENT_NAMES) {
    proxy.on(name, (payload) => {
      log.push({ type: name, ...(payload as object) } as LoggedEvent);
      for (const wake of waiters.splice(0)) wake();
    });
  }
  const of = <K extends LoggedEvent['type']>(type: K) => log.filter((e): e is Extract<LoggedEvent, { type: K }> => e.type === type);
  async function waitFor<K extends LoggedEvent['type']>(type: K, predicate: (e: Extract<LoggedEvent, { type: K }>) => boolean = () => true, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = of(type).find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no '${type}' event as expected within ${timeoutMs} ms; log: ${log.map(describe).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      waiters = waiters.filter(Boolean);
    }
  }
  return { proxy, port: proxy.address.port, log, of, waitFor, frames: (direction?: string) => of('frame').filter((f) => direction === undefined || f.direction === direction) };
}

function describe(e: LoggedEvent): string {
  if (e.type === 'frame') return `frame ${e.direction} ${e.frame.command}`;
  if (e.type === 'diagnostic') return `diagnostic ${e.direction} ${e.diagnostic.rule}@${e.diagnostic.offset}`;
  return e.type;
}

/** A STOMP frame as bytes (latin1: every char one byte), headers as written. */
export function frameText(command: string, headers: readonly (readonly [string, string])[], body = ''): string {
  return `${command}\n${headers.map(([n, v]) => `${n}:${v}\n`).join('')}\n${body}\0`;
}

export const CONNECT_12 = frameText('CONNECT', [['accept-version', '1.2'], ['host', '/'], ['login', 'guest'], ['passcode', 'guest']]);
export const CONNECTED_12 = frameText('CONNECTED', [['version', '1.2']]);

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A long-running CLI command (`proxy`) with its stdout read as JSON lines while it runs. */
export interface RunningCli {
  readonly first: Record<string, unknown>;
  readonly lines: Record<string, unknown>[];
  stderr(): string;
  waitForLine(predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends the signal and resolves with the exit status once the process has ended. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const repoRoot = new URL('../..', import.meta.url).pathname;

export function startCliCommand(args: string[]): Promise<RunningCli> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-core/cli/main.ts'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Record<string, unknown>[] = [];
    let pending = '';
    let errors = '';
    let wake: (() => void)[] = [];
    let exited: number | null | undefined;
    const exit = new Promise<number | null>((done) => child.once('close', (code) => done((exited = code))));
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (text.trim()) lines.push(JSON.parse(text));
      }
      for (const w of wake.splice(0)) w();
      if (lines.length > 0 && !started) {
        started = true;
        resolve(running);
      }
    });
    let started = false;
    const running: RunningCli = {
      get first() {
        return lines[0];
      },
      lines,
      stderr: () => errors,
      async waitForLine(predicate, timeoutMs = 10_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = lines.find(predicate);
          if (found) return found;
          if (exited !== undefined) throw new Error(`the command exited (${exited}) without the line; stderr: ${errors}`);
          const left = deadline - Date.now();
          if (left <= 0) throw new Error(`no such line within ${timeoutMs} ms; have ${lines.length} lines; stderr: ${errors}`);
          await new Promise<void>((r) => {
            const timer = setTimeout(r, Math.min(left, 200));
            wake.push(() => {
              clearTimeout(timer);
              r();
            });
          });
          wake = wake.filter(Boolean);
        }
      },
      async stop(signal = 'SIGINT') {
        if (exited === undefined) child.kill(signal);
        return exit;
      },
    };
    cleanups.push(() => void running.stop('SIGKILL'));
    child.once('close', (code) => {
      if (!started) reject(new Error(`cli ${args.join(' ')} exited with ${code} before printing: ${errors}`));
    });
  });
}
