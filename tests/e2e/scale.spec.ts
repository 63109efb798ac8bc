/**
 * A flood from an outside producer (issue 15), as the list follows it: every message counted and
 * the newest shown, no page asked of the host while following (the rows come with the batches;
 * before, two pages of 200 rows were asked for every batch), the first message one keypress away,
 * a filter over all of them, and the tab never stopping (long tasks observed with
 * PerformanceObserver; the bound is loose for a loaded test machine, see large-bodies.spec.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { StompClient } from '../../src-core/client';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { openDockTab, openWireLog } from './scenarios/dock';
import { filterMessages, messageGrid } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

const COUNT = 20_000;
const LONGEST_TASK_MS = 400;

test.setTimeout(120_000);

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
`;

async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => {
    const probe = globalThis as unknown as { __longTasks: number[] };
    const longest = Math.max(0, ...probe.__longTasks);
    probe.__longTasks = [];
    return longest;
  });
}

/** `m-00000042-xxxx…`, 100 bytes, as fast as the broker takes them (one receipt at the end). */
async function flood(destination: string, count: number): Promise<void> {
  const client = new StompClient({ uri: 'tcp://127.0.0.1:61613', login: 'guest', passcode: 'guest', host: '/', heartBeat: [0, 0], reconnect: false });
  await client.connect();
  for (let i = 0; i < count; i++) {
    const body = Buffer.alloc(100, 'x');
    body.write(`m-${String(i).padStart(8, '0')}-`, 0, 'latin1');
    const sent = client.send(destination, body, i === count - 1 ? { receipt: true } : {});
    if (i % 500 === 499 || i === count - 1) await sent;
  }
  await client.disconnect();
}

/** Every frame on the app's WebSocket, each way: listened to before the app opens its socket. */
const frames = new WeakMap<Page, { sent: string[]; received: string[] }>();
function recordFrames(page: Page): void {
  const record = { sent: [] as string[], received: [] as string[] };
  frames.set(page, record);
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => void record.sent.push(String(payload)));
    ws.on('framereceived', ({ payload }) => void record.received.push(String(payload)));
  });
}
const framesOf = (page: Page) => frames.get(page)!;

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await page.addInitScript(LONG_TASKS);
  recordFrames(page);
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('the list follows a flood without asking the host for pages, and all of it stays reachable', async ({ page }) => {
  const queue = `/queue/${unique('e2e-scale')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await subscribe(page, queue, 'auto');
  const sentBefore = framesOf(page).sent.length;
  const listRequests = () => framesOf(page).sent.slice(sentBefore).filter((text) => text.includes('"method":"messages.list"')).length;
  expect(sentBefore, 'the app’s own requests are seen').toBeGreaterThan(0);
  await longestTask(page);

  await flood(queue, COUNT);
  await expect(page.getByText(`${COUNT.toLocaleString('en-US')} messages`, { exact: true })).toBeVisible({ timeout: 60_000 });
  const last = `m-${String(COUNT - 1).padStart(8, '0')}-`;
  await expect(messageGrid(page).getByRole('row').filter({ hasText: last })).toBeVisible();
  // A page or two around the start is fine; one per batch is the fault this guards against.
  expect(listRequests()).toBeLessThanOrEqual(2);
  const whileFollowing = await longestTask(page);

  // The first message, one keypress away in a list of 20,000 rows.
  await messageGrid(page).focus();
  await page.keyboard.press('Home');
  await expect(messageGrid(page).getByRole('row').filter({ hasText: 'm-00000000-' })).toBeVisible();

  // A filter over all of them finds the one.
  await filterMessages(page, 'm-00012345-', 1);
  const afterwards = await longestTask(page);

  expect(whileFollowing, 'the longest task while following').toBeLessThan(LONGEST_TASK_MS);
  expect(afterwards, 'the longest task scrolling and filtering').toBeLessThan(LONGEST_TASK_MS);
});

test('the wire log’s entries are sent only while it shows, and every row it scrolls to fills in', async ({ page }) => {
  const queue = `/queue/${unique('e2e-wire-watch')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await subscribe(page, queue, 'auto');
  await openDockTab(page, 'Composer');
  const from = framesOf(page).received.length;
  const batches = () =>
    framesOf(page)
      .received.slice(from)
      .filter((text) => text.includes('"event":"wire.appended"'))
      .map((text) => (JSON.parse(text) as { payload: { entries: unknown[]; total: number } }).payload)
      .map((batch) => ({ entries: batch.entries.length, total: batch.total }));

  // Nobody looks at the wire log: its batches count the entries and carry none.
  await flood(queue, 3_000);
  await expect(page.getByText('3,000 messages', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect.poll(() => batches().at(-1)?.total ?? 0).toBeGreaterThan(3_000);
  expect(batches().every((b) => b.entries === 0)).toBe(true);

  // Shown, it pages in its tail, then its batches carry the newest entries as the next flood runs.
  const log = await openWireLog(page);
  const last = log.locator('.wire-row').last();
  await expect(last).toContainText('MESSAGE');
  const shownAt = batches().length;
  await flood(queue, 20_000);
  await expect(page.getByText('23,000 messages', { exact: true })).toBeVisible({ timeout: 60_000 });
  // Following the tail, the newest row ends up with its frame, not a "loading…" row chasing a count.
  await expect(last).toContainText('MESSAGE');
  await expect(last).not.toContainText('loading…');
  await expect.poll(() => batches().slice(shownAt).some((b) => b.entries > 0)).toBe(true);

  // Back through the flood, screen by screen: no row is left waiting ("loading…") for long.
  await log.hover();
  for (let screen = 0; screen < 12; screen++) {
    await page.mouse.wheel(0, -1_500);
    await expect(log.getByText('loading…')).toHaveCount(0);
  }
  await expect(log.locator('.wire-cmd').first()).toHaveText('MESSAGE');
});
