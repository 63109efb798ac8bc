/**
 * The statistics table: the whole connection first, then each destination (filtered, busiest
 * first). A row's first cell picks what the chart above shows.
 */
import type { ConnectionTotals, LatencySummary, StatsRow } from '../../../../src-core/api';
import { formatBytes, formatRate, formatTime } from '../../lib/format';
import { OVERFLOW_KEY, rowKey } from '../../stores/stats-store';

/** Rows drawn at most; the filter narrows the rest. */
export const SHOWN_ROWS = 300;

export interface StatsTableProps {
  readonly total: ConnectionTotals;
  readonly rows: readonly StatsRow[];
  /** undefined: the whole connection. */
  readonly charted: string | undefined;
  readonly onChart: (key: string | undefined) => void;
  readonly hiddenRows: number;
}

export function StatsTable({ total, rows, charted, onChart, hiddenRows }: StatsTableProps) {
  return (
    <table className="dock-table stats-table" aria-label="Statistics per destination">
      <thead>
        <tr>
          <th scope="col">Destination</th>
          <th scope="col" className="num">
            Msgs in
          </th>
          <th scope="col" className="num">
            Msgs out
          </th>
          <th scope="col" className="num">
            Bytes in
          </th>
          <th scope="col" className="num">
            Bytes out
          </th>
          <th scope="col" className="num">
            Rate in
          </th>
          <th scope="col" className="num">
            Rate out
          </th>
          <th scope="col" className="num">
            Acks
          </th>
          <th scope="col" className="num">
            Nacks
          </th>
          <th scope="col" className="num">
            Redelivered
          </th>
          <th scope="col" className="num" title="Receipts received, and their round trip: 50th / 90th / 99th percentile">
            Receipts · p50 / p90 / p99
          </th>
          <th scope="col">Last message</th>
        </tr>
      </thead>
      <tbody>
        <Row label="Whole connection" row={total} chartedHere={charted === undefined} onChart={() => onChart(undefined)} strong />
        {rows.map((row) => {
          const key = rowKey(row);
          const label = key === OVERFLOW_KEY ? 'Other destinations (past the limit)' : row.destination;
          return <Row key={key} label={label} row={row} chartedHere={charted === key} onChart={() => onChart(key)} subscribed={row.subscribed} />;
        })}
        {hiddenRows > 0 ? (
          <tr>
            <td colSpan={12} className="muted">
              {hiddenRows.toLocaleString()} more — filter to narrow
            </td>
          </tr>
        ) : null}
      </tbody>
    </table>
  );
}

interface RowProps {
  readonly label: string;
  readonly row: Omit<StatsRow, 'destination' | 'subscribed'>;
  readonly chartedHere: boolean;
  readonly onChart: () => void;
  readonly strong?: boolean;
  readonly subscribed?: boolean;
}

function Row({ label, row, chartedHere, onChart, strong, subscribed }: RowProps) {
  const last = Math.max(row.lastInAt ?? 0, row.lastOutAt ?? 0);
  return (
    <tr className={`${strong ? 'stats-total' : ''}${chartedHere ? ' is-charted' : ''}`}>
      <th scope="row" className="stats-dest">
        <button type="button" className="link mono" aria-pressed={chartedHere} title={`Chart ${label}`} onClick={onChart}>
          {label}
        </button>
        {subscribed ? <span className="badge stats-sub">subscribed</span> : null}
      </th>
      <td className="num mono">{row.messagesIn.toLocaleString()}</td>
      <td className="num mono">{row.messagesOut.toLocaleString()}</td>
      <td className="num mono">{formatBytes(row.bytesIn)}</td>
      <td className="num mono">{formatBytes(row.bytesOut)}</td>
      <td className="num mono">{formatRate(row.rateIn)}</td>
      <td className="num mono">{formatRate(row.rateOut)}</td>
      <td className="num mono">{row.acks.toLocaleString()}</td>
      <td className="num mono">{row.nacks.toLocaleString()}</td>
      <td className="num mono">{row.redeliveries.toLocaleString()}</td>
      <td className="num mono">{receipts(row.receipts)}</td>
      <td className="mono">{last ? formatTime(last) : '—'}</td>
    </tr>
  );
}

function receipts(r: LatencySummary): string {
  if (r.count === 0) return '—';
  return `${r.count.toLocaleString()} · ${ms(r.p50)} / ${ms(r.p90)} / ${ms(r.p99)} ms`;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}
