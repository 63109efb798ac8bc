/**
 * A connection's life, as the user sees it (issue: trust, points 1–4): state and errors belong to
 * their own connection; the tab being opened is selected at once and shows its attempts live;
 * Disconnect cancels without a failure; drops, reconnect attempts (each with its reason), the broker
 * that answered and the replayed subscriptions are shown in the header, on the subscription and in
 * the wire log; Reconnect on a live connection drops it and reconnects with replay.
 */
import { expect, test, type Page } from '@playwright/test';
import { closeAllConnections, closeTabByKeyboard, connectionFacts, openApp, rail, unique, workspaceTabs } from './scenarios/app';
import { openWireLog } from './scenarios/dock';
import { createProfile, expectConnected, profileButton } from './scenarios/profiles';
import { subscribe, subscriptionButton, subscriptionsList } from './scenarios/subscriptions';
import { ACTIVEMQ, ensureBroker, RABBITMQ } from './support/brokers';
import { RestartableSandbox, startBlackhole } from './support/fault-peers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

const header = (page: Page) => page.getByRole('region', { name: /^Connection / });
const tab = (page: Page, name: string) => workspaceTabs(page).getByRole('tab', { name: new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

test('an error belongs to its own connection: a failed connect and its Reconnect never show on another tab', async ({ page }) => {
  ensureBroker('activemq');
  const blackhole = await startBlackhole();
  try {
    await createProfile(page, ACTIVEMQ, { connect: true });
    const name = unique('Blackhole');
    await createProfile(page, { name, uri: blackhole.uri });
    await profileButton(page, name).click();
    // Selected at once, while it connects (not after the 10 s CONNECTED timeout).
    await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true', { timeout: 2_000 });
    await expect(connectionFacts(page)).toHaveText(/^Connecting/);
    const failure = header(page).getByRole('alert');
    await expect(failure).toContainText('Connection failed', { timeout: 20_000 });
    await expect(failure).toContainText('no CONNECTED within 10000 ms');

    // Reconnect on the failing tab, then look at the healthy one: nothing of the other is there.
    await header(page).getByRole('button', { name: 'Reconnect', exact: true }).click();
    await expect(connectionFacts(page)).toHaveText(/^Connecting/);
    await tab(page, ACTIVEMQ.name).click();
    await expect(connectionFacts(page)).toHaveText(/^Connected/);
    await expect(header(page)).not.toContainText(/failed|CONNECTED within/i);
    await expect(header(page).getByRole('alert')).toHaveCount(0);

    // Back on the failing tab: Disconnect cancels the connect; that is not a failure.
    await tab(page, name).click();
    await header(page).getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(connectionFacts(page)).toHaveText(/^Disconnected/);
    await expect(header(page)).not.toContainText('disconnect was called');
    await expect(header(page).getByRole('alert')).toHaveCount(0);
    await expect(profileButton(page, name)).toHaveAccessibleDescription('disconnected');
    await page.screenshot({ path: '.tmp/e2e-trust-cancelled.png' });

    // Closing the failing tab leaves the healthy one clean.
    await closeTabByKeyboard(tab(page, name));
    await expect(tab(page, ACTIVEMQ.name)).toHaveAttribute('aria-selected', 'true');
    await expect(header(page).getByRole('alert')).toHaveCount(0);
  } finally {
    await blackhole.close();
  }
});

test('the connection being opened is shown at once with each failed attempt and its reason; Disconnect cancels', async ({ page }) => {
  ensureBroker('rabbitmq');
  await createProfile(page, RABBITMQ, { connect: true });
  const name = unique('Nobody home');
  await createProfile(page, { name, uri: 'failover:(tcp://127.0.0.1:1)?initialReconnectDelay=300&useExponentialBackOff=false' });
  await profileButton(page, name).click();
  await expect(tab(page, name)).toHaveAttribute('aria-selected', 'true', { timeout: 2_000 });
  const attempts = header(page).getByRole('table', { name: 'Failed attempts' });
  await expect(attempts).toBeVisible();
  await expect(attempts.getByRole('row')).toHaveCount(3, { timeout: 5_000 });
  await expect(attempts).toContainText('tcp://127.0.0.1:1');
  await expect(attempts).toContainText('ECONNREFUSED');
  await expect(header(page)).toContainText(/failed attempts? so far/);
  await page.screenshot({ path: '.tmp/e2e-trust-attempts.png' });
  await header(page).getByRole('button', { name: 'Disconnect', exact: true }).click();
  await expect(connectionFacts(page)).toHaveText(/^Disconnected/);
  await expect(header(page).getByRole('alert')).toHaveCount(0);
  await expect(profileButton(page, name)).not.toHaveAccessibleDescription('connecting');
  await expect(rail(page)).not.toContainText('could not connect');
});

test('a drop and the reconnect are shown: when and why, each failed attempt, the broker that answered, replayed subscriptions, wire-log markers', async ({ page }) => {
  const sandbox = new RestartableSandbox();
  await sandbox.start();
  try {
    const name = unique('Droppable');
    await createProfile(page, { name, uri: `failover:(${sandbox.url})?initialReconnectDelay=200&useExponentialBackOff=false` }, { connect: true });
    await subscribe(page, '/queue/replay-me', 'client-individual');

    // The broker goes away: the header says so and lists each failed attempt while it retries.
    await sandbox.stop();
    await expect(connectionFacts(page)).toHaveText(/^Reconnecting/);
    await expect(header(page)).toContainText('Dropped');
    const attempts = header(page).getByRole('table', { name: 'Failed attempts' });
    await expect(attempts).toContainText('ECONNREFUSED');
    await page.screenshot({ path: '.tmp/e2e-trust-reconnecting.png' });

    // It comes back: which broker answered, the replayed subscription, and the attempts kept.
    await sandbox.start();
    await expectConnected(page, name);
    await expect(header(page)).toContainText(`reconnected to ${sandbox.url}`);
    await expect(header(page)).toContainText('replayed 1 subscription: /queue/replay-me');
    await expect(header(page).getByText(new RegExp(`failed attempts? before ${sandbox.url.replace(/[.:/]/g, '\\$&')} answered`))).toBeVisible();
    await expect(subscriptionsList(page)).toContainText('replayed');
    const log = await openWireLog(page);
    await expect(log.getByRole('note').filter({ hasText: 'connection lost:' }).first()).toBeAttached();
    await expect(log.getByRole('note').filter({ hasText: `reconnected to ${sandbox.url}` }).first()).toBeAttached();
    await expect(log.getByRole('note').filter({ hasText: 'replayed 1 subscription' }).first()).toBeAttached();
    await page.screenshot({ path: '.tmp/e2e-trust-reconnected.png' });
    await expect(subscriptionButton(page, '/queue/replay-me')).toBeVisible();
  } finally {
    await sandbox.stop();
  }
});

test('Reconnect on a live connection drops it and reconnects, replaying its subscriptions (button and palette)', async ({ page }) => {
  ensureBroker('rabbitmq');
  await createProfile(page, RABBITMQ, { connect: true });
  const queue = `/queue/${unique('reconnect')}`;
  await subscribe(page, queue, 'client-individual');
  await header(page).getByRole('button', { name: 'Reconnect', exact: true }).click();
  await expect(header(page)).toContainText('reconnect asked by the user');
  await expect(header(page)).toContainText(`replayed 1 subscription: ${queue}`);
  await expectConnected(page, RABBITMQ.name);
  await expect(subscriptionsList(page).getByText('replayed')).toBeVisible();

  // The palette offers the same, named for what it does.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await palette.getByRole('combobox', { name: 'Command' }).fill('Reconnect');
  await palette.getByRole('option', { name: /^Reconnect RabbitMQ local \(drop and reconnect/ }).click();
  await expect(subscriptionsList(page).getByText(/2× · last/)).toBeVisible();
});
