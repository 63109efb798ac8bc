/** The contract's schemas.* and bodies.* methods, for the request router. */
import type { MethodName, MethodResult, ValidParams } from '../../../src-core/api';
import type { BodyCodecService } from './body-codec-service';
import type { SchemaStore } from './schema-store';

export type Handler<M extends MethodName> = (params: ValidParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
type Routes<K extends MethodName> = { [M in K]: Handler<M> };

export type SchemaRoutes = Routes<'schemas.list' | 'schemas.save' | 'schemas.delete' | 'schemas.setMappings' | 'bodies.decode' | 'bodies.encode'>;

export interface SchemaRouteDeps {
  readonly schemas: SchemaStore;
  readonly bodies: BodyCodecService;
  /** Throws not-found for a profile that does not exist. */
  readonly requireProfile: (profileId: string) => void;
}

export function schemaRoutes({ schemas, bodies, requireProfile }: SchemaRouteDeps): SchemaRoutes {
  return {
    'schemas.list': ({ profileId }) => (requireProfile(profileId), schemas.view(profileId)),
    'schemas.save': async ({ profileId, file }) => {
      requireProfile(profileId);
      const saved = await schemas.saveFile(profileId, file);
      return { file: saved, view: await schemas.view(profileId) };
    },
    'schemas.delete': async ({ profileId, fileId }) => {
      requireProfile(profileId);
      await schemas.deleteFile(profileId, fileId);
      return { view: await schemas.view(profileId) };
    },
    'schemas.setMappings': async ({ profileId, mappings }) => {
      requireProfile(profileId);
      await schemas.setMappings(profileId, mappings);
      return { view: await schemas.view(profileId) };
    },
    'bodies.decode': (input) => {
      if (input.profileId) requireProfile(input.profileId);
      return bodies.decode(input);
    },
    'bodies.encode': (input) => (requireProfile(input.profileId), bodies.encode(input)),
  };
}
