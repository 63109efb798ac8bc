/**
 * Statistics against the real brokers, through the host: what a connection sends and receives,
 * acks and nacks (RabbitMQ hands a NACKed message back at once, marked redelivered; ActiveMQ moves
 * it to its DLQ), receipt latencies, and per-second series that add up to the totals.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRequest, type MethodName, type MethodParams, type MethodResult } from '../../src-core/api';
import { createHost } from '../../src-main/host/create-host';
import type { Host } from '../../src-main/host/host-api';
import { brokers } from './brokers';

const N = 40;
let dataDir: string;
let host: Host;
let nextId = 1;
const call = <M extends MethodName>(method: M, params: MethodParams<M>) => host.handle(validateRequest({ kind: 'request', id: nextId++, method, params })) as Promise<MethodResult<M>>;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stomp-explorer-stats-'));
  host = await createHost({ dataDir, mode: 'web' });
});
afterAll(async () => {
  await host?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

async function open(broker: 'rabbitmq' | 'activemq') {
  const port = broker === 'rabbitmq' ? brokers.rabbitmq.stompPort : brokers.activemq.stompPort;
  const { profile } = await call('profiles.create', {
    profile: { name: `${broker} stats ${randomUUID()}`, uri: `tcp://${brokers.host}:${port}`, login: brokers.login, passcode: brokers.passcode, preset: broker },
  });
  return (await call('connections.open', { profileId: profile.id })).connection.id;
}

describe('statistics against the real brokers', () => {
  for (const broker of ['rabbitmq', 'activemq'] as const) {
    it(`${broker}: ${N} sent and consumed, one acked, one nacked: every count matches, and the series add up`, async () => {
      const connectionId = await open(broker);
      // RabbitMQ's queue is declared auto-delete by the SUBSCRIBE: it goes with the connection, leaving nothing on the shared broker.
      const destination = `/queue/stats-${randomUUID()}`;
      const { subscription } = await call('subscriptions.add', {
        connectionId,
        destination,
        ack: 'client-individual',
        headers: broker === 'rabbitmq' ? [['prefetch-count', '1000'], ['auto-delete', 'true']] : [['activemq.prefetchSize', '1000']],
      });
      const sent = await call('messages.send', { connectionId, destination, body: { encoding: 'text', text: 'sixteen bytes!!!' }, copies: N, receipt: true, headers: [['persistent', 'false']] });
      expect(sent.sent).toBe(N);
      await expect.poll(async () => (await call('stats.get', { connectionId })).destinations.find((r) => r.destination === destination)?.messagesIn, { timeout: 10_000 }).toBe(N);
      await call('messages.ack', { captureId: subscription.captureId, seq: 0 });
      await call('messages.nack', { captureId: subscription.captureId, seq: 1 });
      const redelivered = broker === 'rabbitmq' ? 1 : 0;
      await expect.poll(async () => (await call('stats.get', { connectionId })).destinations.find((r) => r.destination === destination)?.messagesIn, { timeout: 10_000 }).toBe(N + redelivered);
      const acked = (await call('subscriptions.ackAll', { connectionId, subscriptionId: subscription.id })).acked;
      expect(acked).toBe(N - 2 + redelivered);

      const stats = await call('stats.get', { connectionId });
      const row = stats.destinations.find((r) => r.destination === destination)!;
      expect(row).toMatchObject({ messagesOut: N, bytesOut: 16 * N, messagesIn: N + redelivered, bytesIn: 16 * (N + redelivered), nacks: 1, redeliveries: redelivered, subscribed: true });
      // One ACK for the first, one for "ack all" per message (client-individual acks each).
      expect(row.acks).toBe(1 + acked);
      expect(row.receipts.count).toBeGreaterThanOrEqual(N);
      expect(row.receipts.p50).toBeGreaterThan(0);
      expect(row.receipts.max).toBeGreaterThanOrEqual(row.receipts.p99);
      expect(stats.total.acks).toBe(row.acks);

      // Once the seconds have closed, the series hold every message the totals count.
      await new Promise((r) => setTimeout(r, 1100));
      const { points } = await call('stats.series', { connectionId, destination });
      expect(points.reduce((sum, p) => sum + p[1], 0)).toBe(N + redelivered);
      expect(points.reduce((sum, p) => sum + p[2], 0)).toBe(N);
      expect(points.reduce((sum, p) => sum + p[4], 0)).toBe(16 * N);
      await call('connections.forget', { connectionId });
    });
  }
});
