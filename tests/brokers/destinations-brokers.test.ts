/**
 * The destination overview's broker figures against the real brokers: RabbitMQ's management API
 * and ActiveMQ's statistics plugin report a fresh queue's depth as N after N sends (and its
 * consumers and unacked messages once someone consumes), directly and through the host's
 * `destinations.brokerInfo`. A broker started before scripts/brokers enabled the plugins lacks
 * them until restarted: tests/brokers/broker-plugins.test.ts says so first.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateRequest, type MethodName, type MethodParams, type MethodResult } from '../../src-core/api';
import { StompClient } from '../../src-core/client/index';
import { queryActiveMqStatistics } from '../../src-main/host/destinations/activemq-statistics';
import { queryRabbitMqQueues } from '../../src-main/host/destinations/rabbitmq-management';
import { createHost } from '../../src-main/host/create-host';
import type { Host } from '../../src-main/host/host-api';
import { brokers } from './brokers';

const N = 9;
const clients: StompClient[] = [];
const rabbitQueues: string[] = [];

async function client(broker: 'rabbitmq' | 'activemq'): Promise<StompClient> {
  const port = broker === 'rabbitmq' ? brokers.rabbitmq.stompPort : brokers.activemq.stompPort;
  const c = new StompClient({ uri: `tcp://${brokers.host}:${port}`, login: brokers.login, passcode: brokers.passcode, host: broker === 'rabbitmq' ? brokers.rabbitmq.vhost : brokers.activemq.vhost });
  clients.push(c);
  await c.connect();
  return c;
}

const auth = { authorization: `Basic ${Buffer.from(`${brokers.login}:${brokers.passcode}`).toString('base64')}` };

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect().catch(() => undefined)));
});

afterAll(async () => {
  // Leave nothing on the shared RabbitMQ: its /queue/ queues are durable.
  for (const name of rabbitQueues) {
    await fetch(new URL(`api/queues/%2F/${encodeURIComponent(name)}`, brokers.rabbitmq.managementUrl), { method: 'DELETE', headers: auth }).catch(() => undefined);
  }
});

const rabbit = (seen: string[] = []) =>
  queryRabbitMqQueues({ baseUrl: brokers.rabbitmq.managementUrl, vhost: brokers.rabbitmq.vhost, login: brokers.login, passcode: brokers.passcode, limit: 2000, seen: new Set(seen), timeoutMs: 5000 });

const activemq = (seen: string[] = [], limit = 2000) =>
  queryActiveMqStatistics({
    client: { uri: `tcp://${brokers.host}:${brokers.activemq.stompPort}`, login: brokers.login, passcode: brokers.passcode },
    limit,
    seen: new Set(seen),
    timeoutMs: 5000,
  });

describe("RabbitMQ's management API", () => {
  it('reports a fresh queue at depth N after N sends, then its consumer and unacked messages', async () => {
    const name = `overview-rmq-${randomUUID()}`;
    rabbitQueues.push(name);
    const destination = `/queue/${name}`;
    const producer = await client('rabbitmq');
    for (let i = 0; i < N; i++) await producer.send(destination, `m${i}`, { receipt: true });
    // The API's figures follow the queue within its statistics interval (1 s in the project's set-up).
    await expect.poll(async () => (await rabbit([destination])).destinations.find((d) => d.destination === destination), { timeout: 15_000, interval: 250 }).toMatchObject({
      kind: 'queue',
      brokerName: name,
      depth: N,
      ready: N,
      unacked: 0,
      consumers: 0,
    });

    const consumer = await client('rabbitmq');
    await consumer.subscribe(destination, () => undefined, { ack: 'client-individual', settle: 'manual' });
    await expect.poll(async () => (await rabbit([destination])).destinations.find((d) => d.destination === destination), { timeout: 15_000, interval: 250 }).toMatchObject({
      depth: N,
      ready: 0,
      unacked: N,
      consumers: 1,
    });
  });

  it('says why when the login is refused, never repeating the passcode', async () => {
    const error = await queryRabbitMqQueues({ baseUrl: brokers.rabbitmq.managementUrl, vhost: '/', login: brokers.login, passcode: 'not-the-passcode', limit: 10, seen: new Set() }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/refused the login "guest" \(HTTP 401 not_authorized\)/);
    expect((error as Error).message).not.toContain('not-the-passcode');
  });
});

describe("ActiveMQ's statistics plugin", () => {
  it('reports a fresh queue at depth N after N sends, and a consumer once one subscribes', async () => {
    const name = `overview-amq-${randomUUID()}`;
    const destination = `/queue/${name}`;
    const producer = await client('activemq');
    for (let i = 0; i < N; i++) await producer.send(destination, `m${i}`, { receipt: true });
    const before = await activemq([destination]);
    expect(before.destinations.find((d) => d.destination === destination)).toMatchObject({ kind: 'queue', brokerName: `queue://${name}`, depth: N, enqueued: N, dequeued: 0, consumers: 0 });
    expect(before.total).toBeGreaterThanOrEqual(before.destinations.length);
    // Past the listing limit, a seen destination is still listed.
    const limited = await activemq([destination], 0);
    expect(limited.destinations.map((d) => d.destination)).toEqual([destination]);
    expect(limited.hidden).toBe(limited.total - 1);

    const consumer = await client('activemq');
    let received = 0;
    await consumer.subscribe(destination, async () => void received++, { ack: 'auto' });
    await expect.poll(() => received).toBe(N);
    await expect.poll(async () => (await activemq([destination])).destinations.find((d) => d.destination === destination), { timeout: 10_000, interval: 250 }).toMatchObject({
      depth: 0,
      consumers: 1,
      dequeued: N,
    });
  });
});

describe('through the host', () => {
  let dataDir: string;
  let host: Host;
  let nextId = 1;
  const call = <M extends MethodName>(method: M, params: MethodParams<M>) => host.handle(validateRequest({ kind: 'request', id: nextId++, method, params })) as Promise<MethodResult<M>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stomp-explorer-destinations-'));
    host = await createHost({ dataDir, mode: 'web' });
  });
  afterAll(async () => {
    await host?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const broker of ['rabbitmq', 'activemq'] as const) {
    it(`${broker}: the overview's figures match what the connection sent, and the connection counted it`, async () => {
      const port = broker === 'rabbitmq' ? brokers.rabbitmq.stompPort : brokers.activemq.stompPort;
      const { profile } = await call('profiles.create', {
        profile: { name: `${broker} overview`, uri: `tcp://${brokers.host}:${port}`, login: brokers.login, passcode: brokers.passcode, preset: broker, host: broker === 'rabbitmq' ? '/' : undefined },
      });
      if (broker === 'rabbitmq') await call('destinations.setSettings', { profileId: profile.id, managementUrl: brokers.rabbitmq.managementUrl });
      const { connection } = await call('connections.open', { profileId: profile.id });
      const name = `overview-host-${broker}-${randomUUID()}`;
      if (broker === 'rabbitmq') rabbitQueues.push(name);
      const destination = `/queue/${name}`;
      await call('messages.send', { connectionId: connection.id, destination, body: { encoding: 'text', text: 'hello' }, copies: N, receipt: true });
      const source = broker === 'rabbitmq' ? 'rabbitmq-management' : 'activemq-statistics';
      await expect
        .poll(async () => {
          const info = await call('destinations.brokerInfo', { connectionId: connection.id });
          expect(info).toMatchObject({ source, available: true });
          return info.destinations.find((d) => d.destination === destination)?.depth;
        }, { timeout: 15_000, interval: 300 })
        .toBe(N);
      const stats = await call('stats.get', { connectionId: connection.id });
      expect(stats.destinations.find((r) => r.destination === destination)).toMatchObject({ messagesOut: N, bytesOut: 5 * N, messagesIn: 0 });
      // Drain what was sent (ActiveMQ keeps it otherwise; RabbitMQ's queue is deleted afterwards).
      await call('subscriptions.add', { connectionId: connection.id, destination, ack: 'auto' });
      await expect.poll(async () => (await call('stats.get', { connectionId: connection.id })).destinations.find((r) => r.destination === destination)?.messagesIn).toBe(N);
      await call('connections.forget', { connectionId: connection.id });
    });
  }
});
