/**
 * The services of issue 14 put together for the host: the schema store and body codecs, the
 * script sandbox, and load runs, with their routes for the request router. Kept apart from
 * create-host.ts so the host's composition gains only a few lines.
 */
import { ApiError, type EventName, type EventPayload } from '../../../src-core/api';
import type { CapturePort } from '../connections/capture-port';
import type { ConnectionManager } from '../connections/connection-manager';
import type { ProgressSink } from '../connections/send-operations';
import { LoadService } from '../load/load-service';
import { loadRoutes, type LoadRoutes } from '../load/load-routes';
import type { ProfileStore } from '../profiles';
import { scriptRoutes, type ScriptRoutes } from '../scripting/script-routes';
import { ScriptService } from '../scripting/script-service';
import { BodyCodecService } from './body-codec-service';
import { schemaRoutes, type SchemaRoutes } from './schema-routes';
import { SchemaStore } from './schema-store';

export interface FeatureDeps {
  readonly dataDir: string;
  readonly profiles: ProfileStore;
  readonly connections: ConnectionManager;
  readonly capturePort: CapturePort;
  readonly sandboxUri: () => Promise<string>;
  readonly sendProgress: (connectionId: string) => ProgressSink;
  readonly emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
}

export interface FeatureServices {
  readonly schemas: SchemaStore;
  readonly routes: SchemaRoutes & ScriptRoutes & LoadRoutes;
  dispose(): Promise<void>;
}

export async function createFeatureServices(deps: FeatureDeps): Promise<FeatureServices> {
  const schemas = await SchemaStore.open({ dataDir: deps.dataDir });
  const requireProfile = (profileId: string) => {
    if (!deps.profiles.list().some((p) => p.id === profileId)) throw new ApiError('not-found', `no profile with id ${JSON.stringify(profileId)}`, { id: profileId });
  };
  const bodies = new BodyCodecService({
    schemas,
    frame: (captureId, seq) => deps.capturePort.frame(captureId, seq),
    profileOfCapture: (captureId) => {
      const owner = deps.capturePort.owner(captureId);
      if (!owner) return undefined;
      try {
        return deps.connections.get(owner.connectionId).view().profileId;
      } catch {
        return undefined;
      }
    },
  });
  const scripts = new ScriptService();
  const load = new LoadService({
    settings: (profileId) => deps.profiles.getConnectSettings(profileId),
    sandboxUri: deps.sandboxUri,
    emit: (run) => deps.emit('load.progress', { run }),
  });
  const stopSchemas = schemas.onChange((profileId) => deps.emit('schemas.changed', { profileId }));
  // A deleted profile's schemas go with it.
  const stopProfiles = deps.profiles.onChange((list) => void schemas.retain(list.map((p) => p.id)).catch(() => undefined));
  return {
    schemas,
    routes: {
      ...schemaRoutes({ schemas, bodies, requireProfile }),
      ...scriptRoutes(scripts, deps.connections, deps.sendProgress),
      ...loadRoutes(load),
    },
    async dispose() {
      stopSchemas();
      stopProfiles();
      await load.dispose();
    },
  };
}
