/**
 * The statistics as CSV (RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, quote, CR or LF, quotes doubled), with a header line. Destinations are arbitrary strings,
 * so they are always written through `field`. A field a spreadsheet would run as a formula (one
 * starting with = + - @) is quoted with a leading apostrophe, the usual guard against CSV injection.
 */
import { STATS_LIMITS, type ConnectionTotals, type StatsRow } from '../../../src-core/api/schemas/stats';
import type { ConnectionStats } from './connection-stats';

const TOTALS_HEADER = [
  'scope',
  'destination',
  'messages_in',
  'messages_out',
  'bytes_in',
  'bytes_out',
  'acks',
  'nacks',
  'redeliveries',
  'receipts',
  'receipt_p50_ms',
  'receipt_p90_ms',
  'receipt_p99_ms',
  'receipt_max_ms',
  'rate_in_per_s',
  'rate_out_per_s',
  'first_at',
  'last_in_at',
  'last_out_at',
  'subscribed',
];

const SERIES_HEADER = ['second', 'time', 'scope', 'destination', 'messages_in', 'messages_out', 'bytes_in', 'bytes_out'];

export function totalsCsv(total: ConnectionTotals, rows: readonly StatsRow[]): string {
  const lines = [TOTALS_HEADER.join(',')];
  lines.push(totalsLine('connection', '', total, ''));
  for (const row of rows) lines.push(totalsLine(row.overflow ? 'other destinations' : 'destination', row.overflow ? '' : row.destination, row, String(row.subscribed)));
  return lines.join('\r\n') + '\r\n';
}

function totalsLine(scope: string, destination: string, r: Omit<StatsRow, 'destination' | 'subscribed'>, subscribed: string): string {
  return [
    scope,
    destination,
    r.messagesIn,
    r.messagesOut,
    r.bytesIn,
    r.bytesOut,
    r.acks,
    r.nacks,
    r.redeliveries,
    r.receipts.count,
    ms(r.receipts.p50, r.receipts.count),
    ms(r.receipts.p90, r.receipts.count),
    ms(r.receipts.p99, r.receipts.count),
    ms(r.receipts.max, r.receipts.count),
    round(r.rateIn),
    round(r.rateOut),
    iso(r.firstAt),
    iso(r.lastInAt),
    iso(r.lastOutAt),
    subscribed,
  ]
    .map(field)
    .join(',');
}

/**
 * Every second of the window for the connection and for each destination with traffic in it
 * (seconds without traffic written as zeros, so the lines chart as they are), oldest first.
 */
export function seriesCsv(stats: ConnectionStats, nowSecond: number): { csv: string; truncated: boolean } {
  const lines = [SERIES_HEADER.join(',')];
  const first = nowSecond - STATS_LIMITS.windowSeconds;
  let truncated = false;
  for (const { destination, counters } of stats.allSeries()) {
    const points = counters.series.points(first - 1, nowSecond);
    if (destination !== undefined && points.length === 0) continue;
    if (lines.length + STATS_LIMITS.windowSeconds > STATS_LIMITS.csvRows) {
      truncated = true;
      break;
    }
    const bySecond = new Map(points.map((p) => [p[0], p]));
    for (let s = first; s < nowSecond; s++) {
      const p = bySecond.get(s);
      lines.push([s, new Date(s * 1000).toISOString(), destination === undefined ? 'connection' : 'destination', destination ?? '', p?.[1] ?? 0, p?.[2] ?? 0, p?.[3] ?? 0, p?.[4] ?? 0].map(field).join(','));
    }
  }
  return { csv: lines.join('\r\n') + '\r\n', truncated };
}

export function field(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) || guarded !== value ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

function ms(value: number, count: number): string {
  return count === 0 ? '' : value.toFixed(3);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function iso(at: number | undefined): string {
  return at === undefined ? '' : new Date(at).toISOString();
}
