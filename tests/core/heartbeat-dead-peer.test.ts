/**
 * Dead-peer detection against the sandbox's stall switch (issue 10): for several periods and
 * tolerances, the client declares a silent broker dead once it has been silent for more than
 * tolerance × period, and not later than (tolerance + 1) × period (the monitor looks twice a
 * period). The tolerance is ClientOptions.heartBeatTolerance, default 3 (ActiveMQ's silences reach
 * 2 periods; 2 would declare a live ActiveMQ dead). Figures: npx tsx tests/bench/heartbeat-dead-peer.ts.
 */
import { describe, expect, it } from 'vitest';
import { CLIENT_DEFAULTS } from '../../src-core/client';
import { measureDeadPeer } from '../bench/heartbeat-measure';

describe('dead peer detection (issue 10)', () => {
  it('the default tolerance is 3 periods', () => {
    expect(CLIENT_DEFAULTS.heartBeatTolerance).toBe(3);
  });

  it.concurrent.each([
    { period: 200, tolerance: 2 },
    { period: 200, tolerance: 3 },
    { period: 400, tolerance: 2 },
    { period: 400, tolerance: 3 },
  ])('period $period ms, tolerance $tolerance: dead after tolerance × period of silence, before one period more', async ({ period, tolerance }) => {
    const m = await measureDeadPeer(period, tolerance);
    expect(m.expectEvery).toBe(period);
    expect(m.silentMs).toBeGreaterThan(tolerance * period);
    expect(m.silentMs).toBeLessThan((tolerance + 1) * period);
    // The stall cannot be noticed before the last beat it swallowed was due.
    expect(m.afterStallMs).toBeGreaterThan((tolerance - 1.5) * period);
  }, 10_000);
});
