/**
 * `<dataDir>/profiles.json`:
 *
 *   { "schemaVersion": 2, "profiles": [ <Profile>, ... ] }
 *
 * Each entry is the contract's Profile (src-core/api/schemas/profiles.ts): settings plus
 * `hasPasscode`, never the passcode itself, which lives in the SecretStore. Older versions are
 * migrated (profile-migrations.ts); see storage/json-file.ts for damaged files.
 */
import { join } from 'node:path';
import { profileSchema, type Profile } from '../../../src-core/api';
import type { VersionedJsonFile } from '../storage/json-file';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';
import { PROFILE_MIGRATIONS } from './profile-migrations';
import { profileRecord, profileFields } from './profile-record';

export const PROFILES_FILE = 'profiles.json';
export const PROFILES_SCHEMA_VERSION = 2;

export function profilesFile(dataDir: string): VersionedJsonFile<Profile[]> {
  return {
    path: join(dataDir, PROFILES_FILE),
    version: PROFILES_SCHEMA_VERSION,
    migrations: PROFILE_MIGRATIONS,
    initial: () => [],
    decode(document) {
      if (!Array.isArray(document.profiles)) throw new Error('"profiles" is not a list');
      const profiles: Profile[] = [];
      const problems: string[] = [];
      const ids = new Set<string>();
      document.profiles.forEach((entry: unknown, index: number) => {
        const parsed = profileSchema.safeParse(entry);
        const label = `profile ${index + 1}${describeEntry(entry)}`;
        if (!parsed.success) return problems.push(`${label}: ${summarizeIssues(fieldIssues(parsed.error))}`);
        if (ids.has(parsed.data.id)) return problems.push(`${label}: the id ${JSON.stringify(parsed.data.id)} is used twice`);
        ids.add(parsed.data.id);
        profiles.push(profileRecord(profileFields(parsed.data), parsed.data));
      });
      return { value: profiles, problems };
    },
    encode: (profiles) => ({ profiles }),
  };
}

function describeEntry(entry: unknown): string {
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' ? ` (${JSON.stringify(name.slice(0, 60))})` : '';
}
