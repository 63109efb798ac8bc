/** One load run: its state, live counts, the chart, and the final report when it is over. */
import { lazy, Suspense } from 'react';
import type { LoadRunView } from '../../../../src-core/api';
import { useLoad } from '../../stores/load-store';

const LoadChart = lazy(() => import('./load-chart'));
const OVER = new Set(['finished', 'cancelled', 'failed']);

export function LoadRun({ run }: { run: LoadRunView }) {
  const last = run.samples.at(-1);
  const report = run.report;
  const over = OVER.has(run.state);
  return (
    <section className="load-run" aria-label={`Load run ${run.id}`}>
      <div className="extra-row">
        <strong>
          {run.id} · {run.profileName} → <span className="mono">{run.destination}</span>
        </strong>
        <span className={`badge load-state load-${run.state}`} role="status" aria-label={`Run state: ${run.state}`}>
          {run.state}
        </span>
        <span className="muted">
          {run.rate ? `${run.rate.toLocaleString()}/s` : 'as fast as possible'} · {run.durationS} s · {run.size} B · {run.connections} conn.
          {run.receipt ? (run.receiptEvery && run.receiptEvery > 1 ? ` · a receipt every ${run.receiptEvery}` : ' · receipts') : ''}
          {run.consumeDestination ? ` · consuming ${run.consumeDestination}` : ''}
          {run.scripted ? ' · scripted' : ''}
        </span>
        {!over ? (
          <button type="button" className="small" onClick={() => void useLoad.getState().stop(run.id)}>
            Stop run
          </button>
        ) : null}
      </div>
      {run.error ? (
        <p className="error-text" role="alert">
          {run.error}
        </p>
      ) : null}
      {!over && last ? (
        <p className="mono load-live" aria-label="Live figures">
          t={last.t}s · sent {last.sent.toLocaleString()} ({Math.round(last.sentRate).toLocaleString()}/s) · confirmed {last.confirmed.toLocaleString()} · received {last.received.toLocaleString()} · in flight{' '}
          {last.inFlight.toLocaleString()}
          {last.latency ? ` · latency p50 ${last.latency.p50.toFixed(2)} ms p99 ${last.latency.p99.toFixed(2)} ms` : ''} · sends late p99 {last.lateP99.toFixed(2)} ms
        </p>
      ) : null}
      <Suspense fallback={<p className="muted">loading the chart…</p>}>
        <LoadChart samples={run.samples} />
      </Suspense>
      {report ? (
        <table className="load-report" aria-label="Load run report">
          <tbody>
            <Row name="Sent" value={`${report.sent.toLocaleString()} in ${(report.publishMs / 1000).toFixed(2)} s (${Math.round(report.throughput.sentPerS).toLocaleString()}/s, ${report.throughput.mbPerS.toFixed(1)} MB/s)`} />
            <Row name="Confirmed" value={report.confirmed === null ? 'not asked (no receipts)' : report.confirmed.toLocaleString()} />
            {report.unconfirmed ? <Row name="Unconfirmed" value={`${report.unconfirmed.toLocaleString()} (no receipt within a minute)`} tone="bad" /> : null}
            <Row name="Failed" value={report.failed.toLocaleString()} tone={report.failed ? 'bad' : undefined} />
            <Row name="Received" value={report.received === null ? 'no consumer' : report.received.toLocaleString()} />
            <Row name="Lost" value={report.lost === null ? '—' : report.lost.toLocaleString()} tone={report.lost ? 'bad' : undefined} />
            <Row name="Duplicated" value={report.duplicated === null ? '—' : report.duplicated.toLocaleString()} tone={report.duplicated ? 'bad' : undefined} />
            {report.foreign ? <Row name="Foreign" value={`${report.foreign.toLocaleString()} messages of someone else on the destination`} /> : null}
            <Row name="Latency" value={report.latencyMs ? `p50 ${report.latencyMs.p50.toFixed(2)} ms · p95 ${report.latencyMs.p95.toFixed(2)} ms · p99 ${report.latencyMs.p99.toFixed(2)} ms · max ${report.latencyMs.max.toFixed(1)} ms` : '—'} />
            <Row
              name="Pacing"
              value={`target ${report.pacing.targetRate ? `${report.pacing.targetRate.toLocaleString()}/s` : 'as fast as possible'}, achieved ${Math.round(report.pacing.achievedRate).toLocaleString()}/s${report.pacing.lateMs ? `, sends late p50 ${report.pacing.lateMs.p50.toFixed(2)} ms p99 ${report.pacing.lateMs.p99.toFixed(2)} ms` : ''}${report.pacing.notSent ? `, ${report.pacing.notSent.toLocaleString()} due but not sent` : ''}`}
            />
            <Row name="Generator CPU" value={`${((report.cpu.userMs + report.cpu.systemMs) / 1000).toFixed(2)} s (${report.cpu.percentOfOneCore.toFixed(0)} % of one core, the whole host process)`} />
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Row({ name, value, tone }: { name: string; value: string; tone?: 'bad' }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td className={tone === 'bad' ? 'error-text' : undefined}>{value}</td>
    </tr>
  );
}
