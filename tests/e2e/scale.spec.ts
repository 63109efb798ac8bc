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

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await page.addInitScript(LONG_TASKS);
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('the list follows a flood without asking the host for pages, and all of it stays reachable', async ({ page }) => {
  const queue = `/queue/${unique('e2e-scale')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await subscribe(page, queue, 'auto');
  let listRequests = 0;
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => void (String(payload).includes('"method":"messages.list"') && listRequests++)));
  await longestTask(page);

  await flood(queue, COUNT);
  await expect(page.getByText(`${COUNT.toLocaleString('en-US')} messages`, { exact: true })).toBeVisible({ timeout: 60_000 });
  const last = `m-${String(COUNT - 1).padStart(8, '0')}-`;
  await expect(messageGrid(page).getByRole('row').filter({ hasText: last })).toBeVisible();
  // A page or two around the start is fine; one per batch is the fault this guards against.
  expect(listRequests).toBeLessThanOrEqual(2);
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
