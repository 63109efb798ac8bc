/**
 * runLoad's behaviour under faults the real brokers cannot produce on demand, against the sandbox
 * broker: a connection dropped mid-run, a broker that is not there, a cancel. (Counts against the
 * real brokers: tests/brokers/load-real-brokers.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { runLoad, type LoadSample } from '../../src-core/load';

let broker: SandboxBroker | undefined;
afterEach(async () => {
  await broker?.close();
  broker = undefined;
});

describe('runLoad against the sandbox broker', () => {
  it('publishes, consumes and counts every message, with receipts, live samples and a final report', async () => {
    broker = await startSandboxBroker();
    const samples: LoadSample[] = [];
    const states: string[] = [];
    const report = await runLoad(
      { client: { uri: broker.url }, destination: '/topic/load-ok', rate: 500, durationMs: 1200, size: 64, connections: 2, receipt: true, consume: { destination: '/topic/load-ok' }, sampleEveryMs: 300 },
      { onSample: (s) => samples.push(s), onState: (s) => states.push(s) },
    );
    expect(report).toMatchObject({ state: 'finished', sent: 600, confirmed: 600, received: 600, lost: 0, duplicated: 0, failed: 0, foreign: 0 });
    expect(report.latencyMs!.p50).toBeGreaterThanOrEqual(0);
    expect(report.latencyMs!.p99).toBeGreaterThanOrEqual(report.latencyMs!.p50);
    expect(report.pacing.lateMs!.p99).toBeGreaterThanOrEqual(0);
    expect(report.cpu.userMs + report.cpu.systemMs).toBeGreaterThan(0);
    expect(states).toEqual(['connecting', 'publishing', 'draining', 'finished']);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.at(-1)!.sent).toBeLessThanOrEqual(600);
  });

  it('a receipt every N messages confirms the N before it; the DISCONNECT receipt confirms the tail', async () => {
    broker = await startSandboxBroker();
    const before = broker.stats().receiptsSent;
    const report = await runLoad({ client: { uri: broker.url }, destination: '/queue/load-every', rate: 500, durationMs: 1000, size: 8, connections: 2, receipt: true, receiptEvery: 40 });
    expect(report).toMatchObject({ state: 'finished', sent: 500, confirmed: 500, unconfirmed: 0, failed: 0, receiptEvery: 40 });
    // 250 a connection: 6 receipts each for 240 messages, then each connection's DISCONNECT.
    expect(broker.stats().receiptsSent - before).toBe(2 * 6 + 2);
  });

  it('a dropped connection ends the run as failed, saying which and why; counts stay consistent', async () => {
    broker = await startSandboxBroker();
    const pending = runLoad({ client: { uri: broker.url, heartBeat: [0, 0] }, destination: '/queue/load-drop', rate: 1000, durationMs: 5000, size: 10, connections: 1, receipt: true, drainTimeoutMs: 1000 });
    setTimeout(() => broker!.setFaults({ dropAfterFrames: 1 }), 300);
    const report = await pending;
    expect(report.state).toBe('failed');
    expect(report.error).toMatch(/the publishing \(1\) connection dropped/);
    expect(report.sent).toBeLessThan(5000);
    expect(report.confirmed! + report.failed).toBeLessThanOrEqual(report.sent);
  });

  it('a broker that is not there is a failed report, not a throw', async () => {
    const report = await runLoad({ client: { uri: 'tcp://127.0.0.1:1', connectTimeout: 1000 }, destination: '/queue/x', rate: 10, durationMs: 100, size: 1, connections: 1, receipt: false });
    expect(report.state).toBe('failed');
    expect(report.error).toMatch(/127\.0\.0\.1:1/);
    expect(report.sent).toBe(0);
  });

  it('cancels at any time and reports what happened until then', async () => {
    broker = await startSandboxBroker();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const report = await runLoad({ client: { uri: broker.url }, destination: '/queue/load-cancel', rate: 1000, durationMs: 60_000, size: 10, connections: 1, receipt: false, consume: { destination: '/queue/load-cancel' }, signal: controller.signal });
    expect(report.state).toBe('cancelled');
    expect(report.sent).toBeGreaterThan(100);
    expect(report.sent).toBeLessThan(5000);
    expect(report.publishMs).toBeLessThan(10_000);
  });

  it('builds bodies and headers with a payload source', async () => {
    broker = await startSandboxBroker();
    const report = await runLoad({
      client: { uri: broker.url },
      destination: '/queue/load-payload',
      rate: 0,
      durationMs: 300,
      size: 0,
      connections: 1,
      receipt: true,
      consume: { destination: '/queue/load-payload' },
      payload: { build: (from, count) => Array.from({ length: count }, (_, i) => ({ body: new TextEncoder().encode(`m${from + i}`), headers: [['x-n', String(from + i)]] })) },
    });
    expect(report.state).toBe('finished');
    expect(report.sent).toBeGreaterThan(10);
    expect(report.received).toBe(report.sent);
    expect(report.pacing.targetRate).toBe(0);
  });
});
