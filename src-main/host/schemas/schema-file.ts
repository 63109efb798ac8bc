/**
 * `<dataDir>/schemas.json`, each profile's .proto/.avsc files and destination mappings:
 *
 *   { "schemaVersion": 1,
 *     "profiles": { "<profileId>": { "files": [ { "id", "name", "kind", "text", "updatedAt" } ],
 *                                    "mappings": [ { "destination", "codec", "messageType"? } ] } } }
 *
 * Schemas are not secrets (a .proto is a description of data, not a key), so they are stored as
 * written and exported with their profile. Damaged files are handled as in storage/json-file.ts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { destinationMappingSchema, SCHEMA_LIMITS, schemaFileSchema, type DestinationMappingView, type SchemaFileView } from '../../../src-core/api/schemas/schemas';
import type { VersionedJsonFile } from '../storage/json-file';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';

export const SCHEMAS_FILE = 'schemas.json';
export const SCHEMAS_SCHEMA_VERSION = 1;

export interface ProfileSchemas {
  files: SchemaFileView[];
  mappings: DestinationMappingView[];
}

export type SchemasByProfile = Map<string, ProfileSchemas>;

export const profileSchemasSchema = z.object({
  files: z.array(schemaFileSchema).max(SCHEMA_LIMITS.files),
  mappings: z.array(destinationMappingSchema).max(SCHEMA_LIMITS.mappings),
});

export function schemasFile(dataDir: string): VersionedJsonFile<SchemasByProfile> {
  return {
    path: join(dataDir, SCHEMAS_FILE),
    version: SCHEMAS_SCHEMA_VERSION,
    migrations: {},
    initial: () => new Map(),
    decode(document) {
      const profiles = document.profiles;
      if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) throw new Error('"profiles" is not an object');
      const value: SchemasByProfile = new Map();
      const problems: string[] = [];
      for (const [profileId, entry] of Object.entries(profiles)) {
        const parsed = profileSchemasSchema.safeParse(entry);
        if (!parsed.success) problems.push(`profile ${profileId}: ${summarizeIssues(fieldIssues(parsed.error))}`);
        else value.set(profileId, { files: parsed.data.files, mappings: parsed.data.mappings });
      }
      return { value, problems };
    },
    encode: (value) => ({ profiles: Object.fromEntries([...value].filter(([, s]) => s.files.length > 0 || s.mappings.length > 0)) }),
  };
}
