/**
 * The destination overview's host side, without a real broker's plugins: the sandbox's snapshot,
 * per-profile settings (validated, saved, dropped with their profile), and RabbitMQ's management
 * client against a stand-in HTTP server for the answers a real one gives only when broken
 * (refused login, unknown vhost, redirect, junk, silence). The real brokers: tests/brokers/destinations-*.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpGetError, httpGetJson } from '../../src-main/host/destinations/http-get-json';
import { parseJettisonMap } from '../../src-main/host/destinations/jettison-map';
import { toDestination } from '../../src-main/host/destinations/activemq-statistics';
import { derivedManagementUrl } from '../../src-main/host/destinations/management-url';
import { queryRabbitMqQueues } from '../../src-main/host/destinations/rabbitmq-management';
import { apiError, startHostKit, type HostKit } from './host-kit';

type Route = (req: IncomingMessage, res: ServerResponse) => void;
let stub: Server;
let stubUrl: string;
let route: Route = (_req, res) => res.end('{}');
const seenAuth: string[] = [];

let kit: HostKit;

beforeAll(async () => {
  stub = createServer((req, res) => {
    seenAuth.push(req.headers.authorization ?? '');
    route(req, res);
  });
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  stubUrl = `http://127.0.0.1:${(stub.address() as { port: number }).port}/`;
  kit = await startHostKit();
});

afterAll(async () => {
  await kit?.close();
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
});

const json = (status: number, body: unknown): Route => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** The error a promise rejects with (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const query = (over: Partial<Parameters<typeof queryRabbitMqQueues>[0]> = {}) =>
  queryRabbitMqQueues({ baseUrl: stubUrl, vhost: '/', login: 'me', passcode: 'secret', limit: 100, seen: new Set(), timeoutMs: 2000, ...over });

describe("RabbitMQ's management client (stand-in server)", () => {
  it('reads a page of queues: depth, ready, unacked, consumers, rates; hides exclusive and subscription queues', async () => {
    let asked = '';
    route = (req, res) => {
      asked = req.url ?? '';
      json(200, {
        page: 1,
        page_count: 1,
        total_count: 4,
        items: [
          { name: 'orders', messages: 7, messages_ready: 5, messages_unacknowledged: 2, consumers: 1, durable: true, auto_delete: false, exclusive: false, message_stats: { publish_details: { rate: 2.5 } } },
          { name: 'scratch', messages: 0, durable: false, auto_delete: true, exclusive: false },
          { name: 'private', messages: 1, durable: false, auto_delete: true, exclusive: true },
          { name: 'stomp-subscription-abc', messages: 0, durable: false, auto_delete: true, exclusive: false },
        ],
      })(req, res);
    };
    const result = await query({ vhost: 'my/vhost', seen: new Set(['/amq/queue/orders']) });
    expect(asked).toMatch(/^\/api\/queues\/my%2Fvhost\?page=1&page_size=500&sort=name&columns=name,messages,/);
    expect(seenAuth.at(-1)).toBe(`Basic ${Buffer.from('me:secret').toString('base64')}`);
    expect(result.total).toBe(4);
    expect(result.hidden).toBe(2);
    expect(result.destinations).toEqual([
      // Named as the connection named it; a queue STOMP would not declare that way is reached by /amq/queue/.
      { destination: '/amq/queue/orders', kind: 'queue', brokerName: 'orders', depth: 7, ready: 5, unacked: 2, consumers: 1, publishRate: 2.5 },
      { destination: '/amq/queue/scratch', kind: 'queue', brokerName: 'scratch', depth: 0 },
    ]);
  });

  it('looks up seen queues past the listing limit one by one, and skips a seen destination that is no queue', async () => {
    route = (req, res) => {
      const url = req.url ?? '';
      if (url.startsWith('/api/queues/%2F?')) return json(200, { page: 1, page_count: 1, total_count: 3, items: [{ name: 'a', messages: 1, durable: true }, { name: 'b', messages: 2, durable: true }] })(req, res);
      if (url.startsWith('/api/queues/%2F/z%20z?')) return json(200, { name: 'z z', messages: 9, durable: true })(req, res);
      json(404, { error: 'Object Not Found', reason: 'Not Found' })(req, res);
    };
    const result = await query({ limit: 1, seen: new Set(['/queue/z z', '/queue/never-declared', '/topic/x']) });
    expect(result.destinations.map((d) => [d.destination, d.depth])).toEqual([
      ['/queue/a', 1],
      ['/queue/z z', 9],
    ]);
    expect(result.hidden).toBe(1);
  });

  it('says what to do when the login is refused, the vhost is unknown, it redirects, answers junk or nothing', async () => {
    route = json(401, { error: 'not_authorized', reason: 'Login failed' });
    const refused = await failure(query());
    expect(refused.message).toMatch(/refused the login "me" \(HTTP 401 not_authorized\): the user needs the management or monitoring tag/);
    expect(refused.message).not.toContain('secret');

    route = json(404, { error: 'Object Not Found', reason: 'Not Found' });
    expect((await failure(query({ vhost: 'nope' }))).message).toMatch(/knows no vhost "nope" \(HTTP 404\)/);

    route = (_req, res) => {
      res.writeHead(302, { location: 'http://elsewhere.example/' });
      res.end();
    };
    expect((await failure(query())).message).toMatch(/redirect to http:\/\/elsewhere\.example\//);

    route = (_req, res) => res.end('<html>not the API</html>');
    expect((await failure(query())).message).toMatch(/not JSON/);

    route = json(200, { hello: 'world' });
    expect((await failure(query())).message).toMatch(/without a list of queues/);

    route = () => undefined; // never answers
    const started = Date.now();
    expect((await failure(query({ timeoutMs: 300 }))).message).toMatch(/does not answer \(no answer within 0.3 s\)/);
    expect(Date.now() - started).toBeLessThan(2000);

    const closed = await failure(query({ baseUrl: 'http://127.0.0.1:1/' }));
    expect(closed.message).toMatch(/at http:\/\/127\.0\.0\.1:1\/ does not answer \(.*ECONNREFUSED.*\): enable the rabbitmq_management plugin/);
  });

  it('refuses an answer larger than its limit', async () => {
    route = (_req, res) => res.end('x'.repeat(200_000));
    const error = await failure(httpGetJson(new URL(stubUrl), { maxBytes: 100_000 }));
    expect(error).toBeInstanceOf(HttpGetError);
    expect(error.message).toMatch(/larger than/);
  });
});

describe('ActiveMQ statistics maps', () => {
  it('reads Jettison JSON maps: many entries, one entry, none, String pairs, numbers as strings', () => {
    expect(parseJettisonMap('{"map":{"entry":[{"string":"size","long":7},{"string":["destinationName","queue://a"]},{"string":"avg","double":1.5}]}}')).toEqual({ size: 7, destinationName: 'queue://a', avg: 1.5 });
    expect(parseJettisonMap('{"map":{"entry":{"string":"size","long":"12"}}}')).toEqual({ size: 12 });
    expect(parseJettisonMap('{"map":""}')).toEqual({});
    expect(() => parseJettisonMap('<map/>')).toThrow(/not JSON/);
    expect(() => parseJettisonMap('{"list":[]}')).toThrow(/no "map" object/);
    expect(() => parseJettisonMap('{"map":{"entry":[{"long":1}]}}')).toThrow(/no key/);
  });

  it('turns queue:// and topic:// into STOMP destinations and leaves out temporary and advisory ones', () => {
    expect(toDestination({ destinationName: 'queue://orders', size: 3, inflightCount: 1, consumerCount: 2, producerCount: 0, enqueueCount: 9, dequeueCount: 6 })).toEqual({
      destination: '/queue/orders',
      kind: 'queue',
      brokerName: 'queue://orders',
      depth: 3,
      unacked: 1,
      consumers: 2,
      producers: 0,
      enqueued: 9,
      dequeued: 6,
    });
    expect(toDestination({ destinationName: 'topic://prices', size: 0 })).toMatchObject({ destination: '/topic/prices', kind: 'topic' });
    expect(toDestination({ destinationName: 'topic://ActiveMQ.Advisory.Queue' })).toBeUndefined();
    expect(toDestination({ destinationName: 'temp-queue://ID:x-1:1:1' })).toBeUndefined();
  });
});

describe('management URL', () => {
  it('is derived from the broker reached: http on 15672, https on 15671 when STOMP runs over TLS', () => {
    expect(derivedManagementUrl('tcp://mq.example:61613')).toBe('http://mq.example:15672/');
    expect(derivedManagementUrl('ssl://mq.example:61614')).toBe('https://mq.example:15671/');
    expect(derivedManagementUrl('wss://[::1]:15673/ws')).toBe('https://[::1]:15671/');
    expect(derivedManagementUrl('not an address')).toBeUndefined();
  });
});

describe('destinations through the host', () => {
  it("reads the sandbox's own snapshot: queue depth, unacked, consumers, topic subscribers", async () => {
    const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
    const queue = `/queue/overview-${process.pid}`;
    await kit.call('messages.send', { connectionId: connection.id, destination: queue, body: { encoding: 'text', text: 'x' }, copies: 6 });
    await kit.call('subscriptions.add', { connectionId: connection.id, destination: '/topic/overview', ack: 'auto' });
    const info = await kit.call('destinations.brokerInfo', { connectionId: connection.id });
    expect(info).toMatchObject({ source: 'sandbox', available: true, connectionId: connection.id });
    expect(info.destinations.find((d) => d.destination === queue)).toMatchObject({ kind: 'queue', depth: 6, ready: 6, unacked: 0, consumers: 0, enqueued: 6 });
    expect(info.destinations.find((d) => d.destination === '/topic/overview')).toMatchObject({ kind: 'topic', consumers: 1 });
    await kit.call('connections.forget', { connectionId: connection.id });
  });

  it('keeps a management URL per profile (validated, saved, cleared, dropped with the profile), and uses it with the profile’s login', async () => {
    const { profile } = await kit.call('profiles.create', { profile: { name: 'Rabbit behind a proxy', uri: 'tcp://127.0.0.1:1', login: 'me', passcode: 'secret', preset: 'rabbitmq', host: 'prod' } });
    expect(await kit.call('destinations.getSettings', { profileId: profile.id })).toEqual({});
    for (const bad of ['ftp://h/', 'http://user:pw@h:15672/', 'not a url', 'http://h/?x=1']) {
      expect((await apiError(() => kit.call('destinations.setSettings', { profileId: profile.id, managementUrl: bad }))).code, bad).toBe('invalid-request');
    }
    expect((await apiError(kit.call('destinations.getSettings', { profileId: 'nope' }))).code).toBe('not-found');
    expect(await kit.call('destinations.setSettings', { profileId: profile.id, managementUrl: `${stubUrl}rabbit/` })).toEqual({ managementUrl: `${stubUrl}rabbit/` });
    const saved = JSON.parse(await readFile(join(kit.dataDir, 'destinations.json'), 'utf8'));
    expect(saved).toEqual({ schemaVersion: 1, profiles: { [profile.id]: { managementUrl: `${stubUrl}rabbit/` } } });

    let asked = '';
    route = (req, res) => {
      asked = req.url ?? '';
      json(200, { page: 1, page_count: 1, total_count: 1, items: [{ name: 'q', messages: 3, durable: true }] })(req, res);
    };
    // The broker itself is unreachable; its management API is not.
    const { connection } = await kit.call('connections.open', { profileId: profile.id, wait: 'started' });
    const info = await kit.call('destinations.brokerInfo', { connectionId: connection.id });
    expect(info).toMatchObject({ source: 'rabbitmq-management', available: true, endpoint: `${stubUrl}rabbit/`, total: 1 });
    expect(info.destinations).toEqual([{ destination: '/queue/q', kind: 'queue', brokerName: 'q', depth: 3 }]);
    expect(asked).toMatch(/^\/rabbit\/api\/queues\/prod\?/);
    expect(seenAuth.at(-1)).toBe(`Basic ${Buffer.from('me:secret').toString('base64')}`);
    expect(JSON.stringify(info)).not.toContain('secret');

    route = json(401, { error: 'not_authorized', reason: 'Login failed' });
    const refused = await kit.call('destinations.brokerInfo', { connectionId: connection.id });
    expect(refused).toMatchObject({ source: 'rabbitmq-management', available: false, destinations: [] });
    expect(refused.error).toMatch(/refused the login "me"/);
    expect(JSON.stringify(refused)).not.toContain('secret');
    await kit.call('connections.forget', { connectionId: connection.id });

    expect(await kit.call('destinations.setSettings', { profileId: profile.id, managementUrl: null })).toEqual({});
    await kit.call('destinations.setSettings', { profileId: profile.id, managementUrl: 'https://mq.example:15671/' });
    await kit.call('profiles.delete', { id: profile.id });
    await expect.poll(async () => JSON.parse(await readFile(join(kit.dataDir, 'destinations.json'), 'utf8')).profiles).toEqual({});
  });

  it('says plainly when a broker offers neither', async () => {
    const { profile } = await kit.call('profiles.create', { profile: { name: 'Artemis', uri: 'tcp://127.0.0.1:1', preset: 'artemis' } });
    const { connection } = await kit.call('connections.open', { profileId: profile.id, wait: 'started' });
    const info = await kit.call('destinations.brokerInfo', { connectionId: connection.id });
    expect(info).toMatchObject({ source: 'none', available: false, destinations: [] });
    expect(info.note).toMatch(/offers neither RabbitMQ's management API nor ActiveMQ Classic's statistics plugin/);
    await kit.call('connections.forget', { connectionId: connection.id });
    expect((await apiError(kit.call('destinations.brokerInfo', { connectionId: connection.id }))).code).toBe('not-found');
  });
});
