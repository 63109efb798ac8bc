/**
 * Scripts in the UI: payload scripts previewed and sent from the composer, filter scripts in the
 * message list; escape attempts, an endless loop and a huge allocation each fail with a clear
 * error where the user acted, and the app goes on working.
 */
import { expect, test } from '@playwright/test';
import { openComposer } from './bodies-scenarios';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { composer } from './scenarios/composer';
import { filterBox, messageRows } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

const profile = { ...RABBITMQ, name: `${RABBITMQ.name} (scripts)` };

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
  await createProfile(page, profile, { connect: true });
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

async function scriptPanel(page: import('@playwright/test').Page) {
  await openComposer(page);
  const panel = composer(page).getByRole('group', { name: 'Build messages with a script' });
  if ((await panel.getAttribute('open')) === null) await panel.getByText('Build messages with a script').click();
  return panel;
}

test('a payload script is previewed, then builds every message of a send', async ({ page }) => {
  const queue = `/queue/${unique('e2e-script')}`;
  await subscribe(page, queue, 'auto');
  await openComposer(page);
  await composer(page).getByRole('combobox', { name: 'Destination' }).fill(queue);
  const panel = await scriptPanel(page);
  await panel.getByRole('textbox', { name: 'Payload script' }).fill("(i, ctx) => ({ body: `order ${i + 1} of ${ctx.count}`, headers: { 'x-n': i } })");
  await panel.getByRole('textbox', { name: 'Messages to build' }).fill('25');
  await panel.getByRole('button', { name: 'Preview' }).click();
  const preview = panel.getByRole('list', { name: 'Preview of the first messages' });
  await expect(preview.getByRole('listitem')).toHaveCount(5);
  await expect(preview.getByRole('listitem').first()).toContainText('order 1 of 25');
  await expect(preview.getByRole('listitem').first()).toContainText('x-n:0');
  await page.screenshot({ path: '.tmp/e2e-scripts-preview.png' });
  await panel.getByRole('button', { name: 'Send with script' }).click();
  await expect(composer(page).getByRole('status').filter({ hasText: /^✓ Sent 25 messages/ })).toBeVisible();
  await expect(page.getByText('25 messages', { exact: true })).toBeVisible();

  // A filter script over them, from its dialog, as `script:` in the filter box.
  await page.getByRole('button', { name: 'script… filter' }).click();
  const dialog = page.getByRole('dialog', { name: 'Filter with a script' });
  await dialog.getByRole('textbox', { name: 'Filter script' }).fill("(m) => Number(m.headers['x-n']) % 5 === 0");
  await dialog.getByRole('button', { name: 'Apply filter' }).click();
  await expect(dialog).toBeHidden();
  await expect(filterBox(page)).toHaveValue(/^script: /);
  await expect(page.getByText(/^5 matches$/)).toBeVisible();
  await expect(messageRows(page)).toHaveCount(5);
});

const HOSTILE: [string, string, RegExp][] = [
  ['an escape through the Function constructor', "(i) => this.constructor.constructor('return process')().exit(1)", /process is not available: scripts run in a sandbox/],
  ['reaching for require', "(i) => require('fs').readFileSync('/etc/passwd', 'utf8')", /require is not available/],
  ['dynamic import()', "(i) => import('node:child_process')", /Promise: scripts are synchronous/],
  ['an endless loop', '(i) => { for (;;) {} }', /ran longer than its 1000 ms limit and was stopped/],
  ['a huge allocation', "(i) => 'x'.repeat(2 ** 28)", /needed more than its 64 MiB memory limit/],
];

test('hostile payload scripts fail with a clear error and harm nothing', async ({ page }) => {
  const panel = await scriptPanel(page);
  for (const [what, source, message] of HOSTILE) {
    await panel.getByRole('textbox', { name: 'Payload script' }).fill(source);
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect(panel.getByRole('alert'), what).toContainText(message);
    // The app goes on: a good script previews at once.
    await panel.getByRole('textbox', { name: 'Payload script' }).fill('(i) => "fine " + i');
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect(panel.getByRole('list', { name: 'Preview of the first messages' })).toContainText('fine 0');
  }
  await panel.getByRole('textbox', { name: 'Payload script' }).fill("(i) => this.constructor.constructor('return process')()");
  await panel.getByRole('button', { name: 'Preview' }).click();
  await expect(panel.getByRole('alert')).toBeVisible();
  await page.screenshot({ path: '.tmp/e2e-scripts-escape.png' });
});

test('a filter script that loops or escapes is an error under the filter box; the list works on', async ({ page }) => {
  const queue = `/queue/${unique('e2e-filter-script')}`;
  await subscribe(page, queue, 'auto');
  await openComposer(page);
  await composer(page).getByRole('combobox', { name: 'Destination' }).fill(queue);
  const panel = await scriptPanel(page);
  await panel.getByRole('textbox', { name: 'Payload script' }).fill('(i) => "m" + i');
  await panel.getByRole('textbox', { name: 'Messages to build' }).fill('3');
  await panel.getByRole('button', { name: 'Send with script' }).click();
  await expect(page.getByText('3 messages', { exact: true })).toBeVisible();

  for (const [source, message] of [
    ['script: (m) => { while (true) {} }', /ran longer than its 1000 ms limit/],
    ["script: globalThis.process.mainModule.require('fs')", /process is not available/],
    ['script: (m) => m.body.json.a.b', /TypeError: cannot read property 'a' of undefined .*\(on message 0\)/],
  ] as [string, RegExp][]) {
    await filterBox(page).fill(source);
    await filterBox(page).press('Enter');
    await expect(page.locator('#message-filter-error')).toContainText(message);
  }
  await page.screenshot({ path: '.tmp/e2e-scripts-filter-error.png' });
  await filterBox(page).fill('script: body.text === "m1"');
  await filterBox(page).press('Enter');
  await expect(page.getByText(/^1 match$/)).toBeVisible();
  await expect(messageRows(page)).toHaveCount(1);
});
