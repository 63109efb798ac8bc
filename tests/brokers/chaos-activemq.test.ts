/**
 * The chaos run, short (issue 10): ActiveMQ's own chaos instance (scripts/chaos/, other ports and
 * data, never the shared brokers), 5,000 persistent messages each with a receipt, a
 * client-individual consumer, two SIGKILLs and restarts mid-stream. No confirmed message may be
 * lost, every duplicate must carry redelivered:true, and both clients must recover from each kill.
 * `npm run test:chaos` runs the long version (either broker, 5 kills, 50,000 messages).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chaosBroker, type ChaosBroker } from '../chaos/chaos-broker';
import { runChaos } from '../chaos/chaos-run';

let broker: ChaosBroker | undefined;

afterAll(async () => {
  await broker?.stop();
}, 60_000);

describe('chaos: ActiveMQ killed twice mid-stream', () => {
  it('loses no confirmed message, marks every duplicate redelivered, and recovers from each kill', async () => {
    broker = await chaosBroker('activemq');
    const report = await runChaos({ broker, messages: 5000, kills: 2, log: (line) => console.log(`chaos: ${line}`) });
    console.log(`chaos: ${report.confirmed} confirmed, ${report.received} received, lost ${report.lost}, duplicates ${report.duplicates}; recovery ${report.kills.map((k) => k.firstConfirmMs).join(', ')} ms`);
    expect(report.kills).toHaveLength(2);
    for (const kill of report.kills) {
      expect(kill.producerBackMs).toBeGreaterThan(0);
      expect(kill.consumerBackMs).toBeGreaterThan(0);
      expect(kill.firstConfirmMs).toBeGreaterThan(0);
    }
    expect(report.lostSequences).toEqual([]);
    expect(report.duplicatesNotRedelivered).toBe(0);
    // Most were confirmed: only those in flight at a kill can lose their RECEIPT.
    expect(report.confirmed).toBeGreaterThan(report.messages * 0.9);
    expect(report.received).toBeGreaterThanOrEqual(report.confirmed);
  }, 240_000);
});
