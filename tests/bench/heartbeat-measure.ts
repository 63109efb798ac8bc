/**
 * One dead-peer measurement: a client and a sandbox broker agree on heart-beats every `period` ms
 * both ways, the broker goes silent (its stall switch: no beats, no frames, input not read) and we
 * time how long the client takes to declare it dead with `tolerance`. Shared by the test
 * (tests/core/heartbeat-dead-peer.test.ts) and the report (tests/bench/heartbeat-dead-peer.ts).
 */
import { startSandboxBroker } from '../../src-core/broker';
import { PeerSilentError, StompClient } from '../../src-core/client';

export interface DeadPeerMeasurement {
  readonly period: number;
  readonly tolerance: number;
  /** The negotiated period the client watched. */
  readonly expectEvery: number;
  /** Silence the client saw when it gave up: from the last byte received to the verdict. */
  readonly silentMs: number;
  /** From the stall switch to the `disconnected` event. */
  readonly afterStallMs: number;
}

export async function measureDeadPeer(period: number, tolerance: number): Promise<DeadPeerMeasurement> {
  const broker = await startSandboxBroker({ port: 0, heartBeat: [period, period] });
  const client = new StompClient({ uri: broker.url, heartBeat: [period, period], heartBeatTolerance: tolerance, reconnect: false });
  try {
    const info = await client.connect();
    // A few beats first, so the silence starts from a steady rhythm.
    await new Promise((resolve) => setTimeout(resolve, 2 * period));
    const dropped = new Promise<Error | undefined>((resolve) => client.on('disconnected', ({ error }) => resolve(error)));
    const stalledAt = performance.now();
    broker.setFaults({ stallHeartBeats: true });
    const error = await dropped;
    const afterStallMs = performance.now() - stalledAt;
    if (!(error instanceof PeerSilentError)) throw new Error(`expected PeerSilentError, got ${error?.name}: ${error?.message}`);
    return { period, tolerance, expectEvery: info.heartBeat.expectEvery, silentMs: error.silentMs, afterStallMs };
  } finally {
    await client.disconnect({ timeout: 100 }).catch(() => undefined);
    await broker.close();
  }
}
