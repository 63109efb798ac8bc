/** What the UI sees when a broker cannot be reached: every attempt, and retries as they happen. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;

beforeAll(async () => {
  kit = await startHostKit();
});

afterAll(async () => {
  await kit?.close();
});

describe('connection failures', () => {
  it('a plain URI that refuses fails at once, and the view lists the attempt and its reason', async () => {
    const { profile } = await kit.call('profiles.create', { profile: { name: 'Nobody home', uri: 'tcp://127.0.0.1:1' } });
    const error = await apiError(kit.call('connections.open', { profileId: profile.id }));
    expect(error.code).toBe('connect-failed');
    expect(error.message).toContain('tcp://127.0.0.1:1');
    const view = (await kit.call('connections.list', {})).connections.find((c) => c.profileId === profile.id)!;
    expect(view.state).toBe('failed');
    expect(view.failure?.attempts).toEqual([expect.objectContaining({ broker: 'tcp://127.0.0.1:1', attempt: 1, reason: expect.stringContaining('ECONNREFUSED') })]);
  });

  it('a failover plan that keeps retrying answers at its first retry and shows each attempt', async () => {
    const { profile } = await kit.call('profiles.create', {
      profile: { name: 'Retrying', uri: 'failover:(tcp://127.0.0.1:1,tcp://127.0.0.1:2)?randomize=false&initialReconnectDelay=100&useExponentialBackOff=false' },
    });
    const { connection } = await kit.call('connections.open', { profileId: profile.id });
    expect(connection.state).toBe('connecting');
    const later = await waitFor(async () => {
      const view = (await kit.call('connections.list', {})).connections.find((c) => c.id === connection.id)!;
      return view.reconnect && view.reconnect.attempt >= 3 ? view : undefined;
    });
    expect(later.reconnect).toMatchObject({ maxAttempts: null, nextDelayMs: 100 });
    expect(later.reconnect!.broker).toMatch(/^tcp:\/\/127\.0\.0\.1:[12]$/);
    await kit.call('connections.close', { connectionId: connection.id });
    const closed = (await kit.call('connections.list', {})).connections.find((c) => c.id === connection.id)!;
    expect(closed.state).toBe('disconnected');
    expect(closed.reconnect).toBeUndefined();
  });
});
