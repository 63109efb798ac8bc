/** The contract's stats.* methods, for the request router. */
import type { MethodName } from '../../../src-core/api';
import type { Handler } from '../schemas/schema-routes';
import type { StatsService } from './stats-service';

export type StatsRoutes = { [M in Extract<MethodName, `stats.${string}`>]: Handler<M> };

export function statsRoutes(stats: StatsService): StatsRoutes {
  return {
    'stats.get': ({ connectionId }) => stats.snapshot(connectionId),
    'stats.series': ({ connectionId, destination }) => ({ points: stats.series(connectionId, destination) }),
    'stats.reset': ({ connectionId }) => (stats.reset(connectionId), { ok: true }),
    'stats.exportCsv': ({ connectionId, kind }) => stats.exportCsv(connectionId, kind),
  };
}
