/**
 * The load generator (the CLI's `load`) against the real brokers, its counts checked against a
 * second, independent consumer (stompit) on the same destination: every message it says it sent
 * and received, stompit received too, once each. Short runs here; the 10k msg/s run is the
 * benchmark's (npm run bench:load).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../core/cli-kit';
import { brokers } from './brokers';
import { queueName, stompitCollect, stompitConnect, stompitSend, TARGETS } from './support/client-kit';

const login = ['--login', brokers.login, '--passcode', brokers.passcode];

interface Report {
  type: 'report';
  runId: string;
  state: string;
  sent: number;
  confirmed: number | null;
  received: number | null;
  lost: number | null;
  duplicated: number | null;
  failed: number;
  latencyMs: { p50: number; p99: number } | null;
  pacing: { achievedRate: number; lateMs: { p99: number } | null; notSent: number };
  cpu: { userMs: number };
}

function reportOf(lines: Record<string, unknown>[]): Report {
  const report = lines.find((l) => l.type === 'report');
  if (!report) throw new Error(`no report line in ${JSON.stringify(lines.slice(-3))}`);
  return report as unknown as Report;
}

/** Distinct sequence numbers of one run among stompit's messages, and how many came twice. */
function tally(messages: { headers: Record<string, string> }[], runId: string) {
  const seqs = new Set<number>();
  let duplicates = 0;
  for (const m of messages) {
    if (m.headers['x-load-run'] !== runId) continue;
    const seq = Number(m.headers['x-load-seq']);
    if (seqs.has(seq)) duplicates++;
    seqs.add(seq);
  }
  return { distinct: seqs.size, duplicates, max: Math.max(-1, ...seqs) };
}

describe.each(TARGETS)('load against $label', (target) => {
  it('on a topic: sent = confirmed = received by the generator = received by stompit, none lost or twice', async () => {
    const topic = `/topic/load-test-${randomUUID().slice(0, 8)}`;
    const witness = await stompitConnect(target);
    const seen = stompitCollect(witness, { destination: topic, ack: 'auto' });
    // The witness's subscription is live once its own marker comes back.
    await stompitSend(witness, { destination: topic, 'x-marker': 'ready' }, Buffer.from('marker'));
    await seen.waitFor(1);

    const result = await runCli(['load', target.uri, topic, '--rate', '1500', '--duration', '2', '--size', '256', '--connections', '2', '--receipt', '--consume', '--json', ...login], { timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    const report = reportOf(result.lines);
    expect(result.lines.filter((l) => l.type === 'sample').length).toBeGreaterThanOrEqual(1);
    expect(report).toMatchObject({ state: 'finished', sent: 3000, confirmed: 3000, received: 3000, lost: 0, duplicated: 0, failed: 0 });
    expect(result.code).toBe(0);
    expect(report.latencyMs!.p99).toBeGreaterThanOrEqual(report.latencyMs!.p50);

    await seen.waitFor(1 + report.sent, 30_000);
    const witnessed = tally(seen.messages, report.runId);
    expect(witnessed).toEqual({ distinct: report.received, duplicates: 0, max: report.sent - 1 });
  });

  it('on a queue with receipts and no consumer: stompit then drains exactly what was confirmed', async () => {
    const queue = queueName(target, 'load');
    const result = await runCli(['load', target.uri, queue, '--rate', '1000', '--duration', '1', '--size', '100', '--receipt', '--json', ...login], { timeoutMs: 60_000 });
    const report = reportOf(result.lines);
    expect(report).toMatchObject({ state: 'finished', sent: 1000, confirmed: 1000, received: null, lost: null, failed: 0 });

    const drainer = await stompitConnect(target);
    const drained = stompitCollect(drainer, { destination: queue, ack: 'client-individual' });
    await drained.waitFor(report.confirmed!, 30_000);
    // Nothing more arrives after the confirmed count.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tally(drained.messages, report.runId)).toEqual({ distinct: 1000, duplicates: 0, max: 999 });
    expect(drained.messages.length).toBe(1000);
  });
});

describe('load with a payload script (RabbitMQ)', () => {
  it('builds each message with the script; every one arrives', async () => {
    const target = TARGETS[0];
    const queue = queueName(target, 'load-script');
    const dir = mkdtempSync(join(tmpdir(), 'load-script-'));
    const file = join(dir, 'payload.js');
    writeFileSync(file, "(i, ctx) => ({ body: JSON.stringify({ n: i, of: ctx.count }), headers: { 'content-type': 'application/json', 'x-n': i } })");
    const result = await runCli(['load', target.uri, queue, '--rate', '200', '--duration', '0.5', '--script', file, '--receipt', '--consume', '--json', ...login], { timeoutMs: 60_000 });
    expect(reportOf(result.lines)).toMatchObject({ state: 'finished', sent: 100, confirmed: 100, received: 100, lost: 0 });
  });
});
