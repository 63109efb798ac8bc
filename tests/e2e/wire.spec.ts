/**
 * The wire, as no other tool shows it (issue 11, the lead's part): the complete wire log (filters,
 * each frame's exact bytes with escapes visible, pause, export and re-open offline), the heart-beat
 * timeline against the sandbox's stall switch (missed beats, the broker declared dead, the
 * reconnect), and pause/resume of a subscription, checked at the broker with RabbitMQ's management API.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { composer, sendWithHeaders } from './scenarios/composer';
import { openDockTab, openWireLog } from './scenarios/dock';
import { createProfile, expectConnected, fillProfileDialog, openNewProfileDialog } from './scenarios/profiles';
import { subscribe, subscriptionButton, subscriptionsList } from './scenarios/subscriptions';
import { ensureBroker, RABBITMQ } from './support/brokers';
import { RestartableSandbox } from './support/fault-peers';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

const send = sendWithHeaders;

test('the wire log: filter by command, each frame’s exact bytes with its escapes, pause, export and open offline', async ({ page }) => {
  ensureBroker('rabbitmq');
  await createProfile(page, RABBITMQ, { connect: true });
  const queue = `/queue/${unique('wire')}`;
  await send(page, queue, 'wire body', [['x-colon', 'a:b']]);
  const log = await openWireLog(page);
  const panel = page.getByRole('tabpanel', { name: 'Wire log' });
  await panel.getByRole('button', { name: /^Commands/ }).click();
  await page.getByRole('menuitemcheckbox', { name: /SEND$/ }).click();
  await page.keyboard.press('Escape');
  await expect(panel.getByRole('status', { name: 'Wire log count' })).toHaveText(/^\d+ matching/);
  await expect(log.getByRole('button', { name: /^Show frame / })).not.toHaveCount(0);
  const rows = await log.locator('.wire-cmd').allInnerTexts();
  expect(new Set(rows)).toEqual(new Set(['SEND']));
  await log.getByRole('button', { name: /^Show frame / }).last().click();
  const frame = page.getByRole('complementary', { name: /^Frame \d+$/ });
  await frame.getByRole('radio', { name: 'Bytes as text' }).click();
  const text = frame.getByLabel('Frame bytes as text');
  await expect(text).toContainText('SEND\\n');
  await expect(text).toContainText('x-colon:a\\cb\\n');
  await expect(text).toContainText('wire body\\0');
  await frame.getByRole('radio', { name: 'Hex' }).click();
  await expect(frame.getByRole('region', { name: 'Body as hex' })).toContainText('00000000');
  await page.screenshot({ path: '.tmp/e2e-wire-bytes.png' });
  await frame.getByRole('button', { name: 'Close frame details' }).click();

  // Pause: the view holds still while the host keeps recording; Resume catches up.
  await panel.getByRole('button', { name: /^Commands/ }).click();
  await page.getByRole('menuitem', { name: 'All commands' }).click();
  const count = panel.getByRole('status', { name: 'Wire log count' });
  await expect(count).toHaveText(/^[\d,]+ entries$/);
  await panel.getByRole('button', { name: 'Pause log' }).click();
  const before = Number((await count.textContent())!.replace(/,/g, '').match(/^(\d+)/)![1]);
  await send(page, queue, 'while paused');
  await openDockTab(page, 'Wire log');
  await expect(count).toHaveText(new RegExp(`^${before.toLocaleString('en-US')} entries · paused, \\d+ newer`));
  await panel.getByRole('button', { name: 'Resume log' }).click();
  await expect(count).not.toHaveText(new RegExp(`^${before.toLocaleString('en-US')} entries`));

  // Export, then open the same file offline.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export NDJSON' }).click();
  const file = await (await download).path();
  const lines = readFileSync(file!, 'utf8').trim().split('\n');
  expect(JSON.parse(lines[0])).toMatchObject({ type: 'stomp-explorer-wire-log', profile: RABBITMQ.name });
  const sendLine = lines.slice(1).map((l) => JSON.parse(l)).find((e) => e.command === 'SEND');
  expect(Buffer.from(sendLine.bytes, 'base64').toString()).toContain('x-colon:a\\cb');
  const chooser = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Open wire log…' }).click();
  await (await chooser).setFiles(file!);
  await expect(panel.getByRole('status').filter({ hasText: 'Offline:' })).toContainText(`${(lines.length - 1).toLocaleString('en-US')} entries`);
  await expect(log.locator('.wire-cmd').filter({ hasText: 'SEND' }).first()).toBeVisible();
  await panel.getByRole('button', { name: 'Close file' }).click();
});

test('the heart-beat timeline shows a stalled broker’s missed beats, the moment it was declared dead, and the reconnect', async ({ page }) => {
  // The broker offers and asks 500 ms too: each way beats every max(ours, its) ms.
  const sandbox = new RestartableSandbox({ heartBeat: [500, 500] });
  await sandbox.start();
  try {
    const name = unique('Beats');
    const dialog = await openNewProfileDialog(page);
    await fillProfileDialog(dialog, { name, uri: `failover:(${sandbox.url})?initialReconnectDelay=200&useExponentialBackOff=false` });
    await dialog.getByLabel('Send heart-beats every (ms)').fill('500');
    await dialog.getByLabel('Expect heart-beats every (ms)').fill('500');
    await dialog.getByRole('button', { name: 'Save and connect', exact: true }).click();
    await expectConnected(page, name);
    await openWireLog(page);
    const panel = page.getByRole('tabpanel', { name: 'Wire log' });
    await panel.getByRole('button', { name: 'Heart-beats' }).click();
    const timeline = panel.getByRole('region', { name: 'Heart-beat timeline' });
    await expect(timeline).toContainText('we beat every 500ms, the broker every 500ms · dead after 3 silent periods');
    await expect(timeline.getByRole('status')).toContainText('no beat missed');
    sandbox.current.setFaults({ stallHeartBeats: true });
    await expect(timeline.getByRole('status')).toContainText(/missed: [1-9]\d* from the broker/, { timeout: 10_000 });
    await expect(timeline.getByRole('status')).toContainText(/declared dead once, last at .* after \d+ ms of silence/, { timeout: 10_000 });
    await expect(timeline.locator('.beats-dead')).toHaveCount(1);
    await page.screenshot({ path: '.tmp/e2e-heartbeat-timeline.png' });
    sandbox.current.setFaults({ stallHeartBeats: false });
    await expectConnected(page, name);
    await expect(panel.getByRole('log').getByRole('note').filter({ hasText: /connection lost: the broker sent nothing for \d+ ms/ }).first()).toBeAttached();
  } finally {
    await sandbox.stop();
  }
});

test('pause holds a queue’s messages at the broker (its management API says so), resume delivers them', async ({ page }) => {
  ensureBroker('rabbitmq');
  await createProfile(page, RABBITMQ, { connect: true });
  const name = unique('paused');
  const queue = `/queue/${name}`;
  await subscribe(page, queue, 'auto');
  await send(page, queue, 'before');
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 1 message$/);
  await subscriptionsList(page).getByRole('button', { name: `Pause ${queue}` }).click();
  await expect(subscriptionsList(page).getByText('paused', { exact: true })).toBeVisible();
  for (let i = 0; i < 5; i++) await send(page, queue, `waiting ${i}`);
  await expect.poll(() => queueDepth(name), { timeout: 15_000 }).toBe(5);
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 1 message$/);
  await expect(subscriptionsList(page).getByRole('listitem').filter({ hasText: queue })).toContainText('0/s');
  await page.screenshot({ path: '.tmp/e2e-subscription-paused.png' });
  await subscriptionsList(page).getByRole('button', { name: `Resume ${queue}` }).click();
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(/, 6 messages$/);
  await expect.poll(() => queueDepth(name), { timeout: 15_000 }).toBe(0);
});

/** Messages waiting in a RabbitMQ queue, from its management HTTP API (on loopback, guest/guest). */
async function queueDepth(queue: string): Promise<number | undefined> {
  const answer = await fetch(`http://127.0.0.1:15672/api/queues/%2F/${encodeURIComponent(queue)}`, { headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` } });
  if (!answer.ok) return undefined;
  return ((await answer.json()) as { messages?: number }).messages;
}
