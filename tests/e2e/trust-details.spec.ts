/**
 * Details a user must be able to trust (issue: trust, points 9, 10, 11 and 13): header values keep
 * their line breaks through Edit & send and are copied escaped as the wire escapes them, bad header
 * names are errors at their field; a subscription held back at its prefetch limit says so and can
 * be acked in one go; a profiles import shows what it will do and never doubles a profile; a bad
 * selector is one line with the broker's full answer one click away, and the selector field speaks
 * the broker's syntax.
 */
import { expect, test, type Page } from '@playwright/test';
import { closeAllConnections, openApp, profilesList, rail, unique } from './scenarios/app';
import { composer, sendWithHeaders } from './scenarios/composer';
import { openDockTab } from './scenarios/dock';
import { inspector, messageActions } from './scenarios/inspector';
import { openMessage } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe, subscriptionButton, subscriptionForm, subscriptionsList } from './scenarios/subscriptions';
import { ACTIVEMQ, ensureBroker, RABBITMQ } from './support/brokers';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

const send = sendWithHeaders;

test('header values keep their line breaks through Edit & send and are copied escaped; bad names are errors at the field', async ({ page }) => {
  ensureBroker('rabbitmq');
  await createProfile(page, RABBITMQ, { connect: true });
  const queue = `/queue/${unique('headers')}`;
  await subscribe(page, queue, 'auto');
  await send(page, queue, 'multi', [['x-multi', 'line1\nline2']]);
  await openMessage(page, 'multi');
  const row = inspector(page).getByRole('table', { name: 'Headers' }).getByRole('row').filter({ hasText: 'x-multi' });
  await expect(row.getByRole('cell').nth(2)).toHaveText(/line1\s*line2/);
  expect(await row.getByRole('cell').nth(2).innerText()).toContain('line1\nline2');

  // Copy headers: one line per header, the value's line break escaped as on the wire.
  await messageActions(page).getByRole('button', { name: /^Copy/ }).click();
  await page.getByRole('menuitem', { name: 'Copy headers' }).click();
  await expect(inspector(page).locator('.action-status')).toContainText('Copied the headers');
  const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
  expect(copied.split('\n')).toContain('x-multi:line1\\nline2');

  // Edit & send: the value arrives in the composer whole, and travels whole.
  await messageActions(page).getByRole('button', { name: 'Edit & send' }).click();
  const form = composer(page);
  const names = form.getByRole('combobox', { name: /^Header \d+ name$/ });
  const n = await names.count();
  let index = 0;
  for (let i = 0; i < n; i++) if ((await names.nth(i).inputValue()) === 'x-multi') index = i + 1;
  expect(index).toBeGreaterThan(0);
  await expect(form.getByRole('textbox', { name: `Header ${index} value` })).toHaveValue('line1\nline2');

  // A name that cannot be sent is an error at its field, and nothing is sent.
  for (const [bad, why] of [
    ['bad name', 'cannot contain spaces'],
    ['a:b', 'cannot contain “:”'],
  ] as const) {
    await form.getByRole('combobox', { name: `Header ${index} name` }).fill(bad);
    await expect(form.getByRole('combobox', { name: `Header ${index} name` })).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByRole('combobox', { name: `Header ${index} name` })).toHaveAccessibleDescription(new RegExp(why));
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(form.getByRole('alert').filter({ hasText: /^⚠ Not sent:/ })).toContainText(why);
  }
  await form.getByRole('combobox', { name: `Header ${index} name` }).fill('x-multi');
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(form.getByLabel('Send result')).toContainText(/^✓ Sent 1 message/);
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 2 messages$/);
  await openMessage(page, 'multi');
  const second = inspector(page).getByRole('table', { name: 'Headers' }).getByRole('row').filter({ hasText: 'x-multi' });
  expect(await second.getByRole('cell').nth(2).innerText()).toContain('line1\nline2');
});

test('a subscription at its prefetch limit says the broker waits for acks, and Ack all lets the rest flow', async ({ page }) => {
  ensureBroker('rabbitmq');
  await createProfile(page, RABBITMQ, { connect: true });
  const queue = `/queue/${unique('prefetch')}`;
  // The RabbitMQ preset subscribes with prefetch-count:100.
  await subscribe(page, queue, 'client-individual');
  await send(page, queue, 'waiting', [], '150');
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 100 messages$/);
  const note = subscriptionsList(page).getByRole('status').filter({ hasText: 'waiting for acks' });
  await expect(note).toHaveText(/The broker is waiting for acks: 100 unacked of prefetch 100/);
  await page.screenshot({ path: '.tmp/e2e-trust-prefetch.png' });
  await subscriptionsList(page).getByRole('button', { name: `Ack all 100 unacked on ${queue}` }).click();
  const dialog = page.getByRole('dialog', { name: `Ack all 100 unacked messages on ${queue}?` });
  await dialog.getByRole('button', { name: 'Ack 100 messages' }).click();
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 150 messages$/);
  await expect(subscriptionsList(page)).toContainText('50 unacked of prefetch 100');
  await expect(note).toHaveCount(0);
});

