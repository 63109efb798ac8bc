/**
 * The proxy as a user drives it, by role and accessible name: create a proxy for a profile, start
 * it, read where it listens, set hold rules and faults, act on held frames, and run producers that
 * are not ours through it (stomp.py spawned, stompit in the test process). Not a spec file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { rail } from './scenarios/app';
import { repoRoot } from './support/browser-mode';

export const proxiesList = (page: Page): Locator => rail(page).getByRole('list', { name: 'Proxies' });
export const proxyHeader = (page: Page, name: string): Locator => page.getByRole('region', { name: `Proxy ${name}` });
export const proxyFacts = (page: Page): Locator => page.getByRole('status', { name: 'Proxy state' });
export const proxyLog = (page: Page): Locator => page.getByRole('log', { name: 'Proxied frames' });
export const heldFrames = (page: Page): Locator => page.getByRole('list', { name: 'Held frames' });
export const proxyControls = (page: Page): Locator => page.getByRole('tablist', { name: 'Proxy controls' });

/** Creates a proxy (port 0: a free one) forwarding to the profile named, and opens it. */
export async function createProxy(page: Page, name: string, upstream: string): Promise<void> {
  await rail(page).getByRole('button', { name: 'New proxy' }).click();
  const dialog = page.getByRole('dialog', { name: 'New proxy' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Listen port').fill('0');
  const select = dialog.getByLabel('Upstream profile');
  const option = await select.locator('option', { hasText: `${upstream} (` }).first().textContent();
  await select.selectOption({ label: (option ?? '').trim() });
  await dialog.getByRole('button', { name: 'Save proxy' }).click();
  await expect(dialog).toBeHidden();
  await expect(proxyHeader(page, name)).toBeVisible();
}

/** Starts the open proxy and answers the port it listens on. */
export async function startProxy(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Start proxy' }).click();
  await expect(proxyFacts(page)).toContainText('running');
  const text = await proxyFacts(page).textContent();
  const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(text ?? '')?.[1]);
  expect(port).toBeGreaterThan(0);
  return port;
}

export async function openControls(page: Page, tab: 'Hold' | 'Faults' | 'Recordings'): Promise<void> {
  await proxyControls(page).getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
}

/** One hold rule: SEND frames to `destination` (a pattern), applied. */
export async function holdSendsTo(page: Page, destination: string): Promise<void> {
  await openControls(page, 'Hold');
  await page.getByRole('button', { name: 'Add hold rule' }).click();
  const rules = page.getByRole('table', { name: 'Hold rules' });
  const last = (await rules.getByRole('row').count()) - 1;
  await rules.getByLabel(`Rule ${last} destination`).fill(destination);
  await page.getByRole('button', { name: 'Apply rules' }).click();
  await expect(page.getByRole('status').filter({ hasText: /rule\(s\) on/ })).toBeVisible();
}

/** The frame row in the log whose accessible name matches. */
export function logRow(page: Page, name: RegExp): Locator {
  return proxyLog(page).getByRole('button', { name });
}

/** stomp.py (Debian's python3-stomp) producing `bodies` to `destination` through a port; resolves when it exits. */
export function stomppyProducer(port: number, destination: string, bodies: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn('/usr/bin/python3', [join(repoRoot, 'tests/brokers/proxy-stomppy.py'), 'produce', '127.0.0.1', String(port), '/', destination], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(JSON.stringify(bodies.map((b) => Buffer.from(b).toString('base64'))));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

// --- stompit, a third-party client, in the test process ---------------------------------------

interface StompitClient {
  send(headers: Record<string, string>, options?: { onReceipt?: () => void }): NodeJS.WritableStream;
  subscribe(headers: Record<string, string>, listener: (error: Error | null, message: NodeJS.ReadableStream & { headers: Record<string, string> }) => void): unknown;
  ack(message: unknown): void;
  disconnect(): void;
  destroy(): void;
  on(event: 'error', listener: (error: Error) => void): void;
}
const stompit = createRequire(import.meta.url)('stompit') as {
  connect(options: { host: string; port: number; connectHeaders: Record<string, string>; timeout?: number }, callback: (error: Error | null, client: StompitClient) => void): void;
};

export interface Stompit {
  readonly client: StompitClient;
  /** Errors the connection hit (a dropped connection ends up here). */
  readonly errors: Error[];
  /** Sends with a receipt; resolves true on the RECEIPT, false if none came within `timeoutMs`. */
  send(destination: string, body: Buffer | string, timeoutMs?: number, headers?: Record<string, string>): Promise<boolean>;
}

export function stompitTo(port: number): Promise<Stompit> {
  return new Promise((resolve, reject) => {
    stompit.connect({ host: '127.0.0.1', port, connectHeaders: { host: '/', login: 'guest', passcode: 'guest', 'accept-version': '1.2', 'heart-beat': '0,0' }, timeout: 10_000 }, (error, client) => {
      if (error) return reject(error);
      const errors: Error[] = [];
      client.on('error', (e) => errors.push(e));
      resolve({
        client,
        errors,
        send: (destination, body, timeoutMs = 10_000, headers = {}) =>
          new Promise<boolean>((done) => {
            const bytes = Buffer.from(body);
            const timer = setTimeout(() => done(false), timeoutMs);
            const stream = client.send({ destination, 'content-length': String(bytes.length), ...headers }, { onReceipt: () => (clearTimeout(timer), done(true)) });
            stream.write(bytes);
            stream.end();
          }),
      });
    });
  });
}

/** No serious or critical axe-core violation on the page as it is, in the light and the dark theme. */
export async function expectAccessibleInBothThemes(page: Page): Promise<void> {
  const { describeViolations, seriousViolations } = await import('./support/axe');
  const theme = page.getByRole('combobox', { name: 'Theme' });
  for (const choice of ['light', 'dark']) {
    await theme.selectOption(choice);
    // Known and reported, not the proxy's: the main dock, once collapsed (the proxy view folds it
    // away), leaves its Radix tabs' aria-controls naming panels it no longer renders.
    const collapsedDock = await page.getByRole('button', { name: 'Show dock' }).isVisible();
    const violations = (await seriousViolations(page)).filter(
      (v) => !(collapsedDock && v.id === 'aria-valid-attr-value' && v.targets.every((t) => t.includes('role="tab"') && t.includes('-trigger-'))),
    );
    expect(violations, describeViolations(violations)).toEqual([]);
    if (choice === 'dark') await page.screenshot({ path: '.tmp/e2e-proxy-dark.png' });
  }
  await theme.selectOption('system');
}
