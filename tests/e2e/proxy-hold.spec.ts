/**
 * Hold, edit and drop in the browser: stomp.py (spawned) produces through a proxy to RabbitMQ;
 * a hold rule stops its SENDs; the user forwards one, edits one and drops one; the broker gets
 * exactly the first two (the second as edited), and the log says what happened to each.
 */
import { expect, test } from '@playwright/test';
import { StompClient } from '../../src-core/client';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { createProfile } from './scenarios/profiles';
import { ensureBroker, RABBITMQ } from './support/brokers';
import { createProxy, expectAccessibleInBothThemes, heldFrames, holdSendsTo, logRow, proxyLog, startProxy, stomppyProducer } from './proxy-scenarios';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  const stop = page.getByRole('button', { name: 'Stop proxy' });
  if (await stop.isVisible()) await stop.click();
  await closeAllConnections(page);
});

test('a held SEND is forwarded, the next edited then forwarded, the third dropped', async ({ page }) => {
  const queue = `/queue/${unique('proxy-hold')}`;
  const name = unique('hold proxy');
  await createProfile(page, RABBITMQ);
  await createProxy(page, name, RABBITMQ.name);
  const port = await startProxy(page);
  await holdSendsTo(page, queue);

  // What reaches the broker: a consumer of our own, straight to RabbitMQ.
  const consumer = new StompClient({ uri: RABBITMQ.uri, login: 'guest', passcode: 'guest', host: '/', reconnect: false });
  await consumer.connect();
  const arrived: string[] = [];
  await consumer.subscribe(queue, (m) => void arrived.push(m.text()), { receipt: true });

  const producer = stomppyProducer(port, queue, ['first', 'second', 'third']);
  try {
    const held = heldFrames(page);
    await expect(held.getByRole('listitem')).toHaveCount(1);
    await expect(logRow(page, /to broker SEND destination:\S+ held/)).toBeVisible();
    await page.screenshot({ path: '.tmp/e2e-proxy-held.png' });
    await expectAccessibleInBothThemes(page);
    await held.getByRole('button', { name: /^Forward SEND/ }).click();
    await expect.poll(() => arrived).toEqual(['first']);

    // The second is held next (the rule holds every SEND to the queue): edit its body, then forward.
    await expect(held.getByRole('listitem')).toHaveCount(1);
    await held.getByRole('button', { name: /^Edit & forward SEND/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Edit SEND before forwarding/ });
    await expect(dialog.getByLabel('Body (text, UTF-8)')).toHaveValue('second');
    await dialog.getByLabel('Body (text, UTF-8)').fill('second, edited in the proxy');
    await page.screenshot({ path: '.tmp/e2e-proxy-edit.png' });
    await dialog.getByRole('button', { name: 'Forward edited frame' }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => arrived).toEqual(['first', 'second, edited in the proxy']);

    await expect(held.getByRole('listitem')).toHaveCount(1);
    await held.getByRole('button', { name: /^Drop SEND/ }).click();
    await expect(page.getByText('Nothing held')).toBeVisible();
    await expect(logRow(page, /to broker SEND destination:\S+ forwarded/)).toBeVisible();
    await expect(logRow(page, /to broker SEND destination:\S+ edited/)).toBeVisible();
    await expect(logRow(page, /to broker SEND destination:\S+ dropped/)).toBeVisible();
    // The dropped one never reaches the broker (nor its receipt the producer, which keeps waiting).
    await page.waitForTimeout(500);
    expect(arrived).toEqual(['first', 'second, edited in the proxy']);

    // The edited frame in the inspector: what the client sent, and what went out instead.
    await logRow(page, /to broker SEND destination:\S+ edited/).click();
    const inspector = page.getByRole('region', { name: 'Frame' });
    await expect(inspector.getByRole('table', { name: 'Headers' })).toContainText(queue);
    await inspector.getByRole('radio', { name: 'Sent instead' }).click();
    await expect(inspector).toContainText('What went out instead: edited in the hold');
    await page.screenshot({ path: '.tmp/e2e-proxy-log.png' });
    await expect(proxyLog(page)).toBeVisible();
  } finally {
    producer.child.kill();
    await consumer.disconnect().catch(() => undefined);
  }
});
