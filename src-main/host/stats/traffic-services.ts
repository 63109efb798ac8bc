/**
 * Issue 11's statistics and destination overview put together for the host: the counting
 * service fed by every connection's wire events, the broker-side destination figures, and their
 * routes. Kept apart from create-host.ts so the host's composition gains only a few lines.
 */
import type { EventPayload } from '../../../src-core/api';
import type { ConnectionManager } from '../connections/connection-manager';
import { DestinationSettingsStore } from '../destinations/destination-settings-store';
import { destinationRoutes, type DestinationRoutes } from '../destinations/destination-routes';
import { DestinationsService } from '../destinations/destinations-service';
import type { ProfileStore } from '../profiles';
import type { SandboxService } from '../sandbox-service';
import { statsRoutes, type StatsRoutes } from './stats-routes';
import { StatsService } from './stats-service';

export interface TrafficDeps {
  readonly dataDir: string;
  readonly connections: ConnectionManager;
  readonly profiles: ProfileStore;
  readonly sandbox: SandboxService;
  readonly emit: (payload: EventPayload<'stats.updated'>) => void;
}

export interface TrafficServices {
  readonly stats: StatsService;
  readonly routes: StatsRoutes & DestinationRoutes;
  dispose(): void;
}

export async function createTrafficServices(deps: TrafficDeps): Promise<TrafficServices> {
  const stats = new StatsService({ emit: deps.emit });
  const stopWatching = deps.connections.watch({
    created: (connection) => stats.attach(connection.id, connection.client),
    removed: (connectionId) => stats.detach(connectionId),
  });
  const store = await DestinationSettingsStore.open(deps.dataDir);
  const destinations = new DestinationsService({
    connections: deps.connections,
    settings: (profileId) => deps.profiles.getConnectSettings(profileId),
    profileExists: (profileId) => deps.profiles.list().some((p) => p.id === profileId),
    sandboxDestinations: () => deps.sandbox.destinations(),
    seen: (connectionId) => {
      try {
        return stats.snapshot(connectionId).destinations.filter((r) => !r.overflow).map((r) => r.destination);
      } catch {
        return [];
      }
    },
    store,
  });
  // A deleted profile's settings go with it.
  const stopProfiles = deps.profiles.onChange((list) => void store.retain(list.map((p) => p.id)).catch(() => undefined));
  return {
    stats,
    routes: { ...statsRoutes(stats), ...destinationRoutes(destinations) },
    dispose() {
      stopProfiles();
      stopWatching();
      stats.dispose();
    },
  };
}
