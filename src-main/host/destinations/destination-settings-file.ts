/**
 * `<dataDir>/destinations.json`, per profile what the destination overview needs beyond the
 * profile itself (now: the management API's URL, when not the derived one):
 *
 *   { "schemaVersion": 1, "profiles": { "<profileId>": { "managementUrl": "https://mq.example:15671/" } } }
 *
 * No secrets: the API's credentials are the profile's. Damaged files are handled as in
 * storage/json-file.ts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { managementUrlSchema, type DestinationSettings } from '../../../src-core/api/schemas/destinations';
import type { VersionedJsonFile } from '../storage/json-file';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';

export const DESTINATIONS_FILE = 'destinations.json';
export type SettingsByProfile = Map<string, DestinationSettings>;

const entrySchema = z.object({ managementUrl: managementUrlSchema.optional() });

export function destinationSettingsFile(dataDir: string): VersionedJsonFile<SettingsByProfile> {
  return {
    path: join(dataDir, DESTINATIONS_FILE),
    version: 1,
    migrations: {},
    initial: () => new Map(),
    decode(document) {
      const profiles = document.profiles;
      if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) throw new Error('"profiles" is not an object');
      const value: SettingsByProfile = new Map();
      const problems: string[] = [];
      for (const [profileId, entry] of Object.entries(profiles)) {
        const parsed = entrySchema.safeParse(entry);
        if (!parsed.success) problems.push(`profile ${profileId}: ${summarizeIssues(fieldIssues(parsed.error))}`);
        else value.set(profileId, parsed.data);
      }
      return { value, problems };
    },
    encode: (value) => ({ profiles: Object.fromEntries([...value].filter(([, s]) => s.managementUrl !== undefined)) }),
  };
}
