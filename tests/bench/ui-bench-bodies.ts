/**
 * Large bodies: the outside producer publishes one 10 MiB and one 100 MiB text body; the app
 * captures them; each is opened in the inspector and shown in every viewer, and each viewer is
 * scrolled. Measured per body: the time until the inspector shows it, the longest renderer task
 * while opening and while viewing (median of 3 rounds), and the host's RSS.
 */
import type { Page } from '@playwright/test';
import { median } from './bench-stats';
import { openBrowser, openConnectedPage, Peer, startApp, subscribeAuto, waitForCount } from './ui-bench-app';
import { processRssBytes, readTab, resetTab, RssSampler } from './ui-bench-probes';
import { MB, type Report } from './ui-bench-report';

const VIEWERS = ['Text', 'JSON', 'Hex', 'Base64'] as const;
type Viewer = (typeof VIEWERS)[number];

export async function largeBodies(report: Report, queue: string, sizes: readonly number[], rounds: number): Promise<void> {
  const app = await startApp();
  const browser = await openBrowser();
  try {
    const page = await openConnectedPage(browser, app);
    await subscribeAuto(page, queue);
    const rss0 = processRssBytes(app.pid);
    const capturing = new RssSampler(app.pid, 100).start();
    const producer = Peer.start(['produce', queue, '--bodies', sizes.join(',')]);
    await producer.waitFor('done', 300_000);
    await waitForCount(page, sizes.length, 120_000);
    const captured = capturing.stop();
    report.add({ what: 'host RSS after capturing them (peak)', value: captured.last / MB, unit: 'MB', note: `${(rss0 / MB).toFixed(0)} MB before, peak ${(captured.peak / MB).toFixed(0)} MB` });

    for (const [index, size] of sizes.entries()) {
      const label = `${size / MB} MiB`;
      try {
        await measureBody(report, page, app.pid, rss0, sizes, index, rounds);
      } catch (error) {
        report.add({ what: `${label}: could not be opened and viewed`, value: NaN, unit: '', target: 0, note: (error as Error).message.split('\n')[0].slice(0, 200) });
      }
    }
  } finally {
    await browser.close();
    await app.stopAll();
  }
}

async function measureBody(report: Report, page: Page, pid: number, rss0: number, sizes: readonly number[], index: number, rounds: number): Promise<void> {
  const size = sizes[index];
  {
    {
      const label = `${size / MB} MiB`;
      const opens: number[] = [];
      const openTasks: number[] = [];
      const viewTasks: Record<Viewer, number[]> = { Text: [], JSON: [], Hex: [], Base64: [] };
      const viewing = new RssSampler(pid, 100).start();
      for (let round = 0; round < rounds; round++) {
        // Another message first, so the body is opened afresh each round.
        await openRow(page, (index + 1) % sizes.length);
        let since = await resetTab(page);
        const t0 = Date.now();
        await openRow(page, index);
        await page.getByRole('region', { name: 'Inspector' }).getByLabel('Framing').filter({ hasText: size.toLocaleString('en-US') }).waitFor({ timeout: 120_000 });
        await page.getByRole('radiogroup', { name: 'Body viewer' }).waitFor({ timeout: 120_000 });
        opens.push(Date.now() - t0);
        await page.waitForTimeout(300);
        openTasks.push((await readTab(page, since)).longTaskMaxMs);
        for (const viewer of VIEWERS) {
          since = await resetTab(page);
          await showAndScroll(page, viewer);
          viewTasks[viewer].push((await readTab(page, since)).longTaskMaxMs);
        }
      }
      const memory = viewing.stop();
      report.add({ what: `${label}: opened in the inspector in (median)`, value: median(opens) / 1000, unit: 's', note: opens.map((t) => (t / 1000).toFixed(2)).join(' / ') });
      report.add({ what: `${label}: longest task opening it`, value: median(openTasks), unit: 'ms', target: 100 });
      for (const viewer of VIEWERS) {
        report.add({ what: `${label}: longest task in ${viewer}, shown and scrolled`, value: median(viewTasks[viewer]), unit: 'ms', target: 100, note: viewTasks[viewer].map((t) => Math.round(t)).join(' / ') });
      }
      report.add({ what: `${label}: host RSS peak while viewing`, value: memory.peak / MB, unit: 'MB', note: `${((memory.peak - rss0) / MB).toFixed(0)} MB over the idle app` });
    }
  }
}

async function openRow(page: Page, index: number): Promise<void> {
  const row = page.getByRole('grid', { name: 'Messages' }).getByRole('row').filter({ hasText: `m-${String(index).padStart(8, '0')}-` });
  await row.click({ timeout: 60_000 });
}

/** Picks the viewer, waits for its content, then scrolls it: wheel down, End, wheel up. */
async function showAndScroll(page: Page, viewer: Viewer): Promise<void> {
  const inspector = page.getByRole('region', { name: 'Inspector' });
  const radio = inspector.getByRole('radiogroup', { name: 'Body viewer' }).getByRole('radio', { name: viewer, exact: true });
  await radio.click({ timeout: 120_000 });
  const body = inspector.locator('.body-viewer');
  await body.waitFor({ timeout: 120_000 });
  await page.waitForTimeout(500);
  const box = await body.boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height - 5, 200));
  for (let i = 0; i < 10; i++) {
    await page.mouse.wheel(0, 3000);
    await page.waitForTimeout(40);
  }
  await page.keyboard.press('End');
  await page.waitForTimeout(200);
  for (let i = 0; i < 5; i++) {
    await page.mouse.wheel(0, -3000);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(300);
}
