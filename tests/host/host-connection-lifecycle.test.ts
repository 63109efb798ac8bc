/**
 * A connection's life as the UI sees it: opened without waiting (shown while it connects), a
 * cancel that is not a failure, a drop with its reason, each reconnect attempt, which broker
 * answered, the replayed subscriptions and the wire-log markers, a reconnect asked for on a live
 * connection, and failed attempts still listed after a failover that succeeded.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker/index';
import { startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let broker: SandboxBroker;
let blackhole: Server;
let blackholePort: number;

beforeAll(async () => {
  kit = await startHostKit();
  broker = await startSandboxBroker({});
  // Accepts TCP and never answers: a CONNECTED that never comes.
  blackhole = createServer(() => undefined);
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  blackholePort = (blackhole.address() as { port: number }).port;
});

afterAll(async () => {
  await kit?.close();
  await broker?.close();
  await new Promise((resolve) => blackhole?.close(resolve));
});

async function profile(name: string, uri: string): Promise<string> {
  const { profile } = await kit.call('profiles.create', { profile: { name, uri } });
  return profile.id;
}

async function view(connectionId: string) {
  return (await kit.call('connections.list', {})).connections.find((c) => c.id === connectionId)!;
}

describe('opening without waiting', () => {
  it('answers at once, connecting; Disconnect cancels, which is neither a failure nor left connecting', async () => {
    const profileId = await profile('Blackhole', `tcp://127.0.0.1:${blackholePort}`);
    const started = Date.now();
    const { connection } = await kit.call('connections.open', { profileId, wait: 'started' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(connection.state).toBe('connecting');
    expect(connection.history.map((h) => h.kind)).toEqual(['connecting']);
    await kit.call('connections.close', { connectionId: connection.id });
    const after = await waitFor(async () => {
      const v = await view(connection.id);
      return v.history.some((h) => h.kind === 'cancelled') ? v : undefined;
    });
    expect(after.state).toBe('disconnected');
    expect(after.failure).toBeUndefined();
    expect(after.history.map((h) => h.kind)).not.toContain('gave-up');
  });

  it('shows each failed attempt with its reason while a failover plan keeps retrying', async () => {
    const profileId = await profile('Refusing', 'failover:(tcp://127.0.0.1:1)?initialReconnectDelay=50&useExponentialBackOff=false');
    const { connection } = await kit.call('connections.open', { profileId, wait: 'started' });
    const retrying = await waitFor(async () => {
      const v = await view(connection.id);
      return v.attempts.length >= 2 ? v : undefined;
    });
    expect(retrying.state).toBe('connecting');
    expect(retrying.attempts[0]).toMatchObject({ broker: 'tcp://127.0.0.1:1', attempt: 1, reason: expect.stringContaining('ECONNREFUSED') });
    expect(retrying.attempts[0].at).toEqual(expect.any(Number));
    await kit.call('connections.close', { connectionId: connection.id });
  });
});

describe('a failover that succeeds', () => {
  it('keeps the attempts that failed before the broker that answered', async () => {
    const profileId = await profile('Second broker', `failover:(tcp://127.0.0.1:1,${broker.url})?randomize=false&initialReconnectDelay=10`);
    const opened = await kit.call('connections.open', { profileId });
    // 'connected' answers at the plan's first retry: the rest arrives as it happens.
    const connection = await waitFor(async () => {
      const v = await view(opened.connection.id);
      return v.state === 'connected' ? v : undefined;
    });
    expect(connection.broker).toBe(broker.url);
    expect(connection.attempts).toEqual([expect.objectContaining({ broker: 'tcp://127.0.0.1:1', reason: expect.stringContaining('ECONNREFUSED') })]);
    expect(connection.history.at(-1)).toMatchObject({ kind: 'connected', broker: broker.url, text: expect.stringContaining('after 1 failed attempt') });
    await kit.call('connections.close', { connectionId: connection.id });
  });
});

describe('drops and reconnects', () => {
  it('a drop shows its time and reason, the reconnect, the broker that answered, the replayed subscriptions and markers in the wire log', async () => {
    const profileId = await profile('Dropping', `failover:(${broker.url})?initialReconnectDelay=20`);
    const { connection } = await kit.call('connections.open', { profileId });
    const { subscription } = await kit.call('subscriptions.add', { connectionId: connection.id, destination: '/queue/lifecycle-drop' });
    expect(subscription.replays).toBe(0);
    const droppedAt = Date.now();
    broker.dropAllConnections();
    const after = await waitFor(async () => {
      const v = await view(connection.id);
      return v.state === 'connected' && v.subscriptions[0]?.replays === 1 ? v : undefined;
    });
    expect(after.lastDrop?.at).toBeGreaterThanOrEqual(droppedAt);
    expect(after.lastDrop?.reason).toMatch(/closed|lost|reset|ended/i);
    const kinds = after.history.map((h) => h.kind);
    expect(kinds.slice(kinds.indexOf('dropped'))).toEqual(expect.arrayContaining(['dropped', 'reconnecting', 'reconnected', 'replayed']));
    expect(after.history.find((h) => h.kind === 'reconnected')).toMatchObject({ broker: broker.url });
    expect(after.subscriptions[0].replayedAt).toBeGreaterThanOrEqual(droppedAt);
    const { entries } = await kit.call('wire.list', { connectionId: connection.id, offset: 0, limit: 10_000 });
    const markers = entries.filter((e) => e.kind === 'marker').map((e) => e.text);
    expect(markers).toEqual(expect.arrayContaining([expect.stringMatching(/^connection lost: /), expect.stringMatching(/^reconnected to /), 'replayed 1 subscription: /queue/lifecycle-drop']));
    await kit.call('connections.close', { connectionId: connection.id });
  });

  it('Reconnect on a live connection drops it and reconnects, replaying its subscriptions', async () => {
    const profileId = await profile('Reconnect me', `failover:(${broker.url})?initialReconnectDelay=20`);
    const { connection } = await kit.call('connections.open', { profileId });
    await kit.call('subscriptions.add', { connectionId: connection.id, destination: '/queue/lifecycle-reconnect' });
    await kit.call('connections.reconnect', { connectionId: connection.id });
    const after = await waitFor(async () => {
      const v = await view(connection.id);
      return v.state === 'connected' && v.subscriptions[0]?.replays === 1 ? v : undefined;
    });
    expect(after.history.find((h) => h.kind === 'dropped')?.text).toContain('reconnect asked by the user');
    expect(after.lastDrop?.reason).toBe('reconnect asked by the user');
    await kit.call('connections.close', { connectionId: connection.id });
  });
});
