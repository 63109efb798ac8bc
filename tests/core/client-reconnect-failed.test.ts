/** A reconnect that runs out of attempts says so, with every attempt and its reason. */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { ConnectFailedError, StompClient } from '../../src-core/client';

let broker: SandboxBroker | undefined;
let client: StompClient | undefined;

afterEach(async () => {
  await client?.disconnect().catch(() => undefined);
  await broker?.close();
});

describe('reconnectFailed', () => {
  it('is emitted with a ConnectFailedError listing the attempts once the plan gives up', async () => {
    broker = await startSandboxBroker({ port: 0 });
    const port = broker.port;
    client = new StompClient({
      uri: `failover:(tcp://127.0.0.1:${port})?initialReconnectDelay=10&maxReconnectAttempts=2&useExponentialBackOff=false`,
      heartBeat: [0, 0],
    });
    await client.connect();
    const failed = new Promise<Error>((resolve) => client!.on('reconnectFailed', resolve));
    await broker.close();
    broker = undefined;
    const error = await failed;
    expect(error).toBeInstanceOf(ConnectFailedError);
    // The first attempt of the episode plus two retries, each refused.
    expect((error as ConnectFailedError).attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    expect((error as ConnectFailedError).attempts[0].reason).toMatch(/ECONNREFUSED/);
    expect(client.state).toBe('disconnected');
  });
});
