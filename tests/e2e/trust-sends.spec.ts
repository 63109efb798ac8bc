/**
 * Sends that say what the broker said (issue: trust, points 5–7 and 12), against RabbitMQ: a
 * byte-for-byte replay RabbitMQ refuses is a failure with its words, the cleaned variant shows its
 * exact bytes first and goes through "not confirmed"; the copies field is checked, never clamped;
 * a large send asks first, shows progress and can be cancelled with the exact count; a transaction's
 * sends with receipts do not wait for each other, are counted when written, and are settled as
 * aborted on ABORT; the receipt tracker shows the ids that went on the wire.
 */
import { expect, test, type Page } from '@playwright/test';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { composer, sendFromComposer } from './scenarios/composer';
import { openDockTab, openWireLog } from './scenarios/dock';
import { inspector, messageActions } from './scenarios/inspector';
import { openMessage, messageRows } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe, subscriptionButton } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
  await createProfile(page, RABBITMQ, { connect: true });
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

const actionStatus = (page: Page) => inspector(page).getByRole('status').filter({ hasText: /replay|Replay|Sent|Failed/ });
const sendResult = (page: Page) => composer(page).getByLabel('Send result');

async function fillComposer(page: Page, destination: string, body: string, copies = '1'): Promise<void> {
  await openDockTab(page, 'Composer');
  const form = composer(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(destination);
  await form.getByRole('textbox', { name: 'Body', exact: true }).fill(body);
  await form.getByRole('textbox', { name: 'Copies' }).fill(copies);
}

test('replay byte for byte: refused by RabbitMQ is shown as a failure with its words; cleaned, the exact bytes are previewed and it goes through', async ({ page }) => {
  const queue = `/queue/${unique('replay-raw')}`;
  await subscribe(page, queue, 'auto');
  await sendFromComposer(page, { destination: queue, body: 'second json', contentType: 'application/json' });
  await openMessage(page, 'second json');

  await messageActions(page).getByRole('button', { name: /^Replay/ }).click();
  await page.getByRole('menuitem', { name: 'Replay byte for byte, as it travelled…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Replay byte for byte, as it travelled' });
  await expect(dialog.getByLabel('Bytes to send')).toContainText('message-id:');
  await expect(dialog.getByRole('note').filter({ hasText: 'message-id' })).toContainText("'message-id' is not allowed on 'SEND'");
  await dialog.getByRole('button', { name: /^Send / }).click();
  const status = inspector(page).locator('.action-status');
  await expect(status).toContainText('Failed');
  await expect(status).toContainText('Invalid header');
  await expect(status).toContainText("'message-id' is not allowed on 'SEND'");
  await expect(status).not.toContainText('✓');
  await page.screenshot({ path: '.tmp/e2e-trust-replay-refused.png' });

  await messageActions(page).getByRole('button', { name: /^Replay/ }).click();
  await page.getByRole('menuitem', { name: 'Replay byte for byte, without MESSAGE-only headers…' }).click();
  dialog = page.getByRole('dialog', { name: 'Replay byte for byte, without MESSAGE-only headers' });
  const bytes = dialog.getByLabel('Bytes to send');
  await expect(bytes).toContainText(/^SEND\\n/);
  await expect(bytes).toContainText('content-type:application/json\\n');
  await expect(bytes).not.toContainText('message-id:');
  await expect(dialog).toContainText(/left out: .*message-id/);
  await page.screenshot({ path: '.tmp/e2e-trust-replay-preview.png' });
  await dialog.getByRole('button', { name: /^Send / }).click();
  await expect(status).toContainText('not confirmed (no receipt asked; no ERROR within 1 s)');
  await expect(messageRows(page)).toHaveCount(2);
});

test('a send the broker refuses is a failure next to the Send button, not a success', async ({ page }) => {
  const queue = `/queue/${unique('refused')}`;
  await fillComposer(page, queue, 'forged');
  const form = composer(page);
  await form.getByRole('button', { name: 'Add header', exact: true }).click();
  const rows = await form.getByRole('combobox', { name: /^Header \d+ name$/ }).count();
  await form.getByRole('combobox', { name: `Header ${rows} name` }).fill('message-id');
  await form.getByRole('textbox', { name: `Header ${rows} value` }).fill('forged-1');
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(sendResult(page)).toContainText("Failed to /queue/");
  await expect(sendResult(page)).toContainText("'message-id' is not allowed on 'SEND'");
  await expect(sendResult(page)).toHaveAttribute('role', 'alert');
  await form.getByRole('button', { name: 'Remove header message-id' }).click();
});

test('copies out of range are an error at the field; a large send asks first, shows progress, can be cancelled, and says exactly how many went out', async ({ page }) => {
  const queue = `/queue/${unique('copies')}`;
  await subscribe(page, queue, 'auto');
  const form = composer(page);
  for (const typed of ['1e9', '0', '-1', '2.5', '100001']) {
    await fillComposer(page, queue, 'flood?', typed);
    const copies = form.getByRole('textbox', { name: 'Copies' });
    await expect(copies).toHaveAttribute('aria-invalid', 'true');
    await expect(copies).toHaveAccessibleDescription(/Copies must be/);
    await form.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(copies).toHaveValue(typed);
  }
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 0 messages$/);

  // 100 000: asked first; "Cancel" in the question sends nothing.
  await fillComposer(page, queue, 'many', '100000');
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  let confirm = page.getByRole('dialog', { name: 'Send 100,000 messages?' });
  await expect(confirm).toContainText(`to ${queue} on RabbitMQ local`);
  await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 0 messages$/);

  // Yes this time; then cancel it while it runs.
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  confirm = page.getByRole('dialog', { name: 'Send 100,000 messages?' });
  await confirm.getByRole('button', { name: 'Send 100,000 messages' }).click();
  const progress = form.getByLabel('Send progress');
  await expect(progress).toContainText(/of 100,000 written/);
  // Cancel at once: the host sends 100,000 small messages in a few seconds, and a screenshot
  // taken first let one CI run finish the send before the click.
  await progress.getByRole('button', { name: 'Cancel send' }).click();
  await expect(sendResult(page)).toContainText(/^◐ Cancelled after [\d,]+ of 100,000 messages/);
  await page.screenshot({ path: '.tmp/e2e-trust-send-progress.png' });
  const sent = Number((await sendResult(page).textContent())!.match(/Cancelled after ([\d,]+)/)![1].replace(/,/g, ''));
  expect(sent).toBeGreaterThan(0);
  expect(sent).toBeLessThan(100_000);
  // Exactly that many reached the queue.
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(new RegExp(`, ${sent} messages?$`), { timeout: 20_000 });
});

