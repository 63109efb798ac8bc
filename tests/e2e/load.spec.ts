/**
 * The load generator in the UI against RabbitMQ: a run started from the Load tab, its live chart,
 * its report (sent = confirmed = received, none lost or twice), and a long run stopped at once.
 */
import { expect, test, type Page } from '@playwright/test';
import { openLoad } from './bodies-scenarios';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { createProfile } from './scenarios/profiles';
import { ensureBroker, RABBITMQ } from './support/brokers';

const profile = { ...RABBITMQ, name: `${RABBITMQ.name} (load)` };

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
  await createProfile(page, profile, { connect: true });
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

async function startRun(page: Page, settings: { destination: string; rate: string; duration: string }) {
  const panel = await openLoad(page);
  const form = panel.getByRole('form', { name: 'Load generator' });
  await form.getByLabel('Profile').selectOption({ label: profile.name });
  await form.getByLabel('Destination', { exact: true }).fill(settings.destination);
  await form.getByLabel('Rate (msg/s)').fill(settings.rate);
  await form.getByLabel('Duration (s)').fill(settings.duration);
  await form.getByRole('checkbox', { name: 'Receipts' }).check();
  await form.getByRole('checkbox', { name: 'Consume' }).check();
  await form.getByLabel('Consume from').fill(settings.destination);
  await form.getByRole('button', { name: 'Start load' }).click();
  return panel;
}

test('a run publishes, confirms and receives every message, with a live chart and a report', async ({ page }) => {
  const queue = `/queue/${unique('e2e-load')}`;
  const panel = await startRun(page, { destination: queue, rate: '500', duration: '2' });
  const run = panel.getByRole('region', { name: /^Load run load-\d+$/ }).first();
  await expect(run.getByRole('img', { name: /Rates and latency over \d+ seconds/ })).toBeVisible();
  await expect(run.getByRole('status', { name: 'Run state: finished' })).toBeVisible({ timeout: 30_000 });
  const report = run.getByRole('table', { name: 'Load run report' });
  await expect(report.getByRole('row', { name: /^Sent 1,000 in/ })).toBeVisible();
  await expect(report.getByRole('row', { name: 'Confirmed 1,000' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'Received 1,000' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'Lost 0' })).toBeVisible();
  await expect(report.getByRole('row', { name: 'Duplicated 0' })).toBeVisible();
  await expect(report.getByRole('row', { name: /^Latency p50 [\d.]+ ms/ })).toBeVisible();
  await expect(report.getByRole('row', { name: /^Pacing target 500\/s, achieved \d+/ })).toBeVisible();
  await page.screenshot({ path: '.tmp/e2e-load-finished.png' });
});

test('a value out of range is an error at its field, never clamped', async ({ page }) => {
  const panel = await openLoad(page);
  const form = panel.getByRole('form', { name: 'Load generator' });
  await form.getByLabel('Rate (msg/s)').fill('-3');
  await form.getByLabel('Connections').fill('500');
  await form.getByRole('button', { name: 'Start load' }).click();
  await expect(form.getByLabel('Rate (msg/s)')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Rate (msg/s)')).toHaveAccessibleDescription(/Rate: a whole number from 0 to 1,000,000 \(not “-3”\)/);
  await expect(form.getByLabel('Connections')).toHaveAccessibleDescription(/Connections: a whole number from 1 to 64 \(not “500”\)/);
  await expect(form.getByLabel('Rate (msg/s)')).toHaveValue('-3');
});

test('a long run stops at once when asked, and says so', async ({ page }) => {
  const queue = `/queue/${unique('e2e-load-stop')}`;
  const panel = await startRun(page, { destination: queue, rate: '200', duration: '120' });
  const run = panel.getByRole('region', { name: /^Load run load-\d+$/ }).first();
  await expect(run.getByRole('status', { name: 'Run state: publishing' })).toBeVisible({ timeout: 20_000 });
  await expect(run.getByLabel('Live figures')).toBeVisible();
  await run.getByRole('button', { name: 'Stop run' }).click();
  await expect(run.getByRole('status', { name: 'Run state: cancelled' })).toBeVisible({ timeout: 10_000 });
  await expect(run.getByRole('button', { name: 'Stop run' })).toHaveCount(0);
  await page.screenshot({ path: '.tmp/e2e-load-cancelled.png' });
});
