/**
 * A 10 MiB body, published by an outside client, opened in every viewer and scrolled to its end
 * (issues 9.14 and 15): the tab never stops answering (long tasks observed with
 * PerformanceObserver; before, opening took one task of ~3.8 s, Text ~9.4 s, Base64 ~10.3 s), the
 * body crosses the bridge in pages, and the viewer has the height it needs at 1440×900 (Hex showed
 * two rows under the headers table).
 *
 * The renderer's target is no task over 100 ms (measured by `npm run bench:ui`); the bound here is
 * looser so that a loaded test machine's hiccups do not fail it, while a viewer that decodes,
 * encodes or lays out the whole body (seconds) still does.
 */
import { expect, test, type Page } from '@playwright/test';
import { StompClient } from '../../src-core/client';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { inspector, framingLine, showBodyAs } from './scenarios/inspector';
import { openMessage } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

const SIZE = 10 * 1024 * 1024;
const LINE = 64;
/** Generous: see above. */
const LONGEST_TASK_MS = 400;

test.use({ viewport: { width: 1440, height: 900 } });
test.setTimeout(120_000);

/** 64-byte numbered lines: `line 0000000 ……\n`. */
function largeBody(): Buffer {
  const body = Buffer.alloc(SIZE, '.');
  for (let i = 0; i < SIZE / LINE; i++) {
    body.write(`line ${String(i).padStart(7, '0')} `, i * LINE, 'latin1');
    body[i * LINE + LINE - 1] = 0x0a;
  }
  return body;
}

async function publish(destination: string, body: Buffer): Promise<void> {
  const client = new StompClient({ uri: 'tcp://127.0.0.1:61613', login: 'guest', passcode: 'guest', host: '/', heartBeat: [0, 0], reconnect: false });
  await client.connect();
  await client.send(destination, body, { receipt: true, headers: { 'content-type': 'text/plain' } });
  await client.disconnect();
}

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask' });
`;

interface Probe {
  __longTasks: number[];
}

/** The longest task since the last call (the app's own start-up is not this test's subject). */
async function longestTask(page: Page): Promise<number> {
  return page.evaluate(() => {
    const probe = globalThis as unknown as Probe;
    const longest = Math.max(0, ...probe.__longTasks);
    probe.__longTasks = [];
    return longest;
  });
}

async function scrollToEnd(page: Page, region: ReturnType<Page['getByRole']>): Promise<void> {
  await region.focus();
  const box = await region.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 5000);
  await page.keyboard.press('End');
}

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await page.addInitScript(LONG_TASKS);
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('a 10 MiB body opens, and every viewer shows and scrolls it without freezing the tab', async ({ page }) => {
  const queue = `/queue/${unique('e2e-large')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await subscribe(page, queue, 'auto');
  await publish(queue, largeBody());
  await longestTask(page);
  const longest: Record<string, number> = {};
  await openMessage(page, 'line 0000000');
  await expect(framingLine(page)).toContainText(`Body framed by content-length: ${SIZE.toLocaleString('en-US')} bytes`);

  longest.open = await longestTask(page);

  // Text, a page of 1 MiB at a time.
  await showBodyAs(page, 'Text');
  const text = inspector(page).getByRole('region', { name: 'Body as text' });
  await expect(text).toContainText('line 0000000 ....');
  const pager = inspector(page).getByRole('group', { name: 'Text pages' });
  await expect(pager).toContainText('page 1 of 10');
  await scrollToEnd(page, text);
  await expect(text).toContainText('line 0016383 ....'); // the last line of the first MiB
  await pager.getByRole('button', { name: /Next page/ }).click();
  await expect(pager).toContainText('page 2 of 10');
  await expect(text).toContainText('line 0016384 ....');

  longest.text = await longestTask(page);

  // Hex: the viewer has room (at least 10 rows on screen), and the last row is reachable.
  await showBodyAs(page, 'Hex');
  const hex = inspector(page).getByRole('region', { name: 'Body as hex' });
  await expect(inspector(page).getByRole('status').filter({ hasText: /rows · drag to select/ })).toHaveText(`${SIZE.toLocaleString('en-US')} bytes · ${(SIZE / 16).toLocaleString('en-US')} rows · drag to select`);
  await expect(hex).toContainText('00000000');
  const rowsOnScreen = await hex.evaluate((el) => {
    const view = (el as unknown as { getBoundingClientRect(): { top: number; bottom: number } }).getBoundingClientRect();
    const rows = (el as unknown as { querySelectorAll(s: string): ArrayLike<{ getBoundingClientRect(): { top: number; bottom: number } }> }).querySelectorAll('.hex-row');
    return Array.from(rows).filter((r) => r.getBoundingClientRect().top >= view.top - 1 && r.getBoundingClientRect().bottom <= view.bottom + 1).length;
  });
  expect(rowsOnScreen).toBeGreaterThanOrEqual(10);
  await scrollToEnd(page, hex);
  await expect(hex).toContainText('009ffff0');

  longest.hex = await longestTask(page);

  // Base64, 76 characters a line.
  await showBodyAs(page, 'Base64');
  const base64 = inspector(page).getByRole('region', { name: 'Body as base64' });
  await expect(base64).toContainText(largeBody().subarray(0, 57).toString('base64'));
  await scrollToEnd(page, base64);
  await expect(base64).toContainText(largeBody().subarray(SIZE - (SIZE % 57 || 57)).toString('base64'));

  longest.base64 = await longestTask(page);

  // JSON: too large for the tree, said so, shown as text.
  await showBodyAs(page, 'JSON');
  await expect(inspector(page).getByText(/The JSON tree takes bodies up to 2 MiB; this one is 10\.0 MiB/)).toBeVisible();

  longest.json = await longestTask(page);
  for (const [what, ms] of Object.entries(longest)) expect(ms, `the longest task in ${what}`).toBeLessThan(LONGEST_TASK_MS);
});
