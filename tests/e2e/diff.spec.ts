/**
 * Diff, as a user does it against RabbitMQ: select two messages in the list (click, Ctrl+click),
 * Diff… in the inspector, and see the changed header and the changed byte at its offset; then
 * two JSON bodies with their structural differences, and a message against a saved template.
 * The dialog is checked with axe-core in both themes.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { composer, sendFromComposer } from './scenarios/composer';
import { messageActions } from './scenarios/inspector';
import { messageRow } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { describeViolations, seriousViolations } from './support/axe';
import { ensureBroker, RABBITMQ } from './support/brokers';

test.use({ viewport: { width: 1500, height: 1000 } });

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
  await createProfile(page, RABBITMQ, { connect: true });
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

/** Click the first, Ctrl+click the second, then Diff…: the dialog compares the two. */
async function diffTwo(page: Page, first: RegExp, second: RegExp): Promise<Locator> {
  await messageRow(page, first).click();
  await messageRow(page, second).click({ modifiers: ['Control'] });
  await expect(messageRow(page, first)).toHaveAttribute('aria-selected', 'true');
  await expect(messageRow(page, second)).toHaveAttribute('aria-selected', 'true');
  await messageActions(page).getByRole('button', { name: 'Diff…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Diff' });
  await expect(dialog).toBeVisible();
  return dialog;
}

async function expectClean(page: Page, view: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect.soft(violations, `${view}:\n${describeViolations(violations)}`).toEqual([]);
}

test('two messages: the changed header, and the changed byte at its offset', async ({ page }) => {
  const topic = `/topic/${unique('diff')}`;
  await subscribe(page, topic, 'auto');
  await sendFromComposer(page, { destination: topic, body: 'payload 12345 end', headers: [['x-kind', 'first']] });
  await sendFromComposer(page, { destination: topic, body: 'payload 12945 end', headers: [['x-kind', 'second']] });
  const dialog = await diffTwo(page, /payload 12345/, /payload 12945/);

  // The summary: headers changed (x-kind, and the broker's message-id), one byte differs at 10.
  const summary = dialog.getByRole('status', { name: 'Diff summary' });
  await expect(summary).toContainText(/Headers: [2-9] changed, 0 added, 0 removed, order kept\./);
  await expect(summary).toContainText('first difference at byte 10 (0x0000000a) · 1 differing run, 1 byte');

  // Headers: x-kind changed from first to second.
  const headers = dialog.getByRole('table', { name: 'Header differences' });
  const kind = headers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'x-kind' }) });
  await expect(kind.getByRole('cell')).toHaveText(['first', 'second', 'changed']);
  await expect(headers.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'destination' }) }).getByRole('cell').nth(2)).toHaveText('same');
  await page.screenshot({ path: '.tmp/e2e-diff-headers.png' });

  // Hex: the one differing byte, at its offset, '3' (0x33) against '9' (0x39).
  await dialog.getByRole('tab', { name: 'Hex' }).click();
  const runs = dialog.getByRole('list', { name: 'Differing bytes' });
  await expect(runs.getByRole('listitem')).toHaveCount(1);
  await expect(runs.getByRole('listitem').first()).toContainText('byte 10 (0x0000000a), 1 byte');
  await expect(runs.locator('.diff-byte.is-diff')).toHaveText(['33', '39']);
  await expect(dialog).toContainText('Compared all 17 B: first difference at byte 10 (0x0000000a).');
  await page.screenshot({ path: '.tmp/e2e-diff-hex.png' });

  // Text: the line removed and the line added.
  await dialog.getByRole('tab', { name: 'Text' }).click();
  const text = dialog.getByRole('region', { name: 'Text differences' });
  await expect(text).toContainText('removed: payload 12345 end');
  await expect(text).toContainText('added: payload 12945 end');
  await dialog.getByRole('tab', { name: 'JSON' }).click();
  await expect(dialog).toContainText('No JSON diff: message #0 (');
  await expect(dialog).toContainText('is not JSON');

  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => (globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = t, theme);
    for (const tab of ['Headers', 'Text', 'JSON', 'Hex']) {
      await dialog.getByRole('tab', { name: tab }).click();
      await expectClean(page, `diff dialog, ${tab} tab (${theme})`);
    }
  }
  await dialog.getByRole('button', { name: 'Close dialog' }).click();
  await expect(dialog).toBeHidden();
});

