/**
 * Versioned JSON files: `{ "schemaVersion": N, ...the store's own fields }`, read once when a
 * store opens and written whole, atomically, on every change.
 *
 * What happens to a file that is not what the store expects, and why:
 * - missing: the store starts from its initial value (first run);
 * - not JSON, not an object, no usable schemaVersion, or a migration that fails: the file is moved
 *   to `<name>.corrupt-<timestamp>` and the store starts afresh. Refusing to start would leave the
 *   user stuck; starting afresh over the old bytes would lose them. Moving them aside does neither;
 * - some entries invalid: the usable ones are kept and the whole file is copied aside first, since
 *   the next write will no longer contain the rest;
 * - an older schemaVersion: migrated step by step; the old file is kept as `<name>.v<N>.bak` so that
 *   an older app version, or the user, still has it;
 * - a newer schemaVersion: written by a newer app. Nothing is touched and opening fails with
 *   'unsupported': writing it in the old format would lose whatever the newer version added;
 * - unreadable (permissions, a directory): 'io-error', nothing touched.
 */
import { constants, copyFile, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ApiError } from '../../../src-core/api';
import { errorCode, writeFileAtomic } from './atomic-write';
import { setAside } from './set-aside';
import type { StoreDiagnostic } from './store-diagnostic';

export type JsonObject = Record<string, unknown>;

export interface MigrationContext {
  /** The time of the migration: fields that did not exist before get it as their timestamp. */
  readonly now: Date;
}

/** Turns a document of one version into one of the next; throws on what it cannot convert. */
export type Migration = (document: JsonObject, context: MigrationContext) => JsonObject;

export interface Decoded<T> {
  readonly value: T;
  /** One sentence per entry that had to be dropped. */
  readonly problems: readonly string[];
}

export interface VersionedJsonFile<T> {
  readonly path: string;
  /** The current schema version, what `save` writes. */
  readonly version: number;
  /** `migrations[n]` turns version n into n + 1, for every n from the oldest supported up. */
  readonly migrations: Readonly<Record<number, Migration>>;
  /** Reads a document of the current version; throws when its overall shape is wrong. */
  decode(document: JsonObject): Decoded<T>;
  /** The document without `schemaVersion`. */
  encode(value: T): JsonObject;
  initial(): T;
}

export interface Loaded<T> {
  readonly value: T;
  /** There was no file: the value is the initial one. */
  readonly created: boolean;
  /** The value differs from the file (migrated, entries dropped, started afresh): write it back. */
  readonly dirty: boolean;
  readonly diagnostics: readonly StoreDiagnostic[];
}

export async function loadVersionedJson<T>(file: VersionedJsonFile<T>, now: Date = new Date()): Promise<Loaded<T>> {
  const name = basename(file.path);
  let text: string;
  try {
    text = await readFile(file.path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { value: file.initial(), created: true, dirty: false, diagnostics: [] };
    throw new ApiError('io-error', `cannot read ${file.path}: ${(error as Error).message}`, { file: file.path });
  }

  const startAfresh = async (kind: StoreDiagnostic['kind'], why: string): Promise<Loaded<T>> => {
    const keptAt = await setAside(file.path, 'move', now);
    const message = `${name} ${why}; it was moved to ${basename(keptAt)} and an empty one started in its place`;
    return { value: file.initial(), created: false, dirty: true, diagnostics: [{ level: 'warning', kind, file: file.path, message, keptAt }] };
  };

  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return startAfresh('invalid-json', `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return startAfresh('invalid-format', 'does not hold a JSON object');
  }
  const version = (document as JsonObject).schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return startAfresh('invalid-format', `has no valid schemaVersion (found ${JSON.stringify(version) ?? 'none'})`);
  }
  if (version > file.version) {
    throw new ApiError(
      'unsupported',
      `${file.path} has schemaVersion ${version}, written by a newer STOMP Explorer; this one reads up to ${file.version}. ` +
        'Update the app; the file was left as it is.',
      { file: file.path, schemaVersion: version, supported: file.version },
    );
  }

  const diagnostics: StoreDiagnostic[] = [];
  let current = document as JsonObject;
  if (version < file.version) {
    try {
      for (let v = version; v < file.version; v++) {
        const migrate = file.migrations[v];
        if (!migrate) throw new Error(`no migration from schemaVersion ${v}`);
        current = { ...migrate(current, { now }), schemaVersion: v + 1 };
      }
    } catch (error) {
      return startAfresh('migration-failed', `could not be upgraded from schemaVersion ${version} (${(error as Error).message})`);
    }
    const backup = `${file.path}.v${version}.bak`;
    // EXCL: the first backup of a version is the one worth keeping.
    await copyFile(file.path, backup, constants.COPYFILE_EXCL).catch((error) => {
      if (errorCode(error) !== 'EEXIST') throw error;
    });
    diagnostics.push({
      level: 'info',
      kind: 'migrated',
      file: file.path,
      message: `${name} was upgraded from schemaVersion ${version} to ${file.version}; the old file is kept as ${basename(backup)}`,
      keptAt: backup,
    });
  }

  let decoded: Decoded<T>;
  try {
    decoded = file.decode(current);
  } catch (error) {
    return startAfresh('invalid-format', `is not a valid file of its kind (${(error as Error).message})`);
  }
  if (decoded.problems.length > 0) {
    const keptAt = await setAside(file.path, 'copy', now);
    const shown = decoded.problems.slice(0, 5).join('; ') + (decoded.problems.length > 5 ? `; and ${decoded.problems.length - 5} more` : '');
    diagnostics.push({
      level: 'warning',
      kind: 'invalid-entries',
      file: file.path,
      message: `${name}: ${decoded.problems.length} unreadable entr${decoded.problems.length === 1 ? 'y was' : 'ies were'} left out (${shown}); the original file is kept as ${basename(keptAt)}`,
      keptAt,
    });
  }
  return { value: decoded.value, created: false, dirty: version < file.version || decoded.problems.length > 0, diagnostics };
}

export async function saveVersionedJson<T>(file: VersionedJsonFile<T>, value: T): Promise<void> {
  const document = { schemaVersion: file.version, ...file.encode(value) };
  try {
    await writeFileAtomic(file.path, `${JSON.stringify(document, null, 2)}\n`);
  } catch (error) {
    throw new ApiError('io-error', `cannot save ${file.path}: ${(error as Error).message}`, { file: file.path });
  }
}
