/**
 * The Destinations dock tab against the real brokers: RabbitMQ's queue depth from its management
 * API and ActiveMQ's from its statistics plugin match what was sent; one click subscribes,
 * browses (ActiveMQ) or opens the composer on the destination; a broker that offers neither says
 * so. Axe finds nothing serious in the tab in either theme.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { closeAllConnections, openApp, rail, unique } from './scenarios/app';
import { composer } from './scenarios/composer';
import { createProfile, profileButton } from './scenarios/profiles';
import { subscribe, subscriptionButton } from './scenarios/subscriptions';
import { repoRoot } from './support/browser-mode';
import { ACTIVEMQ, ensureBroker, RABBITMQ } from './support/brokers';

const endpoints = JSON.parse(execFileSync('bash', [join(repoRoot, 'scripts/brokers/endpoints.sh')], { encoding: 'utf8', timeout: 30_000 })) as {
  login: string;
  passcode: string;
  rabbitmq: { managementUrl: string };
};
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const rabbitQueues: string[] = [];

test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});
test.afterAll(async () => {
  // RabbitMQ's /queue/ queues are durable: leave none behind on the shared broker.
  const auth = { authorization: `Basic ${Buffer.from(`${endpoints.login}:${endpoints.passcode}`).toString('base64')}` };
  for (const name of rabbitQueues) {
    await fetch(new URL(`api/queues/%2F/${encodeURIComponent(name)}`, endpoints.rabbitmq.managementUrl), { method: 'DELETE', headers: auth }).catch(() => undefined);
  }
});

async function openTab(page: Page, name: 'Composer' | 'Destinations'): Promise<Locator> {
  const tab = page.getByRole('tablist', { name: 'Dock' }).getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  return page.getByRole('tabpanel', { name, exact: true });
}

async function sendCopies(page: Page, destination: string, copies: number): Promise<void> {
  await openTab(page, 'Composer');
  const form = composer(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(destination);
  await form.getByRole('textbox', { name: 'Body', exact: true }).fill('waiting');
  await form.getByRole('textbox', { name: 'Copies' }).fill(String(copies));
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(form.getByRole('status')).toHaveText(new RegExp(`^✓ Sent ${copies} messages`), { timeout: 20_000 });
}

/** A destination's row and the text of its cells: Actions, Seen in, Seen out, Last, Rate, Depth, Ready, Unacked, Consumers, Broker flow. */
function destinationRow(panel: Locator, destination: string): Locator {
  return panel.getByRole('table', { name: 'Destinations' }).getByRole('row').filter({ has: panel.page().getByRole('rowheader', { name: new RegExp(`^${destination.replace(/[/.-]/g, '\\$&')}\\b`) }) });
}
const CELL = { seenIn: 1, seenOut: 2, depth: 5, ready: 6, unacked: 7, consumers: 8, flow: 9 } as const;

/** Refreshes until the row's cell reads `text` (the broker's figures follow within a few seconds). */
async function expectFigure(panel: Locator, destination: string, cell: number, text: string): Promise<void> {
  await expect(async () => {
    if (await panel.getByRole('button', { name: 'Refresh' }).isEnabled()) await panel.getByRole('button', { name: 'Refresh' }).click();
    await expect(destinationRow(panel, destination).getByRole('cell').nth(cell)).toHaveText(text, { timeout: 1_500 });
  }).toPass({ timeout: 25_000 });
}

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