test('receipts in a transaction: sends do not wait for each other, are counted when written, and ABORT settles them as aborted', async ({ page }) => {
  const queue = `/queue/${unique('tx')}`;
  const panel = await openDockTab(page, 'Transactions');
  await panel.getByRole('button', { name: 'Begin transaction' }).click();
  await expect(panel.getByRole('table', { name: 'Transactions' })).toBeVisible();
  const txId = (await panel.getByRole('table', { name: 'Transactions' }).getByRole('row').nth(1).getByRole('cell').first().textContent())!.split(' ')[0];

  await fillComposer(page, queue, 'staged', '2');
  const form = composer(page);
  await expect(form.getByRole('combobox', { name: 'Transaction' })).toHaveValue(txId);
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(sendResult(page)).toContainText(`Written: 2 messages to ${queue} in transaction ${txId} · delivered on COMMIT`);
  // The next send does not wait for those receipts (RabbitMQ holds them until COMMIT).
  await fillComposer(page, queue, 'staged too', '1');
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(sendResult(page)).toContainText(`Written: 1 message to ${queue} in transaction ${txId}`);

  await openDockTab(page, 'Transactions');
  const row = panel.getByRole('table', { name: 'Transactions' }).getByRole('row').nth(1);
  await expect(row.getByRole('cell').nth(2)).toHaveText('3');
  await expect(row.getByRole('cell').nth(4)).toHaveText('3');
  await row.getByRole('button', { name: `Abort ${txId}` }).click();
  await expect(panel).toContainText(`Aborted ${txId}.`);

  const receipts = await openDockTab(page, 'Receipts');
  const table = receipts.getByRole('table', { name: 'Receipts' });
  await expect(table.getByRole('row').filter({ hasText: `SEND to ${queue} in ${txId}` })).toHaveCount(3);
  for (const r of await table.getByRole('row').filter({ hasText: `SEND to ${queue} in ${txId}` }).all()) await expect(r).toContainText('aborted');
  await expect(table).not.toContainText('timed-out');
  // The composer reported no receipt timeout for the aborted sends.
  await openDockTab(page, 'Composer');
  await expect(sendResult(page)).not.toContainText('timed out');
});

test('the receipt tracker shows the ids that went on the wire, also after a send that failed', async ({ page }) => {
  const queue = `/queue/${unique('ids')}`;
  await fillComposer(page, queue, 'x');
  const form = composer(page);
  // A send the broker refuses, then one it accepts.
  await form.getByRole('button', { name: 'Add header', exact: true }).click();
  const rows = await form.getByRole('combobox', { name: /^Header \d+ name$/ }).count();
  await form.getByRole('combobox', { name: `Header ${rows} name` }).fill('message-id');
  await form.getByRole('textbox', { name: `Header ${rows} value` }).fill('nope');
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(sendResult(page)).toContainText('Failed');
  await form.getByRole('button', { name: 'Remove header message-id' }).click();
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(sendResult(page)).toContainText('confirmed by its receipt');

  const receipts = await openDockTab(page, 'Receipts');
  const ids = (await receipts.getByRole('table', { name: 'Receipts' }).getByRole('row').filter({ hasText: `SEND to ${queue}` }).allInnerTexts()).map((t) => t.split(/\s/)[0]);
  expect(ids).toHaveLength(2);
  const log = await openWireLog(page);
  await log.getByRole('button', { name: /^Show frame / }).last().click();
  for (const id of ids) await expect(log.getByText(`receipt:${id}`, { exact: false }).first()).toBeAttached();
});
