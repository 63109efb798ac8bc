/**
 * The UI benchmark's moving parts: STOMP Explorer in browser mode (its own process, fresh data
 * directory), Debian's Chromium driven by Playwright with the flags of playwright.config.ts, the
 * outside producer and the bare client as child processes, and a contract client over the app's
 * WebSocket for the figures only the host knows (capture accounting).
 */
/** Code inside page.evaluate runs in the tab; Node's type-check has no DOM. */
declare const document: { querySelector(s: string): { textContent: string | null } | null; getElementById(id: string): { textContent: string | null } | null };
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import WebSocket from 'ws';
import type { MethodName, MethodParams, MethodResult } from '../../src-core/api';
import config from '../../playwright.config';
import { createProfile } from '../e2e/scenarios/profiles';
import { subscribe } from '../e2e/scenarios/subscriptions';
import { openApp } from '../e2e/scenarios/app';
import { RABBITMQ } from '../e2e/support/brokers';
import { repoRoot, snapshotRenderer, startBrowserMode, type BrowserModeApp } from '../e2e/support/browser-mode';
import { installPageProbe } from './ui-bench-probes';

export interface BenchApp extends BrowserModeApp {
  readonly api: ApiClient;
  stopAll(): Promise<void>;
}

/** One copy of the built renderer for the whole run: a rebuild meanwhile cannot change what is measured. */
let renderer: ReturnType<typeof snapshotRenderer> | undefined;

export async function removeRendererSnapshot(): Promise<void> {
  (await renderer)?.remove();
  renderer = undefined;
}

export async function startApp(): Promise<BenchApp> {
  renderer ??= snapshotRenderer();
  const app = await startBrowserMode('ui-bench', (await renderer).dir);
  const api = await ApiClient.open(app.url);
  return {
    ...app,
    api,
    async stopAll() {
      api.close();
      await app.stop();
    },
  };
}

export async function openBrowser(): Promise<Browser> {
  const launch = config.use?.launchOptions ?? {};
  return chromium.launch({ executablePath: launch.executablePath ?? '/usr/bin/chromium', args: launch.args });
}

/** A page at 1440×900 with the probes installed, the app open and connected to RabbitMQ. */
export async function openConnectedPage(browser: Browser, app: BrowserModeApp): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await installPageProbe(page);
  await openApp(page, app.url);
  await createProfile(page, RABBITMQ, { connect: true });
  return page;
}

export async function subscribeAuto(page: Page, destination: string): Promise<void> {
  await subscribe(page, destination, 'auto');
}

/** The message count the list's toolbar shows ("12,345 messages"). */
export async function uiCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    const text = document.querySelector('.msgs-pane .pane-toolbar [role=status]')?.textContent ?? '';
    const match = /^([\d,.\s]+)\s+(messages?|match(es)?)/.exec(text.trim());
    return match ? Number(match[1].replace(/[^\d]/g, '')) : -1;
  });
}

/** Resolves when the list's toolbar shows `count` messages (or matches); polls in the page. */
export async function waitForCount(page: Page, count: number, timeoutMs: number, what: 'messages' | 'matches' = 'messages'): Promise<void> {
  await page.waitForFunction(
    ([n, kind]) => {
      const text = document.querySelector('.msgs-pane .pane-toolbar [role=status]')?.textContent ?? '';
      const match = /^([\d,.\s]+)\s+(messages?|match(es)?)/.exec(text.trim());
      if (!match) return false;
      const isMatches = match[2].startsWith('match');
      return Number(match[1].replace(/[^\d]/g, '')) === n && isMatches === (kind === 'matches');
    },
    [count, what] as const,
    { polling: 50, timeout: timeoutMs },
  );
}

export { expect };

/** One outside process (ui-bench-peer.ts) and the JSON lines it says. */
export class Peer {
  readonly lines: Record<string, unknown>[] = [];
  private readonly waiters: { type: string; resolve(line: Record<string, unknown>): void }[] = [];
  private stderr = '';

  private constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return;
      }
      this.lines.push(line);
      for (const w of [...this.waiters]) {
        if (w.type === line.type) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-4000)));
  }

  static start(args: string[]): Peer {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/ui-bench-peer.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    return new Peer(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first line of this type (already said, or the next one). */
  waitFor<T = Record<string, unknown>>(type: string, timeoutMs = 600_000): Promise<T> {
    const seen = this.lines.find((l) => l.type === type);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`peer ${this.child.spawnargs.slice(3).join(' ')}: no "${type}" within ${timeoutMs} ms\n${this.stderr}`)), timeoutMs);
      const onExit = (code: number | null) => reject(new Error(`peer exited (${code}) before "${type}"\n${this.stderr}`));
      this.child.once('exit', onExit);
      this.waiters.push({
        type,
        resolve: (line) => {
          clearTimeout(timer);
          this.child.off('exit', onExit);
          resolve(line as T);
        },
      });
    });
  }

  kill(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/**
 * The contract over the app's WebSocket, as a second window would speak it. A dropped socket fails
 * what was in flight and is opened again by the next call. Idle for a second, it closes: an open
 * socket gets every event the host sends, and during a flood that second listener would count in
 * the host's CPU as work the app does not do for its one window.
 */
const IDLE_CLOSE_MS = 1_000;

export class ApiClient {
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private socket: Promise<WebSocket> | undefined;
  private closed = false;

  private constructor(
    private readonly wsUrl: string,
    readonly httpBase: string,
    readonly token: string,
  ) {}

  static async open(appUrl: string): Promise<ApiClient> {
    const url = new URL(appUrl);
    const token = url.hash.replace(/^#token=/, '');
    const client = new ApiClient(`ws://${url.host}/api?token=${token}`, `http://${url.host}`, token);
    await client.call('app.hello', { apiVersion: (await import('../../src-core/api/api-version')).API_VERSION });
    return client;
  }

  async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const socket = await this.connect();
    const id = this.nextId++;
    const answer = new Promise<MethodResult<M>>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    clearTimeout(this.idleTimer);
    socket.send(JSON.stringify({ kind: 'request', id, method, params }));
    return answer.finally(() => this.closeWhenIdle());
  }

  private closeWhenIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.pending.size > 0) return;
    this.idleTimer = setTimeout(() => {
      const socket = this.socket;
      this.socket = undefined;
      void socket?.then((s) => s.close());
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idleTimer);
    void this.socket?.then((s) => s.close());
  }

  private connect(): Promise<WebSocket> {
    if (this.closed) return Promise.reject(new Error('the API client is closed'));
    if (this.socket) return this.socket;
    const opened: Promise<WebSocket> = new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.wsUrl, 'stomp-explorer', { perMessageDeflate: false });
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { kind: string; id: number; ok: boolean; result?: unknown; error?: { message: string } };
        if (message.kind !== 'response') return;
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.result);
        else waiter?.reject(new Error(message.error?.message ?? 'failed'));
      });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
      socket.once('close', (code, reason) => {
        // A socket closed for idling may close after the next call opened another: that one stays.
        if (this.socket !== opened) return;
        this.socket = undefined;
        for (const waiter of this.pending.values()) waiter.reject(new Error(`the API socket closed (${code} ${String(reason)})`));
        this.pending.clear();
      });
    });
    this.socket = opened;
    return opened;
  }
}
