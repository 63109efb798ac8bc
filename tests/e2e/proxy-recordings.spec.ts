/**
 * Recordings and diagnostics in the browser: a broken producer (a raw socket: a raw colon in a
 * 1.2 header, then a body with a NUL and no content-length) through a recording proxy to
 * RabbitMQ; its diagnostics highlighted in the log and in the inspector; the recording saved,
 * re-opened offline, and replayed against ActiveMQ with one frame left out.
 */
import { connect } from 'node:net';
import { expect, test } from '@playwright/test';
import { StompClient } from '../../src-core/client';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { createProfile } from './scenarios/profiles';
import { ACTIVEMQ, ensureBroker, RABBITMQ } from './support/brokers';
import { createProxy, expectAccessibleInBothThemes, logRow, openControls, proxyLog, startProxy } from './proxy-scenarios';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  ensureBroker('activemq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  const stop = page.getByRole('button', { name: 'Stop proxy' });
  if (await stop.isVisible()) await stop.click();
  await closeAllConnections(page);
});

function rawProducer(port: number, frames: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', reject);
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString('latin1');
      // After CONNECTED, the rest; after the receipt of the last, goodbye.
      if (received.includes('CONNECTED') && frames.length > 1) socket.write(frames.splice(1).join(''));
      if (received.includes('receipt-id:done')) {
        socket.end();
        resolve();
      }
    });
    socket.write(frames[0]);
  });
}

test('a broken producer recorded, its diagnostics shown, the recording re-opened and replayed at another broker', async ({ page }) => {
  test.setTimeout(90_000);
  const queue = `/queue/${unique('proxy-rec')}`;
  const name = unique('recording proxy');
  await createProfile(page, RABBITMQ);
  await createProfile(page, ACTIVEMQ);
  await createProxy(page, name, RABBITMQ.name);
  const port = await startProxy(page);
  await page.getByRole('button', { name: 'Record', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Proxy state' })).toContainText('recording');

  const connectFrame = 'CONNECT\naccept-version:1.2\nhost:/\nlogin:someone\npasscode:not-for-disk\n\n\0';
  await rawProducer(port, [
    connectFrame,
    `SEND\ndestination:${queue}\nx-link:http://example.org\n\nfirst\0`,
    `SEND\ndestination:${queue}\n\nsecond\0`,
    `SEND\ndestination:${queue}\nreceipt:done\ncontent-length:5\n\nthird\0`,
  ]);
  // The raw colon is pointed out where it is, highlighted in the log.
  const diagnostic = proxyLog(page).getByRole('note', { name: /^Diagnostic unescaped-colon to broker at byte \d+/ });
  await expect(diagnostic).toBeVisible();
  const flagged = logRow(page, /to broker SEND destination:\S+ 1 diagnostic\(s\)/);
  await flagged.click();
  const inspector = page.getByRole('region', { name: 'Frame' });
  const problems = inspector.getByRole('list', { name: 'Diagnostics of this frame' });
  await expect(problems).toContainText('unescaped-colon');
  await expect(problems).toContainText("header \"x-link\" of SEND has a raw ':'");
  await expect(inspector.getByRole('radio', { name: 'Whole frame' })).toBeChecked();
  await page.screenshot({ path: '.tmp/e2e-proxy-diagnostic.png' });
  await expectAccessibleInBothThemes(page);

  await page.getByRole('button', { name: 'Stop recording' }).click();
  await openControls(page, 'Recordings');
  const recordings = page.getByRole('table', { name: 'Recordings' });
  await expect(recordings.getByRole('row')).not.toHaveCount(1);
  const row = recordings.getByRole('row').filter({ hasText: name });
  await row.getByRole('button', { name: /^Open / }).click();

  // Offline: the same log, read back from the file (the passcode masked, as written).
  await expect(page.getByRole('status', { name: 'Log state' })).toContainText('offline recording');
  const connect12 = logRow(page, /to broker CONNECT /);
  await connect12.click();
  await expect(inspector.getByRole('table', { name: 'Headers' })).toContainText('************');
  await expect(inspector).not.toContainText('not-for-disk');
  const second = logRow(page, /to broker SEND destination:/).nth(1);
  await second.click();
  await inspector.getByRole('button', { name: 'Leave out of replay' }).click();
  await expect(page.getByRole('status', { name: 'Log state' })).toContainText('1 marked for replay');
  await page.screenshot({ path: '.tmp/e2e-proxy-offline.png' });

  // Replay what the client sent against ActiveMQ, without the second SEND.
  const consumer = new StompClient({ uri: ACTIVEMQ.uri, login: 'guest', passcode: 'guest', reconnect: false });
  await consumer.connect();
  const arrived: string[] = [];
  await consumer.subscribe(queue, (m) => void arrived.push(m.text()), { receipt: true });
  try {
    await page.getByRole('button', { name: 'Replay…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: /^Replay / });
    const select = dialog.getByLabel('Against the broker of');
    await select.selectOption({ label: ((await select.locator('option', { hasText: `${ACTIVEMQ.name} (` }).first().textContent()) ?? '').trim() });
    await dialog.getByLabel('As fast as the broker takes them').check();
    await expect(dialog).toContainText('1 frame(s) marked');
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Log state' })).toContainText('replay finished', { timeout: 20_000 });
    await expect.poll(() => arrived).toEqual(['first', 'third']);
    await expect(logRow(page, /to client RECEIPT receipt-id:done/)).toBeVisible();
    await page.screenshot({ path: '.tmp/e2e-proxy-replay.png' });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
});
