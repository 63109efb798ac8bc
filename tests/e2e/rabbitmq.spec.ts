/**
 * A real broker, RabbitMQ (tcp://127.0.0.1:61613, guest/guest, vhost /): create its profile in
 * the dialog, subscribe with client-individual, send from the composer, inspect, ack, nack.
 */
import { expect, test } from '@playwright/test';
import { closeAllConnections, connectionFacts, openApp, unique } from './scenarios/app';
import { sendFromComposer } from './scenarios/composer';
import { ackMessage, framingLine, headersTable, inspector, inspectorHeaders, messageActions, nackMessage, showBodyAs } from './scenarios/inspector';
import { ackCell, messageGrid, messageRow, messageRows, openMessage } from './scenarios/messages';
import { createProfile, expectConnected, fillProfileDialog, openNewProfileDialog, profileButton } from './scenarios/profiles';
import { subscribe, subscriptionButton, subscriptionForm } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('profile dialog: a bad URI is explained under the field; a RabbitMQ profile connects', async ({ page }) => {
  const name = unique('RabbitMQ dialog');
  const dialog = await openNewProfileDialog(page);
  const uri = dialog.getByLabel('Broker URI');

  await uri.fill('tcp://127.0.0.1:notaport');
  await expect(uri).toHaveAttribute('aria-invalid', 'true');
  const problem = dialog.locator('#profile-uri-help').getByRole('alert');
  await expect(problem).toBeVisible();
  await expect(problem).toContainText(/port/i);
  // The error is the field's description, so a screen reader says it with the field.
  await expect(uri).toHaveAccessibleDescription(/port/i);
  await page.screenshot({ path: '.tmp/e2e-profile-dialog-bad-uri.png' });

  await fillProfileDialog(dialog, { ...RABBITMQ, name });
  await expect(uri).not.toHaveAttribute('aria-invalid', 'true');
  await expect(uri).toHaveAccessibleDescription('Broker: tcp://127.0.0.1:61613');
  await dialog.getByRole('button', { name: 'Save and connect' }).click();
  await expect(dialog).toBeHidden();

  await expectConnected(page, name);
  const facts = connectionFacts(page);
  await expect(facts).toContainText('STOMP 1.2');
  await expect(facts).toContainText('tcp://127.0.0.1:61613');
  await expect(facts).toContainText(/RabbitMQ\/\d/);
  await expect(profileButton(page, name)).toHaveAccessibleDescription('connected');
  // RabbitMQ cannot browse: the subscribe form says so instead of offering it.
  await expect(subscriptionForm(page).getByRole('checkbox', { name: /browse/ })).toHaveCount(0);
  await expect(subscriptionForm(page)).toContainText('cannot browse a queue without consuming it');
});

test('subscribe client-individual, send with a header, inspect (headers, framing, hex), ack', async ({ page }) => {
  const queue = `/queue/${unique('e2e-ack')}`;
  const body = `hello ${unique('body')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await subscribe(page, queue, 'client-individual');
  await expect(page.getByText(`Waiting for messages on ${queue}…`)).toBeVisible();

  await sendFromComposer(page, { destination: queue, body, headers: [['x-e2e', 'first']] });

  const row = messageRow(page, body);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('gridcell').last()).toHaveText(body);
  await expect(ackCell(row)).toHaveText('pending');
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(new RegExp(`, 1 messages?$`));

  await openMessage(page, body);
  const headers = await inspectorHeaders(page);
  // Wire order, with an index column counting from 0.
  expect(headers.map(([i]) => i)).toEqual(headers.map((_, i) => String(i)));
  const names = headers.map(([, n]) => n);
  // RabbitMQ writes its own headers first and content-length last; the user's ride in between.
  expect(names.slice(0, 5)).toEqual(['subscription', 'destination', 'message-id', 'redelivered', 'ack']);
  expect(names.at(-1)).toBe('content-length');
  expect(names).toEqual(expect.arrayContaining(['x-e2e', 'content-type']));
  expect(headers.find(([, n]) => n === 'x-e2e')?.[2]).toBe('first');
  expect(headers.find(([, n]) => n === 'destination')?.[2]).toBe(queue);
  expect(headers.find(([, n]) => n === 'content-type')?.[2]).toBe('text/plain');
  expect(headers.find(([, n]) => n === 'redelivered')?.[2]).toBe('false');
  await expect(headersTable(page).getByRole('row').nth(1)).toHaveText(/MESSAGE/);
  const bytes = Buffer.byteLength(body);
  await expect(framingLine(page)).toContainText(`Body framed by content-length: ${bytes} bytes`);
  await expect(framingLine(page)).toContainText('text/plain');
  await expect(inspector(page).getByLabel('Body as text')).toHaveText(body);

  // Hex: 16 bytes a row, an 8-digit offset, the ASCII column.
  await showBodyAs(page, 'Hex');
  const hex = inspector(page).getByRole('region', { name: 'Body as hex' });
  await expect(hex).toBeVisible();
  const hexOf = (s: string) => [...Buffer.from(s)].map((b) => b.toString(16).padStart(2, '0')).join('');
  await expect(hex).toContainText('00000000');
  await expect(hex).toContainText(hexOf(body.slice(0, 8)));
  await expect(hex).toContainText('00000010');
  await expect(inspector(page).getByRole('status').filter({ hasText: /bytes · \d+ rows/ })).toHaveText(`${bytes} bytes · ${Math.ceil(bytes / 16)} rows · drag to select`);
  await page.screenshot({ path: '.tmp/e2e-rabbitmq-inspector-hex.png' });

  // Ack: the Ack/Nack preview names the header it sends; then the row says acked.
  await expect(inspector(page).getByText('Ack/Nack will send')).toBeVisible();
  await expect(inspector(page).getByRole('code')).toHaveText(/^id:T_sub-\d+@@/);
  await ackMessage(page);
  await expect(ackCell(row)).toHaveText('acked');
  await expect(messageActions(page).getByRole('button', { name: 'Ack', exact: true })).toBeDisabled();
});

test('nack: RabbitMQ requeues the message and it comes back redelivered', async ({ page }) => {
  const queue = `/queue/${unique('e2e-nack')}`;
  const body = `nack me ${unique('body')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  await subscribe(page, queue, 'client-individual');
  await sendFromComposer(page, { destination: queue, body });

  const first = messageRow(page, body).first();
  await expect(ackCell(first)).toHaveText('pending');
  await openMessage(page, body);
  await nackMessage(page);

  // The first delivery is nacked; the broker delivers it again, marked redelivered.
  await expect(messageRow(page, body)).toHaveCount(2);
  await expect(ackCell(messageRow(page, body).first())).toHaveText('nacked');
  const again = messageRow(page, body).nth(1);
  await expect(again.getByRole('gridcell', { name: 'redelivered' })).toBeVisible();
  await expect(ackCell(again)).toHaveText('pending');
  await again.click();
  expect((await inspectorHeaders(page)).find(([, n]) => n === 'redelivered')?.[2]).toBe('true');
  await expect(framingLine(page)).toContainText('redelivered');
  await ackMessage(page);
  await expect(ackCell(again)).toHaveText('acked');
  await expect(messageRows(page)).toHaveCount(2);
  await expect(messageGrid(page)).toBeVisible();
});
