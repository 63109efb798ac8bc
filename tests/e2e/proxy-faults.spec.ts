/**
 * Every fault from the Faults tab, on a real producer (stompit) through the proxy to RabbitMQ,
 * checked at the broker by a consumer of our own: latency, a bandwidth limit, swallowed RECEIPTs,
 * a corrupted byte, a cut after N frames, and a connection dropped at a click.
 */
import { expect, test, type Page } from '@playwright/test';
import { StompClient } from '../../src-core/client';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { createProfile } from './scenarios/profiles';
import { ensureBroker, RABBITMQ } from './support/brokers';
import { createProxy, logRow, openControls, proxyFacts, startProxy, stompitTo } from './proxy-scenarios';

test.beforeEach(async ({ page }) => {
  ensureBroker('rabbitmq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  const stop = page.getByRole('button', { name: 'Stop proxy' });
  if (await stop.isVisible()) await stop.click();
  await closeAllConnections(page);
});

async function clearFaults(page: Page): Promise<void> {
  await openControls(page, 'Faults');
  const form = page.getByRole('form', { name: 'Faults' });
  await form.getByRole('button', { name: 'Clear faults' }).click();
  await expect(form.getByRole('status')).toHaveText('No faults.');
}

async function applyFaults(page: Page, fields: Record<string, string>, checks: string[] = []): Promise<void> {
  await clearFaults(page);
  const form = page.getByRole('form', { name: 'Faults' });
  for (const [label, value] of Object.entries(fields)) {
    const field = form.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
    else await field.fill(value);
  }
  for (const label of checks) await form.getByLabel(label).check();
  await form.getByRole('button', { name: 'Apply faults' }).click();
  await expect(form.getByRole('status')).toHaveText(/^Faults on: /);
}

test('latency, bandwidth, swallowed receipts, a corrupted byte, a cut after N frames, a drop at a click', async ({ page }) => {
  test.setTimeout(90_000);
  const queue = `/queue/${unique('proxy-faults')}`;
  await createProfile(page, RABBITMQ);
  await createProxy(page, unique('fault proxy'), RABBITMQ.name);
  const port = await startProxy(page);
  const consumer = new StompClient({ uri: RABBITMQ.uri, login: 'guest', passcode: 'guest', host: '/', reconnect: false });
  await consumer.connect();
  const arrived: Buffer[] = [];
  await consumer.subscribe(queue, (m) => void arrived.push(Buffer.from(m.body)), { receipt: true });
  const producer = await stompitTo(port);

  try {
    await test.step('latency: 400 ms on the way to the broker', async () => {
      await applyFaults(page, { 'Latency (ms)': '400', 'Latency direction': 'client-to-broker' });
      await expect(proxyFacts(page)).toContainText('latency 400 ms');
      const started = Date.now();
      expect(await producer.send(queue, 'slow')).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      await page.screenshot({ path: '.tmp/e2e-proxy-faults.png' });
    });

    await test.step('bandwidth: 20 000 bytes a second', async () => {
      await applyFaults(page, { 'Bandwidth (bytes/s)': '20000' });
      const started = Date.now();
      expect(await producer.send(queue, Buffer.alloc(30_000, 'b'), 20_000)).toBe(true);
      // 30 kB at 20 kB/s: a second and a half, less the first slice's burst.
      expect(Date.now() - started).toBeGreaterThanOrEqual(1200);
    });

    await test.step('swallowed RECEIPTs: the broker has the message, the producer never hears so', async () => {
      await applyFaults(page, {}, ['Swallow RECEIPTs']);
      const before = arrived.length;
      expect(await producer.send(queue, 'unconfirmed', 1500)).toBe(false);
      await expect.poll(() => arrived.length).toBe(before + 1);
      await expect(logRow(page, /to client RECEIPT receipt-id:\S+ swallowed/)).toBeVisible();
    });

    await test.step('a corrupted byte: the next frame to the broker has one byte flipped', async () => {
      await clearFaults(page);
      await page.getByRole('button', { name: 'Corrupt next frame → broker' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'one byte flipped' })).toBeVisible();
      const before = arrived.length;
      expect(await producer.send(queue, 'hello world')).toBe(true);
      await expect.poll(() => arrived.length).toBe(before + 1);
      const expected = Buffer.from('hello world');
      expected[5] ^= 0xff;
      expect(arrived.at(-1)).toEqual(expected);
      await expect(logRow(page, /to broker SEND destination:\S+ corrupted/).last()).toBeVisible();
    });

    await test.step('a cut after 2 frames: a new connection dies right after its first SEND', async () => {
      await applyFaults(page, { 'Drop after (frames)': '2', 'Count frames': 'client-to-broker' });
      const doomed = await stompitTo(port);
      const before = arrived.length;
      expect(await doomed.send(queue, 'last words', 2000)).toBe(false);
      await expect.poll(() => arrived.length).toBe(before + 1);
      await expect.poll(() => doomed.errors.length).toBeGreaterThan(0);
      await expect(page.getByRole('list', { name: 'Proxied connections' })).toContainText('closed (fault): dropped after 2 frame(s)');
    });

    await test.step('a drop at a click', async () => {
      await clearFaults(page);
      const victim = await stompitTo(port);
      expect(await victim.send(queue, 'still alive')).toBe(true);
      const connections = page.getByRole('list', { name: 'Proxied connections' });
      // Connections are numbered as they come: the producer (1), the one cut after 2 frames (2), this one (3).
      await connections.getByRole('button', { name: 'Drop connection 3', exact: true }).click();
      await expect.poll(() => victim.errors.length).toBeGreaterThan(0);
      await expect(connections).toContainText('closed (fault): dropped on demand');
      await page.screenshot({ path: '.tmp/e2e-proxy-dropped.png' });
    });
  } finally {
    producer.client.destroy();
    await consumer.disconnect().catch(() => undefined);
  }
});
