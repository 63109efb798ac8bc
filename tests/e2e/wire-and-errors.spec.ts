/**
 * What the broker said: the wire log (→ out, ← in) and a broker's ERROR frame as a banner. Against
 * RabbitMQ, which answers a SUBSCRIBE to a missing /amq/queue/ with an ERROR.
 */
import { expect, test } from '@playwright/test';
import { closeAllConnections, connectionFacts, openApp, unique } from './scenarios/app';
import { openWireLog } from './scenarios/dock';
import { createProfile } from './scenarios/profiles';
import { subscriptionForm } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('wire log: → CONNECT and ← CONNECTED, and a frame opens with its headers', async ({ page }) => {
  await createProfile(page, RABBITMQ, { connect: true });
  const log = await openWireLog(page);
  await expect(log).toContainText(/→\s*CONNECT(?!ED)/);
  await expect(log).toContainText(/←\s*CONNECTED/);
  await expect(log).toContainText('accept-version:1.0,1.1,1.2');
  await page.screenshot({ path: '.tmp/e2e-wire-log.png' });

  // The CONNECTED frame in full: every header, including the negotiated version.
  const connected = log.getByRole('button', { name: /^Show frame \d+$/ }).nth(1);
  await connected.click();
  const frame = page.getByRole('complementary', { name: /^Frame \d+$/ });
  await expect(frame).toBeVisible();
  await expect(frame).toContainText('← CONNECTED');
  await expect(frame).toContainText('version:1.2');
  await expect(frame).toContainText(/server:RabbitMQ\/\d/);
  await frame.getByRole('button', { name: 'Close frame details' }).click();
  await expect(frame).toBeHidden();
});

test('a broker ERROR frame opens a banner with its message and body', async ({ page }) => {
  const missing = `/amq/queue/does-not-exist-${unique('q')}`;
  await createProfile(page, RABBITMQ, { connect: true });
  const form = subscriptionForm(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(missing);
  await form.getByRole('button', { name: 'Subscribe', exact: true }).click();

  const banner = page.getByRole('alert', { name: 'Broker error' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('Broker ERROR');
  await expect(banner).toContainText('not_found');
  const more = banner.getByText('Full error body');
  await more.click();
  await expect(banner).toContainText(missing.replace('/amq/queue/', ''));
  await page.screenshot({ path: '.tmp/e2e-broker-error.png' });


  // RabbitMQ closes the connection after an ERROR; the app reconnects and replays the SUBSCRIBE,
  // which fails again (reported: no back-off). Disconnect, then dismiss: the banner stays gone.
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  // (Disconnecting during that loop ends in "Failed" rather than "Disconnected": reported.)
  await expect(connectionFacts(page)).toHaveText(/^(Disconnected|Failed)/);
  await banner.getByRole('button', { name: 'Dismiss' }).click();
  await expect(banner).toBeHidden();
});
