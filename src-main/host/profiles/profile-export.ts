/**
 * The profiles export file, and reading one back.
 *
 *   {
 *     "format": "stomp-explorer/profiles",
 *     "schemaVersion": 2,
 *     "exportedAt": "2025-01-01T12:00:00.000Z",
 *     "profiles": [ <Profile with "hasPasscode": false>, ... ]
 *   }
 *
 * An export never carries a secret: there is no passcode field and every `hasPasscode` is false,
 * whatever the store holds, so a file shared with a colleague or attached to a ticket gives away
 * addresses and logins at most.
 *
 * An import is all or nothing: every entry is validated (the contract's profile schema, then the
 * URI) before anything is stored, and the error names each wrong profile and field. Entries get
 * new ids and are never built-in. Accepted besides exports: an older schemaVersion (migrated as
 * profiles.json is), and a bare list of profiles. A `passcode` in a hand-written entry is stored
 * in the SecretStore, like one typed in the editor.
 */
import { z } from 'zod';
import { ApiError, profileInputSchema, type Profile } from '../../../src-core/api';
import type { JsonObject } from '../storage/json-file';
import { fieldIssues } from '../storage/zod-issues';
import { checkUri, type UriErrorDetails } from './check-uri';
import { PROFILES_SCHEMA_VERSION } from './profile-file';
import { PROFILE_MIGRATIONS } from './profile-migrations';
import { profileRecord, type ProfileFields } from './profile-record';

export const PROFILES_EXPORT_FORMAT = 'stomp-explorer/profiles';
/** More than anyone keeps; a bound so that one import cannot flood the store. */
export const MAX_IMPORTED_PROFILES = 1000;

export interface ProfilesExport {
  readonly format: typeof PROFILES_EXPORT_FORMAT;
  readonly schemaVersion: number;
  readonly exportedAt: string;
  readonly profiles: readonly Profile[];
}

export interface ImportedProfile {
  readonly fields: ProfileFields;
  readonly passcode?: string;
  /** What other stores keep of it (ProfileExtras), by key, as the file had it (checked by their `write`). */
  readonly extras?: Record<string, unknown>;
}

/** One thing wrong in an import; `index` is 0-based, the message counts from 1 as people do. */
export interface ImportIssue {
  readonly index: number;
  readonly name?: string;
  /** `profiles.<index>.<field>`. */
  readonly path: string;
  readonly message: string;
  /** For a bad URI: what to underline. */
  readonly uri?: UriErrorDetails;
}

/**
 * What other stores keep per profile and an export carries beside it (a profile's .proto and .avsc
 * schemas): never a secret. `read` gives a profile's part (undefined: none), `write` puts an
 * imported part under the imported profile's id.
 */
export interface ProfileExtras {
  /** The field of each exported profile it fills, e.g. `schemas`. */
  readonly key: string;
  read(profileId: string): unknown;
  /** Throws ApiError (invalid-request) for a value it would not take: checked before anything is stored. */
  check(value: unknown): void;
  write(profileId: string, value: unknown): Promise<void>;
}

