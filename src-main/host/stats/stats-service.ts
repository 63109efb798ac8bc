/**
 * Statistics for every open connection: a ConnectionStats fed by the client's wire events from
 * the moment the connection is made, a batch of what changed at most once a second
 * (`stats.updated`), snapshots, one destination's history, reset and CSV export.
 */
import { ApiError, type EventPayload, type StatsPoint, type StatsSnapshot } from '../../../src-core/api';
import type { StompClient } from '../../../src-core/client/stomp-client';
import { ConnectionStats } from './connection-stats';
import { seriesCsv, totalsCsv } from './stats-csv';

export interface StatsServiceOptions {
  readonly emit: (payload: EventPayload<'stats.updated'>) => void;
  /** How often a batch may go out (ms); 1000 in the app. */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

interface Watched {
  readonly stats: ConnectionStats;
  readonly stop: () => void;
}

export class StatsService {
  private readonly watched = new Map<string, Watched>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: StatsServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts counting a connection's traffic (before it connects, so its CONNECT is counted too). */
  attach(connectionId: string, client: Pick<StompClient, 'on'>): void {
    this.detach(connectionId);
    const stats = new ConnectionStats(connectionId, this.now);
    const stops = [client.on('wire', (entry) => stats.count(entry)), client.on('disconnected', () => stats.connectionLost())];
    this.watched.set(connectionId, { stats, stop: () => stops.forEach((stop) => stop()) });
    this.timer ??= setInterval(() => this.flush(), this.options.intervalMs ?? 1000);
    this.timer.unref?.();
  }

  detach(connectionId: string): void {
    const watched = this.watched.get(connectionId);
    if (!watched) return;
    watched.stop();
    this.watched.delete(connectionId);
    if (this.watched.size === 0) this.stopTimer();
  }

  stats(connectionId: string): ConnectionStats {
    const watched = this.watched.get(connectionId);
    if (!watched) throw new ApiError('not-found', `no connection ${connectionId}`);
    return watched.stats;
  }

  snapshot(connectionId: string): StatsSnapshot {
    return this.stats(connectionId).snapshot();
  }

  series(connectionId: string, destination: string): StatsPoint[] {
    const points = this.stats(connectionId).series(destination);
    if (!points) throw new ApiError('not-found', `connection ${connectionId} has seen nothing of ${destination}`);
    return points;
  }

  reset(connectionId: string): void {
    this.stats(connectionId).reset();
  }

  exportCsv(connectionId: string, kind: 'totals' | 'series'): { csv: string; fileName: string } {
    const stats = this.stats(connectionId);
    const at = this.now();
    const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
    if (kind === 'totals') {
      const snapshot = stats.snapshot();
      return { csv: totalsCsv(snapshot.total, snapshot.destinations), fileName: `stomp-statistics-${connectionId}-${stamp}.csv` };
    }
    const { csv } = seriesCsv(stats, Math.floor(at / 1000));
    return { csv, fileName: `stomp-rates-${connectionId}-${stamp}.csv` };
  }

  /** Sends what changed since the last batch, if anything did. */
  flush(): void {
    const connections = [];
    for (const { stats } of this.watched.values()) {
      const delta = stats.delta();
      if (delta) connections.push(delta);
    }
    if (connections.length) this.options.emit({ at: this.now(), connections });
  }

  dispose(): void {
    for (const id of [...this.watched.keys()]) this.detach(id);
    this.stopTimer();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