test('importing profiles shows what it will add, update or skip, and never doubles a profile', async ({ page }) => {
  const tag = unique('imp');
  const file = (profiles: object[]) => ({
    name: `${tag}.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'stomp-explorer/profiles', schemaVersion: 2, profiles })),
  });
  const alpha = { name: `${tag} alpha`, uri: 'tcp://alpha:61613', preset: 'activemq', color: '#16a34a' };
  const beta = { name: `${tag} beta`, uri: 'tcp://beta:61613', preset: 'rabbitmq', color: '#dc2626' };
  const importMenu = async () => {
    await rail(page).getByRole('button', { name: 'Import or export profiles' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('menuitem', { name: 'Import profiles…' }).click();
    return chooser;
  };

  await (await importMenu()).setFiles(file([alpha, beta]));
  let dialog = page.getByRole('dialog', { name: `Import profiles from ${tag}.json` });
  await expect(dialog.getByRole('combobox', { name: `Action for ${alpha.name}` })).toHaveValue('add');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(rail(page).getByRole('status')).toContainText('2 added, 0 updated, 0 skipped');

  // The same file again: both identical, nothing to do.
  await (await importMenu()).setFiles(file([alpha, beta]));
  dialog = page.getByRole('dialog', { name: `Import profiles from ${tag}.json` });
  await expect(dialog.getByRole('row').filter({ hasText: alpha.name })).toContainText('nothing: identical');
  await expect(dialog.getByRole('combobox', { name: `Action for ${alpha.name}` })).toHaveValue('skip');
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();

  // beta changed: an update naming the field; a copy of alpha asked for: a distinct name.
  await (await importMenu()).setFiles(file([alpha, { ...beta, uri: 'tcp://beta2:61613' }]));
  dialog = page.getByRole('dialog', { name: `Import profiles from ${tag}.json` });
  await expect(dialog.getByRole('row').filter({ hasText: beta.name })).toContainText('uri');
  await expect(dialog.getByRole('combobox', { name: `Action for ${beta.name}` })).toHaveValue('update');
  await dialog.getByRole('combobox', { name: `Action for ${alpha.name}` }).selectOption('add-copy');
  await page.screenshot({ path: '.tmp/e2e-trust-import.png' });
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(rail(page).getByRole('status')).toContainText('1 added, 1 updated, 0 skipped');
  const names = await profilesList(page).getByRole('listitem').filter({ hasText: tag }).allInnerTexts();
  expect(names.filter((n) => n.includes(`${tag} beta`))).toHaveLength(1);
  expect(names.some((n) => n.includes(`${tag} alpha (imported)`))).toBe(true);
  expect(names).toHaveLength(3);
});

test('a bad selector is one line with the broker’s full answer one click away; a good one filters (ActiveMQ syntax)', async ({ page }) => {
  ensureBroker('activemq');
  await createProfile(page, ACTIVEMQ, { connect: true });
  const queue = `/queue/${unique('selector')}`;
  const form = subscriptionForm(page);
  await expect(form.getByRole('textbox', { name: 'Selector' })).toHaveAttribute('placeholder', 'JMSPriority > 4');
  await form.getByRole('combobox', { name: 'Destination' }).fill(queue);
  await form.getByRole('textbox', { name: 'Selector' }).fill('JMSPriority >>> 4');
  await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toContainText(`Subscribing to ${queue} failed`);
  const line = alert.locator('.error-line');
  expect((await line.innerText()).split('\n')).toHaveLength(1);
  await expect(line).not.toContainText('at org.apache');
  await alert.getByText('Full broker answer').click();
  await expect(alert.locator('pre')).toContainText('at org.apache');
  await page.screenshot({ path: '.tmp/e2e-trust-selector.png' });

  await form.getByRole('combobox', { name: 'Destination' }).fill(queue);
  await form.getByRole('textbox', { name: 'Selector' }).fill('JMSPriority > 4');
  await form.getByRole('combobox', { name: 'Ack mode' }).selectOption('auto');
  await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(subscriptionButton(page, queue)).toBeVisible();
  await send(page, queue, 'urgent', [['priority', '9']]);
  await send(page, queue, 'routine', [['priority', '1']]);
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 1 message$/);
});
