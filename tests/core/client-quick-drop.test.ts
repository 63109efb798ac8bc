/**
 * A broker that accepts the connection and then hangs up at once (as RabbitMQ does after an ERROR
 * for a replayed subscription) must not be reconnected in a tight loop: quick drops back off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';

let broker: SandboxBroker | undefined;
let client: StompClient | undefined;

afterEach(async () => {
  await client?.disconnect().catch(() => undefined);
  await broker?.close();
});

describe('quick drops', () => {
  it('back off instead of reconnecting in a tight loop', async () => {
    broker = await startSandboxBroker({ port: 0 });
    client = new StompClient({ uri: `failover:(tcp://127.0.0.1:${broker.port})?initialReconnectDelay=50&maxReconnectDelay=400`, heartBeat: [0, 0] });
    let connects = 0;
    client.on('connected', () => connects++);
    await client.connect();
    // From now on every connection is dropped right after CONNECTED (its 2nd frame).
    broker.setFaults({ dropAfterFrames: 2 });
    const started = Date.now();
    const subscribe = () => client!.subscribe('/queue/q', () => undefined).catch(() => undefined);
    client.on('connected', () => void subscribe());
    await subscribe();
    await new Promise((r) => setTimeout(r, 1_500));
    const elapsed = Date.now() - started;
    // Delays of 50, 100, 200, 400, 400… ms: a handful of reconnects in 1.5 s, not hundreds.
    expect(connects).toBeGreaterThan(2);
    expect(connects).toBeLessThan(10);
    expect(elapsed).toBeGreaterThanOrEqual(1_500);
    // Once the broker behaves, a connection that lasts resets the back-off.
    broker.setFaults({ dropAfterFrames: undefined });
    await new Promise<void>((resolve) => {
      const check = () => (client!.state === 'connected' ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(client.state).toBe('connected');
  });

  it('forgets a subscription whose SUBSCRIBE failed, so it is not replayed', async () => {
    broker = await startSandboxBroker({ port: 0 });
    client = new StompClient({ uri: `tcp://127.0.0.1:${broker.port}`, heartBeat: [0, 0], receiptTimeout: 200 });
    await client.connect();
    broker.setFaults({ delayReceiptsMs: 1_000 });
    await expect(client.subscribe('/queue/never', () => undefined, { receipt: true })).rejects.toThrow(/RECEIPT/);
    expect(client.subscriptions.map((s) => s.destination)).toEqual([]);
  });
});