export function exportProfiles(profiles: readonly Profile[], now: Date, extras: readonly ProfileExtras[] = []): string {
  const document: ProfilesExport = {
    format: PROFILES_EXPORT_FORMAT,
    schemaVersion: PROFILES_SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    // Rebuilt field by field (profileRecord names each one): nothing else can slip into the file.
    profiles: profiles.map((p) => {
      const record: Profile & Record<string, unknown> = profileRecord(p, { ...p, hasPasscode: false });
      for (const extra of extras) {
        const value = extra.read(p.id);
        if (value !== undefined) record[extra.key] = value;
      }
      return record;
    }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

// The bookkeeping fields of an export are accepted and ignored: ids and dates are the new store's.
const importEntrySchema = profileInputSchema.extend({
  // A profile's schemas (ProfileExtras), checked by the schema store when it takes them.
  schemas: z.unknown().optional(),
  id: z.string().optional(),
  hasPasscode: z.boolean().optional(),
  builtIn: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Validates a whole import; throws ApiError naming every wrong profile and field. */
export function parseProfilesImport(json: string, now: Date): ImportedProfile[] {
  const entries = importedEntries(json, now);
  if (entries.length > MAX_IMPORTED_PROFILES) {
    throw new ApiError('too-large', `import: ${entries.length} profiles; at most ${MAX_IMPORTED_PROFILES} can be imported at once`);
  }
  const issues: ImportIssue[] = [];
  const imported: ImportedProfile[] = [];
  entries.forEach((entry, index) => {
    const name = entryName(entry);
    const parsed = importEntrySchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of fieldIssues(parsed.error)) {
        issues.push({ index, name, path: `profiles.${index}${issue.path === '(root)' ? '' : `.${issue.path}`}`, message: issue.message });
      }
      return;
    }
    try {
      checkUri(parsed.data.uri);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      issues.push({ index, name, path: `profiles.${index}.uri`, message: error.message, uri: error.details as UriErrorDetails });
      return;
    }
    const { passcode, schemas, id: _id, hasPasscode: _h, builtIn: _b, createdAt: _c, updatedAt: _u, ...fields } = parsed.data;
    const extras = schemas === undefined ? undefined : { schemas };
    imported.push({ fields, ...(typeof passcode === 'string' ? { passcode } : {}), ...(extras ? { extras } : {}) });
  });
  if (issues.length > 0) {
    const shown = issues.slice(0, 5).map((i) => `profile ${i.index + 1}${i.name ? ` (${JSON.stringify(i.name)})` : ''}: ${fieldName(i.path)}: ${i.message}`);
    if (issues.length > 5) shown.push(`and ${issues.length - 5} more`);
    throw new ApiError('invalid-request', `import: nothing was imported: ${shown.join('; ')}`, { issues: issues.slice(0, 100) });
  }
  return imported;
}

/** The list of raw entries, migrated to the current schema version. */
function importedEntries(json: string, now: Date): unknown[] {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new ApiError('invalid-request', `import: not JSON (${(error as Error).message})`);
  }
  if (Array.isArray(document)) return document;
  if (typeof document !== 'object' || document === null) {
    throw new ApiError('invalid-request', 'import: expected a profiles export (an object with "profiles") or a list of profiles');
  }
  const { format, schemaVersion = PROFILES_SCHEMA_VERSION } = document as JsonObject;
  if (format !== undefined && format !== PROFILES_EXPORT_FORMAT) {
    throw new ApiError('invalid-request', `import: this is not a STOMP Explorer profiles export (format ${JSON.stringify(format)})`);
  }
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new ApiError('invalid-request', `import: schemaVersion must be a positive integer, not ${JSON.stringify(schemaVersion)}`);
  }
  if (schemaVersion > PROFILES_SCHEMA_VERSION) {
    throw new ApiError(
      'unsupported',
      `import: the file has schemaVersion ${schemaVersion}, from a newer STOMP Explorer; this one reads up to ${PROFILES_SCHEMA_VERSION}`,
    );
  }
  let current = document as JsonObject;
  if (!Array.isArray(current.profiles)) throw new ApiError('invalid-request', 'import: "profiles" must be a list');
  for (let v = schemaVersion; v < PROFILES_SCHEMA_VERSION; v++) {
    try {
      current = PROFILE_MIGRATIONS[v](current, { now });
    } catch (error) {
      throw new ApiError('invalid-request', `import: cannot upgrade from schemaVersion ${v}: ${(error as Error).message}`);
    }
  }
  return current.profiles as unknown[];
}

function entryName(entry: unknown): string | undefined {
  const name = typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() !== '' ? name.slice(0, 60) : undefined;
}

/** `profiles.3.tls.caFile` → `tls.caFile`; the profile itself → `(profile)`. */
function fieldName(path: string): string {
  return path.split('.').slice(2).join('.') || '(profile)';
}
