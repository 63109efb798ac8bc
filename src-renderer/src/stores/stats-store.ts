/**
 * Traffic statistics per connection, as the host counts them: a snapshot when a view opens, then
 * the `stats.updated` batches (at most one a second) merged in. Series are kept as one point per
 * second with traffic, bounded to the host's window; a second without a point had no traffic.
 */
import { create } from 'zustand';
import { STATS_LIMITS, type ConnectionTotals, type EventPayload, type StatsPoint, type StatsRow } from '../../../src-core/api';
import { on, request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

/** The key of the row that gathers every destination past the host's limit. */
export const OVERFLOW_KEY = '\u0000overflow';

export interface ConnectionStatsView {
  readonly total: ConnectionTotals;
  /** By destination (OVERFLOW_KEY for the overflow row). */
  readonly rows: Readonly<Record<string, StatsRow>>;
  /** The whole connection's seconds with traffic, oldest first. */
  readonly points: readonly StatsPoint[];
  /** Seconds per destination, from the batches since the view opened and any history asked for. */
  readonly destinationPoints: Readonly<Record<string, readonly StatsPoint[]>>;
  /** Host time of the newest figures. */
  readonly at: number;
}

export interface StatsState {
  readonly byConnection: Readonly<Record<string, ConnectionStatsView>>;
  readonly errors: Readonly<Record<string, UiError | undefined>>;
  load(connectionId: string): Promise<void>;
  /** Fetches one destination's history (for its chart). */
  loadSeries(connectionId: string, destination: string): Promise<void>;
  applied(payload: EventPayload<'stats.updated'>): void;
  reset(connectionId: string): Promise<void>;
  forget(connectionId: string): void;
}

export const rowKey = (row: StatsRow): string => (row.overflow ? OVERFLOW_KEY : row.destination);

export const useStats = create<StatsState>()((set, get) => ({
  byConnection: {},
  errors: {},
  async load(connectionId) {
    ensureStatsEvents();
    try {
      const snapshot = await request('stats.get', { connectionId });
      const previous = get().byConnection[connectionId];
      const rows: Record<string, StatsRow> = {};
      for (const row of snapshot.destinations) rows[rowKey(row)] = row;
      const view: ConnectionStatsView = {
        total: snapshot.total,
        rows,
        points: merge(previous?.points ?? [], snapshot.points, snapshot.at),
        destinationPoints: previous?.destinationPoints ?? {},
        at: snapshot.at,
      };
      set({ byConnection: { ...get().byConnection, [connectionId]: view }, errors: { ...get().errors, [connectionId]: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, [connectionId]: toUiError(error) } });
    }
  },
  async loadSeries(connectionId, destination) {
    try {
      const { points } = await request('stats.series', { connectionId, destination });
      const view = get().byConnection[connectionId];
      if (!view) return;
      const current = view.destinationPoints[destination] ?? [];
      set({ byConnection: { ...get().byConnection, [connectionId]: { ...view, destinationPoints: { ...view.destinationPoints, [destination]: merge(current, points, view.at) } } } });
    } catch {
      // Never seen (or gone): the chart shows no traffic, which is the truth.
    }
  },
  applied(payload) {
    const byConnection = { ...get().byConnection };
    for (const delta of payload.connections) {
      const view = byConnection[delta.connectionId];
      // A connection no view has asked about yet: its first snapshot will bring everything.
      if (!view) continue;
      const rows = { ...view.rows };
      const destinationPoints = { ...view.destinationPoints };
      for (const { points, ...row } of delta.destinations) {
        const key = rowKey(row);
        rows[key] = row;
        if (points.length) destinationPoints[key] = merge(destinationPoints[key] ?? [], points, payload.at);
      }
      byConnection[delta.connectionId] = { total: delta.total, rows, points: merge(view.points, delta.points, payload.at), destinationPoints, at: payload.at };
    }
    set({ byConnection });
  },
  async reset(connectionId) {
    await request('stats.reset', { connectionId });
    const byConnection = { ...get().byConnection };
    delete byConnection[connectionId];
    set({ byConnection });
    await get().load(connectionId);
  },
  forget(connectionId) {
    const byConnection = { ...get().byConnection };
    delete byConnection[connectionId];
    set({ byConnection });
  },
}));

let wired = false;
/** Follows the host's batches from the first view that needs them on (they are small, once a second at most). */
export function ensureStatsEvents(): void {
  if (wired) return;
  wired = true;
  on('stats.updated', (payload) => useStats.getState().applied(payload));
  on('connection.removed', ({ connectionId }) => useStats.getState().forget(connectionId));
}

/** Points of both lists by second (the newer list wins a second both have), within the window before `at`. */
export function merge(old: readonly StatsPoint[], added: readonly StatsPoint[], at: number): StatsPoint[] {
  const first = Math.floor(at / 1000) - STATS_LIMITS.windowSeconds;
  const bySecond = new Map<number, StatsPoint>();
  for (const p of old) if (p[0] >= first) bySecond.set(p[0], p);
  for (const p of added) if (p[0] >= first) bySecond.set(p[0], p);
  return [...bySecond.values()].sort((a, b) => a[0] - b[0]);
}

/** Sums of the points over the window: the chart's totals. */
export function pointTotals(points: readonly StatsPoint[]): { in: number; out: number; bytesIn: number; bytesOut: number } {
  let mIn = 0;
  let mOut = 0;
  let bIn = 0;
  let bOut = 0;
  for (const p of points) {
    mIn += p[1];
    mOut += p[2];
    bIn += p[3];
    bOut += p[4];
  }
  return { in: mIn, out: mOut, bytesIn: bIn, bytesOut: bOut };
}
