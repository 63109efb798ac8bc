/** What a load run reports: a sample a second while it runs, and the whole at the end. */
import type { Percentiles } from './latency-histogram';

export type LoadState = 'connecting' | 'publishing' | 'draining' | 'finished' | 'cancelled' | 'failed';

export interface LoadSample {
  /** Seconds since publishing started, at the end of the interval. */
  readonly t: number;
  /** Per second over the interval. */
  readonly sentRate: number;
  readonly confirmedRate: number;
  readonly receivedRate: number;
  /** Latency of the messages received in the interval, ms; null when none arrived. */
  readonly latency: Percentiles | null;
  /** Cumulative counts at the end of the interval. */
  readonly sent: number;
  readonly confirmed: number;
  readonly received: number;
  readonly inFlight: number;
  /** How late the interval's sends were against their schedule, ms (p99). */
  readonly lateP99: number;
}

export interface LoadReport {
  readonly runId: string;
  readonly state: LoadState;
  readonly error?: string;
  readonly destination: string;
  readonly consumeDestination?: string;
  readonly rate: number;
  readonly durationMs: number;
  readonly size: number;
  readonly connections: number;
  readonly receipt: boolean;
  /** A receipt every this many messages per connection; null without receipts. */
  readonly receiptEvery: number | null;
  readonly sent: number;
  /** Receipts back; null without --receipt. */
  readonly confirmed: number | null;
  /** Written but no RECEIPT within the receipt timeout; null without --receipt. */
  readonly unconfirmed: number | null;
  /** Sends that could not be written (the connection dropped). */
  readonly failed: number;
  /** Distinct messages of this run received; null without a consumer. */
  readonly received: number | null;
  readonly duplicated: number | null;
  /** Sent but never received; null without a consumer. */
  readonly lost: number | null;
  /** Messages on the consumed destination from someone else (another run, another producer). */
  readonly foreign: number;
  /** Publishing time and the whole run, ms. */
  readonly publishMs: number;
  readonly totalMs: number;
  readonly throughput: { readonly sentPerS: number; readonly confirmedPerS: number | null; readonly receivedPerS: number | null; readonly mbPerS: number };
  /** Send to receive, from the timestamp in each message; null without a consumer or messages. */
  readonly latencyMs: Percentiles | null;
  /** The generator's own honesty: how late sends left against their schedule, and the rate it managed. */
  readonly pacing: {
    readonly targetRate: number;
    readonly achievedRate: number;
    readonly lateMs: Percentiles | null;
    /** Messages due by the end that were never sent (the generator or the broker could not keep up). */
    readonly notSent: number;
  };
  /** This process's CPU over the run. */
  readonly cpu: { readonly userMs: number; readonly systemMs: number; readonly percentOfOneCore: number };
  readonly samples: readonly LoadSample[];
}

/** One compact line for people: `t=3s sent 10000/s recv 9998/s p50 1.2 p99 4.5 ms inflight 12`. */
export function sampleLine(s: LoadSample): string {
  const latency = s.latency ? ` p50 ${fmt(s.latency.p50)} p95 ${fmt(s.latency.p95)} p99 ${fmt(s.latency.p99)} ms` : '';
  return `t=${s.t.toFixed(0)}s sent ${Math.round(s.sentRate)}/s confirmed ${Math.round(s.confirmedRate)}/s received ${Math.round(s.receivedRate)}/s${latency} in-flight ${s.inFlight} late p99 ${fmt(s.lateP99)} ms`;
}

export function reportLines(r: LoadReport): string[] {
  const lines = [
    `${r.state}: ${r.sent} sent to ${r.destination} in ${(r.publishMs / 1000).toFixed(2)} s (${Math.round(r.throughput.sentPerS)}/s, ${r.throughput.mbPerS.toFixed(1)} MB/s) with ${r.connections} connection(s)`,
    `confirmed ${r.confirmed ?? 'n/a (no --receipt)'}${r.unconfirmed ? `, unconfirmed ${r.unconfirmed} (no receipt in time)` : ''}, failed ${r.failed}, received ${r.received ?? 'n/a (no consumer)'}, lost ${r.lost ?? 'n/a'}, duplicated ${r.duplicated ?? 'n/a'}${r.foreign ? `, foreign ${r.foreign}` : ''}`,
  ];
  if (r.latencyMs) lines.push(`latency p50 ${fmt(r.latencyMs.p50)} ms, p95 ${fmt(r.latencyMs.p95)} ms, p99 ${fmt(r.latencyMs.p99)} ms, max ${fmt(r.latencyMs.max)} ms`);
  const late = r.pacing.lateMs;
  lines.push(
    `pacing: target ${r.pacing.targetRate ? `${r.pacing.targetRate}/s` : 'as fast as possible'}, achieved ${Math.round(r.pacing.achievedRate)}/s` +
      (late ? `, sends late by p50 ${fmt(late.p50)} ms, p99 ${fmt(late.p99)} ms, max ${fmt(late.max)} ms` : '') +
      (r.pacing.notSent ? `, ${r.pacing.notSent} due but not sent` : ''),
  );
  lines.push(`generator CPU ${((r.cpu.userMs + r.cpu.systemMs) / 1000).toFixed(2)} s (${r.cpu.percentOfOneCore.toFixed(0)} % of one core)`);
  if (r.error) lines.push(`error: ${r.error}`);
  return lines;
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}
