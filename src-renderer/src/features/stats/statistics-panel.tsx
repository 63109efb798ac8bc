/**
 * The Statistics dock tab: what the connection sent and received, per destination and in total,
 * the rate over the last minutes as a live chart, and CSV export. Loaded with its tab (uPlot too).
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { STATS_LIMITS, type ConnectionView, type StatsPoint } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { download } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { formatBytes, formatTime } from '../../lib/format';
import { request } from '../../api-client';
import { OVERFLOW_KEY, pointTotals, useStats } from '../../stores/stats-store';
import { SHOWN_ROWS, StatsTable } from './stats-table';
import './stats.css';

const StatsChart = lazy(() => import('./stats-chart'));
const NO_POINTS: readonly StatsPoint[] = [];

export default function StatisticsPanel({ connection }: { connection: ConnectionView | undefined }) {
  const connectionId = connection?.id;
  const view = useStats((s) => (connectionId ? s.byConnection[connectionId] : undefined));
  const loadError = useStats((s) => (connectionId ? s.errors[connectionId] : undefined));
  const [charted, setCharted] = useState<string | undefined>();
  const [filter, setFilter] = useState('');
  const [actionError, setActionError] = useState<string>();
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));

  useEffect(() => {
    setCharted(undefined);
    setActionError(undefined);
    if (connectionId) void useStats.getState().load(connectionId);
  }, [connectionId]);
  // The chart moves on each second even when nothing arrives (a quiet second is a zero).
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (connectionId && charted && charted !== OVERFLOW_KEY) void useStats.getState().loadSeries(connectionId, charted);
  }, [connectionId, charted]);

  const rows = useMemo(() => {
    const all = Object.values(view?.rows ?? {});
    const needle = filter.trim().toLowerCase();
    const matching = needle ? all.filter((r) => !r.overflow && r.destination.toLowerCase().includes(needle)) : all;
    // Busiest first; the overflow row last.
    return matching.sort((a, b) => Number(a.overflow ?? false) - Number(b.overflow ?? false) || b.messagesIn + b.messagesOut - (a.messagesIn + a.messagesOut) || (a.destination < b.destination ? -1 : 1));
  }, [view?.rows, filter]);

  if (!connection || !connectionId) return <EmptyState title="No connection">Open a connection to count its traffic.</EmptyState>;
  if (!view) {
    return loadError ? <ErrorText error={`Cannot load the statistics: ${loadError.message}`} /> : <p className="muted stats-panel">loading…</p>;
  }

  const points = charted === undefined ? view.points : (view.destinationPoints[charted] ?? NO_POINTS);
  const inWindow = points.filter((p) => p[0] >= now - STATS_LIMITS.windowSeconds && p[0] < now);
  const sums = pointTotals(inWindow);
  const chartedLabel = charted === undefined ? 'whole connection' : charted === OVERFLOW_KEY ? 'other destinations' : charted;
  const minutes = STATS_LIMITS.windowSeconds / 60;
  const caption = `Last ${minutes} minutes, ${chartedLabel}: ${sums.in.toLocaleString()} in, ${sums.out.toLocaleString()} out`;
  const t = view.total;

  const exportCsv = async (kind: 'totals' | 'series') => {
    setActionError(undefined);
    try {
      const { csv, fileName } = await request('stats.exportCsv', { connectionId, kind });
      download(fileName, csv, 'text/csv');
    } catch (error) {
      setActionError(`Export failed: ${errorText(error)}`);
    }
  };
  const reset = async () => {
    setActionError(undefined);
    try {
      await useStats.getState().reset(connectionId);
    } catch (error) {
      setActionError(`Reset failed: ${errorText(error)}`);
    }
  };

  return (
    <div className="stats-panel">
      <div className="pane-toolbar stats-toolbar">
        <span className="muted">
          Counting since <span className="mono">{formatTime(t.since)}</span> · frames {t.framesIn.toLocaleString()} in / {t.framesOut.toLocaleString()} out · on the wire {formatBytes(t.wireBytesIn)} in /{' '}
          {formatBytes(t.wireBytesOut)} out · heart-beats {t.heartBeatsIn.toLocaleString()} / {t.heartBeatsOut.toLocaleString()} · ERROR frames {t.errors.toLocaleString()}
        </span>
        <span className="stats-actions">
          <button type="button" className="small" onClick={() => void exportCsv('totals')}>
            Export table (CSV)
          </button>
          <button type="button" className="small" onClick={() => void exportCsv('series')}>
            Export rates (CSV)
          </button>
          <button type="button" className="small" onClick={() => void reset()} title="Start counting afresh for this connection">
            Reset counts
          </button>
        </span>
      </div>
      <ErrorText error={actionError} />
      <figure className="stats-figure">
        <Suspense fallback={<div className="stats-chart muted">loading the chart…</div>}>
          <StatsChart points={points} nowSecond={now} label={`Messages a second in (solid) and out (dashed) over the last ${minutes} minutes, ${chartedLabel}`} />
        </Suspense>
        <figcaption className="stats-caption">
          {caption}
          <span className="muted">
            {' '}
            · <span className="stats-swatch stats-swatch-in" aria-hidden="true" /> in/s, <span className="stats-swatch stats-swatch-out" aria-hidden="true" /> out/s · pick a row to
            chart it
          </span>
        </figcaption>
      </figure>
      <div className="stats-filter">
        <input type="search" placeholder="Filter destinations" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter destinations" />
        <span className="muted">
          {t.destinations.toLocaleString()} {t.destinations === 1 ? 'destination' : 'destinations'} · {t.messagesIn.toLocaleString()} in · {t.messagesOut.toLocaleString()} out
        </span>
      </div>
      {rows.length === 0 && !filter ? (
        <EmptyState title="Nothing counted yet">Send or subscribe: every frame this connection writes or reads is counted here.</EmptyState>
      ) : (
        <StatsTable total={t} rows={rows.slice(0, SHOWN_ROWS)} hiddenRows={Math.max(0, rows.length - SHOWN_ROWS)} charted={charted} onChart={(key) => setCharted(key === charted ? undefined : key)} />
      )}
    </div>
  );
}

