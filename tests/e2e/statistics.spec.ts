/**
 * The Statistics dock tab against real RabbitMQ: 250 messages sent from the composer to a fresh
 * queue and consumed by the same connection; the table says 250 in and 250 out, the chart's
 * window adds up to the same, the CSV exports carry them, and the view is clean for axe in both
 * themes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { closeAllConnections, openApp, rail, unique } from './scenarios/app';
import { composer } from './scenarios/composer';
import { createProfile } from './scenarios/profiles';
import { subscribe, subscriptionButton } from './scenarios/subscriptions';
import { repoRoot } from './support/browser-mode';
import { ensureBroker, RABBITMQ } from './support/brokers';

const COUNT = 250;
const queues: string[] = [];
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** No serious or critical axe-core violation inside the open dock tab (the rest of the app has its own spec). */
async function expectPanelClean(page: Page, view: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe;
    const result = await axe.run({ include: [['.dock-panel[data-state="active"]']] }, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  expect(violations, view).toEqual([]);
}

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});
test.afterAll(async () => {
  // RabbitMQ's /queue/ queues are durable: leave none behind on the shared broker.
  const e = JSON.parse(execFileSync('bash', [join(repoRoot, 'scripts/brokers/endpoints.sh')], { encoding: 'utf8', timeout: 30_000 })) as { login: string; passcode: string; rabbitmq: { managementUrl: string } };
  const auth = { authorization: `Basic ${Buffer.from(`${e.login}:${e.passcode}`).toString('base64')}` };
  for (const name of queues) await fetch(new URL(`api/queues/%2F/${encodeURIComponent(name)}`, e.rabbitmq.managementUrl), { method: 'DELETE', headers: auth }).catch(() => undefined);
});

async function openTab(page: Page, name: 'Composer' | 'Statistics'): Promise<Locator> {
  const tab = page.getByRole('tablist', { name: 'Dock' }).getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return page.getByRole('tabpanel', { name, exact: true });
}

/** The cells of a statistics row, by the destination (or "Whole connection") in its header cell. */
function statsRow(panel: Locator, label: string): Locator {
  return panel.getByRole('table', { name: 'Statistics per destination' }).getByRole('row').filter({ has: panel.page().getByRole('rowheader', { name: label }) });
}

test(`${COUNT} sent to a RabbitMQ queue and consumed: table, chart and CSV all say ${COUNT} in and ${COUNT} out`, async ({ page }) => {
  const name = unique('e2e-stats');
  queues.push(name);
  const queue = `/queue/${name}`;
  await createProfile(page, RABBITMQ, { connect: true });
  // Consumed as they come (auto ack): RabbitMQ delivers all 250 without waiting for acks.
  await subscribe(page, queue, 'auto');

  const form = composer(page);
  await openTab(page, 'Composer');
  await form.getByRole('combobox', { name: 'Destination' }).fill(queue);
  await form.getByRole('textbox', { name: 'Body', exact: true }).fill('count me: 16 B .');
  await form.getByRole('textbox', { name: 'Copies' }).fill(String(COUNT));
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText(new RegExp(`^✓ Sent ${COUNT} messages`), { timeout: 30_000 });
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(`${queue}, ${COUNT} messages`, { timeout: 20_000 });

  const panel = await openTab(page, 'Statistics');
  const row = statsRow(panel, queue);
  const cells = row.getByRole('cell');
  // Msgs in, Msgs out, Bytes in, Bytes out (16 B each).
  await expect(cells.nth(0)).toHaveText(String(COUNT));
  await expect(cells.nth(1)).toHaveText(String(COUNT));
  await expect(cells.nth(2)).toHaveText('3.9 KiB');
  await expect(cells.nth(3)).toHaveText('3.9 KiB');
  await expect(row.getByText('subscribed')).toBeVisible();
  const whole = statsRow(panel, 'Whole connection').getByRole('cell');
  await expect(whole.nth(0)).toHaveText(String(COUNT));
  await expect(whole.nth(1)).toHaveText(String(COUNT));
  // A bulk send asks a receipt of some copies (and the last): their round trips are counted.
  await expect(cells.nth(9)).toHaveText(/^\d+ · [\d.]+ \/ [\d.]+ \/ [\d.]+ ms$/);

  // The chart's window holds every message once its seconds have closed.
  const chart = panel.getByRole('figure');
  await expect(chart).toHaveAccessibleName(new RegExp(`^Last 5 minutes, whole connection: ${COUNT} in, ${COUNT} out`), { timeout: 5_000 });
  await expect(chart.getByRole('img', { name: /Messages a second in \(solid\) and out \(dashed\)/ })).toBeVisible();
  await expect(chart.locator('canvas')).toBeVisible();
  await row.getByRole('button', { name: queue }).click();
  await expect(row.getByRole('button', { name: queue })).toHaveAttribute('aria-pressed', 'true');
  await expect(chart).toHaveAccessibleName(new RegExp(`^Last 5 minutes, ${queue.replace(/[/.-]/g, '\\$&')}: ${COUNT} in, ${COUNT} out`));
  await page.screenshot({ path: '.tmp/e2e-statistics.png' });

  // CSV: the table's line for the queue, and the per-second series adding up to the same.
  const [totals] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export table (CSV)' }).click()]);
  expect(totals.suggestedFilename()).toMatch(/^stomp-statistics-c\d+-.+\.csv$/);
  const table = await readFile((await totals.path())!, 'utf8');
  const lines = table.split('\r\n');
  expect(lines[0]).toBe(
    'scope,destination,messages_in,messages_out,bytes_in,bytes_out,acks,nacks,redeliveries,receipts,receipt_p50_ms,receipt_p90_ms,receipt_p99_ms,receipt_max_ms,rate_in_per_s,rate_out_per_s,first_at,last_in_at,last_out_at,subscribed',
  );
  expect(lines.find((l) => l.startsWith(`destination,${queue},`))).toMatch(new RegExp(`^destination,${queue},${COUNT},${COUNT},${16 * COUNT},${16 * COUNT},0,0,0,\\d+,`));
  expect(lines.find((l) => l.startsWith('connection,,'))).toMatch(new RegExp(`^connection,,${COUNT},${COUNT},`));

  const [rates] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export rates (CSV)' }).click()]);
  const series = (await readFile((await rates.path())!, 'utf8')).trim().split('\r\n');
  expect(series[0]).toBe('second,time,scope,destination,messages_in,messages_out,bytes_in,bytes_out');
  const mine = series.slice(1).map((l) => l.split(',')).filter((f) => f[3] === queue);
  expect(mine.reduce((sum, f) => sum + Number(f[4]), 0)).toBe(COUNT);
  expect(mine.reduce((sum, f) => sum + Number(f[5]), 0)).toBe(COUNT);

  // Both themes: no serious or critical axe violation in the tab.
  for (const theme of ['dark', 'light'] as const) {
    await rail(page).getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expectPanelClean(page, `Statistics tab, ${theme} theme`);
  }

  // Reset starts afresh, the subscription's row kept.
  await panel.getByRole('button', { name: 'Reset counts' }).click();
  await expect(cells.nth(0)).toHaveText('0');
  await expect(cells.nth(1)).toHaveText('0');
});
