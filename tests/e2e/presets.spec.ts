/**
 * Broker presets: a RabbitMQ profile subscribes with a bounded prefetch and sends persistent
 * messages unless the user says otherwise; the subscription headers can be edited.
 */
import { expect, test } from '@playwright/test';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { composer, sendFromComposer } from './scenarios/composer';
import { openDockTab } from './scenarios/dock';
import { inspectorHeaders } from './scenarios/inspector';
import { openMessage } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { subscribe, subscriptionButton, subscriptionForm } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('a RabbitMQ profile prefills a bounded prefetch and persistent messages', async ({ page }) => {
  const queue = `/queue/${unique('e2e-preset')}`;
  const body = unique('preset body');
  await createProfile(page, RABBITMQ, { connect: true });
  await expect(subscriptionForm(page).getByRole('textbox', { name: 'Subscription headers' })).toHaveValue('prefetch-count:100');
  await subscribe(page, queue, 'client-individual');
  // The subscription keeps the header it was made with.
  await expect(subscriptionButton(page, queue)).toBeVisible();

  await openDockTab(page, 'Composer');
  const rows = composer(page).getByRole('group', { name: 'Headers' });
  await expect(rows.getByRole('combobox', { name: 'Header 1 name' })).toHaveValue('content-type');
  await expect(rows.getByRole('combobox', { name: 'Header 2 name' })).toHaveValue('persistent');
  await expect(rows.getByRole('textbox', { name: 'Header 2 value' })).toHaveValue('true');
  await sendFromComposer(page, { destination: queue, body });
  await openMessage(page, body);
  const headers = await inspectorHeaders(page);
  expect(headers.find(([, n]) => n === 'persistent')?.[2]).toBe('true');
});

test('subscription headers that are not name:value are explained, and nothing is subscribed', async ({ page }) => {
  await createProfile(page, RABBITMQ, { connect: true });
  const form = subscriptionForm(page);
  await form.getByRole('textbox', { name: 'Subscription headers' }).fill('prefetch-count:10\nno colon here');
  const queue = `/queue/${unique('e2e-bad-headers')}`;
  await form.getByRole('combobox', { name: 'Destination' }).fill(queue);
  await form.getByRole('button', { name: 'Subscribe' }).click();
  await expect(form).toContainText('Line 2: write a header as name:value');
  await expect(subscriptionButton(page, queue)).toHaveCount(0);
});