test('two JSON bodies: paths changed and added; a message against a saved template', async ({ page }) => {
  const topic = `/topic/${unique('diff-json')}`;
  await subscribe(page, topic, 'auto');
  await sendFromComposer(page, { destination: topic, body: '{"id":"j1","a":1,"b":[1,2]}', contentType: 'application/json' });
  await sendFromComposer(page, { destination: topic, body: '{"id":"j2","a":2,"b":[1,2,3],"c":true}', contentType: 'application/json' });
  const dialog = await diffTwo(page, /"id":"j1"/, /"id":"j2"/);
  await dialog.getByRole('tab', { name: 'JSON' }).click();
  const json = dialog.getByRole('table', { name: 'JSON differences' });
  const row = (path: string) => json.getByRole('row').filter({ has: page.getByRole('rowheader', { name: path, exact: true }) });
  await expect(row('$.id').getByRole('cell')).toHaveText(['changed', '"j1"', '"j2"']);
  await expect(row('$.a').getByRole('cell')).toHaveText(['changed', '1', '2']);
  await expect(row('$.b[2]').getByRole('cell')).toHaveText(['added', '—', '3']);
  await expect(row('$.c').getByRole('cell')).toHaveText(['added', '—', 'true']);
  await page.screenshot({ path: '.tmp/e2e-diff-json.png' });
  await dialog.getByRole('button', { name: 'Close dialog' }).click();

  // A template saved from the composer, compared with the first message.
  const name = unique('diff-tpl');
  const form = composer(page);
  await form.getByRole('textbox', { name: 'Body', exact: true }).fill('{"id":"j1","a":1,"b":[1,2]}');
  await form.getByRole('button', { name: 'Templates ▾' }).click();
  await page.getByRole('menuitem', { name: 'Save as template…' }).click();
  const save = page.getByRole('dialog', { name: 'Save as template' });
  await save.getByLabel('Template name').fill(name);
  await save.getByRole('button', { name: 'Save template' }).click();
  await expect(save).toBeHidden();

  await messageRow(page, /"id":"j1"/).click();
  await messageActions(page).getByRole('button', { name: 'Diff…' }).click();
  const against = page.getByRole('dialog', { name: 'Diff' });
  await against.getByRole('combobox', { name: 'Compare with' }).selectOption({ label: `template ${name}` });
  await expect(against).toContainText(`Right template ${name}`);
  const summary = against.getByRole('status', { name: 'Diff summary' });
  // Same body; the template lacks what the broker added (message-id, subscription…).
  await expect(summary).toContainText('· identical.');
  await expect(summary).toContainText(/Headers: \d+ changed, \d+ added, [1-9]\d* removed/);
  await page.screenshot({ path: '.tmp/e2e-diff-template.png' });
  await against.getByRole('button', { name: 'Close dialog' }).click();
  await expect(against).toBeHidden();
});

test('two 3 MiB bodies: compared in pages read from the host, the difference found past the first MiB', async ({ page }) => {
  const topic = `/topic/${unique('diff-big')}`;
  await subscribe(page, topic, 'auto');
  const size = 3 * 1024 * 1024;
  const at = 2_500_000;
  const bodies = [Buffer.alloc(size, 0x61), Buffer.alloc(size, 0x61)];
  bodies[1][at] = 0x62;
  for (const [i, body] of bodies.entries()) {
    await page.getByRole('tab', { name: 'Composer', exact: true }).click();
    const form = composer(page);
    await form.getByRole('combobox', { name: 'Destination' }).fill(topic);
    await form.getByRole('radio', { name: 'File' }).click();
    await form.getByLabel('Body file').setInputFiles({ name: `big-${i}.bin`, mimeType: 'application/octet-stream', buffer: body });
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(form.getByRole('status')).toHaveText(/^✓ Sent 1 message/, { timeout: 20_000 });
  }
  const rows = page.getByRole('grid', { name: 'Messages' }).getByRole('row').filter({ has: page.getByRole('gridcell') });
  await expect(rows).toHaveCount(2);
  await rows.nth(0).click();
  await rows.nth(1).click({ modifiers: ['Control'] });
  await messageActions(page).getByRole('button', { name: 'Diff…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Diff' });
  const summary = dialog.getByRole('status', { name: 'Diff summary' });
  await expect(summary).toContainText('3.0 MiB against 3.0 MiB · first difference at byte 2,500,000 (0x002625a0) · 1 differing run, 1 byte.', { timeout: 20_000 });
  await dialog.getByRole('tab', { name: 'Hex' }).click();
  await expect(dialog.getByRole('list', { name: 'Differing bytes' }).locator('.diff-byte.is-diff')).toHaveText(['61', '62']);
  await dialog.getByRole('tab', { name: 'Text' }).click();
  await expect(dialog).toContainText('Compared as text: the first 256 KiB of each body.');
  await dialog.getByRole('button', { name: 'Close dialog' }).click();
});