test("RabbitMQ: the management API's depth matches what was sent; one click subscribes, one click sends", async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
  const name = unique('e2e-overview-rmq');
  rabbitQueues.push(name);
  const queue = `/queue/${name}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await sendCopies(page, queue, 7);

  const panel = await openTab(page, 'Destinations');
  // Where the management API is: the profile's own URL, set here (blank would derive it from the broker's host).
  await panel.getByRole('button', { name: 'Management API URL…' }).click();
  const form = panel.getByRole('form', { name: 'Management API URL' });
  await form.getByRole('textbox', { name: 'Management API URL' }).fill('ftp://nowhere/');
  await form.getByRole('button', { name: 'Save URL' }).click();
  await expect(form.getByRole('alert')).toContainText('reached over http or https, not ftp');
  await form.getByRole('textbox', { name: 'Management API URL' }).fill(endpoints.rabbitmq.managementUrl);
  await form.getByRole('button', { name: 'Save URL' }).click();
  await expect(form).toBeHidden();
  await expect(panel.getByText(`Queue figures from RabbitMQ's management API at ${endpoints.rabbitmq.managementUrl}`)).toBeVisible({ timeout: 15_000 });

  // However many queues the shared broker holds (other tests leave durable ones), the group is open.
  await expect(panel.getByRole('button', { name: /^Queues \/queue\/… · \d+/ })).toHaveAttribute('aria-expanded', 'true');
  await expectFigure(panel, queue, CELL.depth, '7');
  const row = destinationRow(panel, queue);
  await expect(row.getByRole('cell').nth(CELL.seenOut)).toHaveText('7');
  await expect(row.getByRole('cell').nth(CELL.seenIn)).toHaveText('0');
  await expect(row.getByRole('cell').nth(CELL.ready)).toHaveText('7');
  await expect(row.getByRole('cell').nth(CELL.consumers)).toHaveText('0');
  // RabbitMQ cannot browse: no Browse button.
  await expect(row.getByRole('button', { name: `Browse ${queue}` })).toHaveCount(0);
  await page.screenshot({ path: '.tmp/e2e-destinations-rabbitmq.png' });

  // One click subscribes (client-individual, the preset's prefetch): the 7 arrive and wait for acks.
  await row.getByRole('button', { name: `Subscribe to ${queue}` }).click();
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(`${queue}, 7 messages`, { timeout: 15_000 });
  await expect(row.getByText('subscribed')).toBeVisible();
  await expect(row.getByRole('button', { name: `Show messages of ${queue}` })).toBeVisible();
  await expect(row.getByRole('cell').nth(CELL.seenIn)).toHaveText('7');
  await expectFigure(panel, queue, CELL.unacked, '7');
  await expect(row.getByRole('cell').nth(CELL.consumers)).toHaveText('1');
  await expect(row.getByRole('cell').nth(CELL.depth)).toHaveText('7');

  for (const theme of ['dark', 'light'] as const) {
    await rail(page).getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expectPanelClean(page, `Destinations tab, ${theme} theme`);
  }

  // One click sends: the composer opens on the destination.
  await row.getByRole('button', { name: `Send to ${queue}` }).click();
  await expect(page.getByRole('tablist', { name: 'Dock' }).getByRole('tab', { name: 'Composer', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(composer(page).getByRole('combobox', { name: 'Destination' })).toHaveValue(queue);
});

test("ActiveMQ: the statistics plugin's depth matches what was sent; one click browses without consuming", async ({ page }) => {
  ensureBroker('activemq');
  await openApp(page);
  const queue = `/queue/${unique('e2e-overview-amq')}`;
  await createProfile(page, ACTIVEMQ, { connect: true });
  await sendCopies(page, queue, 5);

  const panel = await openTab(page, 'Destinations');
  await expect(panel.getByText("Figures from ActiveMQ's statistics plugin (ActiveMQ.Statistics.Destination), asked on a STOMP connection of its own.")).toBeVisible({ timeout: 15_000 });
  await expectFigure(panel, queue, CELL.depth, '5');
  const row = destinationRow(panel, queue);
  await expect(row.getByRole('cell').nth(CELL.seenOut)).toHaveText('5');
  await expect(row.getByRole('cell').nth(CELL.flow)).toHaveText('5 in · 0 out');
  await page.screenshot({ path: '.tmp/e2e-destinations-activemq.png' });

  // Browse: the five are read, and stay on the broker.
  await row.getByRole('button', { name: `Browse ${queue}` }).click();
  await expect(subscriptionButton(page, queue, { browse: true })).toHaveAccessibleName(`${queue} (browse), 5 messages`, { timeout: 15_000 });
  await expect(row.getByRole('cell').nth(CELL.seenIn)).toHaveText('5');
  await panel.getByRole('button', { name: 'Refresh' }).click();
  await expectFigure(panel, queue, CELL.depth, '5');
  await expectPanelClean(page, 'Destinations tab on ActiveMQ');

  // Drain it so the shared broker keeps nothing of this test.
  await subscribe(page, queue, 'auto');
  await expectFigure(panel, queue, CELL.depth, '0');
});

test('a broker that offers neither is told plainly; what the connection saw is still listed', async ({ page }) => {
  await openApp(page);
  const name = unique('Artemis nowhere');
  await createProfile(page, { name, uri: 'tcp://127.0.0.1:1', preset: 'ActiveMQ Artemis' });
  await profileButton(page, name).click();
  await expect(page.getByRole('tab', { name, selected: true })).toBeVisible();
  const panel = await openTab(page, 'Destinations');
  await expect(panel.getByText('No broker figures', { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByText(/offers neither RabbitMQ's management API nor ActiveMQ Classic's statistics plugin/)).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Management API URL…' })).toHaveCount(0);
  await expectPanelClean(page, 'Destinations tab, no broker figures');
});
