// The brokers' own views of a queue, for the UI's queue browser: RabbitMQ's management HTTP API
// (rabbitmq_management on 127.0.0.1 only) and ActiveMQ's statistics plugin (a SEND to
// ActiveMQ.Statistics.Destination.<name> with reply-to is answered with that queue's statistics).
// Both must report the depth of a queue after N sends. A broker started before scripts/brokers/
// enabled them lacks them until restarted: the failure says so.
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { StompClient, type StompMessage } from '../../src-core/client/index';
import { brokers } from './brokers';

const SENDS = 7;
const clients: StompClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect().catch(() => undefined)));
});

async function client(port: number, host: string): Promise<StompClient> {
  const c = new StompClient({ uri: `tcp://${brokers.host}:${port}`, login: brokers.login, passcode: brokers.passcode, host });
  clients.push(c);
  await c.connect();
  return c;
}

const auth = { authorization: `Basic ${Buffer.from(`${brokers.login}:${brokers.passcode}`).toString('base64')}` };

async function management(path: string, method = 'GET'): Promise<Response> {
  const url = new URL(path, brokers.rabbitmq.managementUrl);
  try {
    return await fetch(url, { method, headers: auth, signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new Error(
      `RabbitMQ's management API does not answer at ${url} (${(error as Error).cause ?? error}). A node started before ` +
        'scripts/brokers/rabbitmq.sh enabled rabbitmq_management lacks it: restart it (scripts/brokers/rabbitmq.sh restart).',
    );
  }
}

describe("RabbitMQ's management plugin", () => {
  it('listens on loopback only and reports a queue depth of N after N sends', async () => {
    const overview = (await (await management('api/overview')).json()) as { listeners: { protocol: string; port: number; socket_opts?: { ip?: string } }[] };
    // Cowboy's listeners report ip_address "::" but bind the ip of their socket options.
    const http = overview.listeners.filter((l) => l.protocol === 'http');
    expect(http).toEqual([expect.objectContaining({ port: brokers.rabbitmq.managementPort, socket_opts: expect.objectContaining({ ip: brokers.host }) })]);
    // And nothing answers on the machine's other addresses.
    for (const address of externalAddresses()) expect(await connects(address, brokers.rabbitmq.managementPort), address).toBe(false);

    const name = `plugins-depth-${randomUUID()}`;
    const c = await client(brokers.rabbitmq.stompPort, brokers.rabbitmq.vhost);
    try {
      for (let i = 0; i < SENDS; i++) await c.send(`/queue/${name}`, `message ${i}`, { receipt: true });
      // The API's figures follow the queue within collect_statistics_interval (1 s here).
      await expect
        .poll(async () => ((await (await management(`api/queues/%2F/${encodeURIComponent(name)}`)).json()) as { messages?: number }).messages, { timeout: 15_000, interval: 250 })
        .toBe(SENDS);
    } finally {
      expect((await management(`api/queues/%2F/${encodeURIComponent(name)}`, 'DELETE')).status).toBe(204);
    }
  });
});

describe("ActiveMQ's statistics plugin", () => {
  it('answers ActiveMQ.Statistics.Destination.<name> on reply-to with a queue size of N after N sends', async () => {
    const name = `plugins-depth-${randomUUID()}`;
    const replies = `/queue/plugins-replies-${randomUUID()}`;
    const c = await client(brokers.activemq.stompPort, brokers.activemq.vhost);
    for (let i = 0; i < SENDS; i++) await c.send(`/queue/${name}`, `message ${i}`, { receipt: true });

    const restart =
      'a broker started before scripts/brokers/activemq.sh enabled statisticsBrokerPlugin and linked the xstream jars lacks them: restart it (scripts/brokers/activemq.sh restart)';
    const reply = await (async () => {
      const answer = new Promise<StompMessage>((resolve) => void c.subscribe(replies, async (m) => resolve(m), { headers: { transformation: 'jms-map-json' } }));
      await c.send(`/queue/ActiveMQ.Statistics.Destination.${name}`, '', { headers: { 'reply-to': replies }, receipt: true });
      return Promise.race([answer, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 10 s')), 10_000))]);
    })().catch((error: unknown) => {
      // Without the jars, ActiveMQ drops the connection of a jms-map-json subscriber.
      throw new Error(`no statistics from ActiveMQ (${(error as Error).message}): ${restart}`);
    });
    expect(reply.headers.transformation).toBe('jms-map-json');
    const stats = statistics(reply.text());
    expect(stats).toMatchObject({ destinationName: `queue://${name}`, size: SENDS, enqueueCount: SENDS });

    // Leave nothing behind on the shared broker: drain the queue.
    let drained = 0;
    await c.subscribe(`/queue/${name}`, async () => void drained++);
    await expect.poll(() => drained).toBe(SENDS);
  });
});

function externalAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/** Jettison's JSON form of a MapMessage: {"map":{"entry":[{"string":"size","long":7}, {"string":["name","value"]}, ...]}}. */
function statistics(json: string): Record<string, unknown> {
  const entries = (JSON.parse(json) as { map: { entry: Record<string, unknown>[] } }).map.entry;
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const key = entry.string;
    if (Array.isArray(key)) out[key[0] as string] = key[1];
    else {
      const [, value] = Object.entries(entry).find(([type]) => type !== 'string') ?? [];
      out[key as string] = value;
    }
  }
  return out;
}
