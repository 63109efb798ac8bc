/**
 * Saved broker profiles: `<dataDir>/profiles.json` (profile-file.ts) for the settings, the
 * SecretStore for the passcodes, under `profile:<id>:passcode`.
 *
 * The file is read once, when the store opens, and the store is its only writer: reads are served
 * from memory, and every change is queued, written atomically, and only then made visible. A
 * change that touches a passcode changes the secret first and undoes it when the file cannot be
 * written, so that the two never disagree about a profile that exists.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ApiError, profileInputSchema, profilePatchSchema, type Profile, type ProfileInput } from '../../../src-core/api';
import type { SecretStore } from '../secrets/secret-store';
import { ensurePrivateDir } from '../storage/private-dir';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';
import { checkProfileUri, checkUri, type UriCheck } from './check-uri';
import { connectSettings, type ConnectSettings } from './connect-settings';
import { copyName } from './copy-name';
import { nextColour, planImport, type ImportAction, type PlannedImport } from './import-plan';
import { passcodeKey } from './passcode-key';
import { exportProfiles, parseProfilesImport, type ProfileExtras } from './profile-export';
import { profilesFile } from './profile-file';
import { profileFields, profileRecord, type ProfileFields } from './profile-record';
import { withSandboxProfile } from './sandbox-profile';

/** What profiles.update takes: any subset of the input; `passcode` null clears it. */
export type ProfilePatch = z.input<typeof profilePatchSchema>;

export type ProfilesListener = (profiles: Profile[]) => void;

export interface ProfileStoreOptions {
  readonly dataDir: string;
  readonly secrets: SecretStore;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** A passcode change: a new one, null to clear, undefined to keep. */
type PasscodeChange = string | null | undefined;

export interface ImportResult {
  profiles: Profile[];
  added: number;
  updated: number;
  skipped: number;
}

export class ProfileStore {
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<ProfilesListener>();
  private readonly found: StoreDiagnostic[];

  private constructor(
    private readonly file: VersionedJsonFile<Profile[]>,
    private readonly secrets: SecretStore,
    private profiles: Profile[],
    private readonly now: () => Date,
    private readonly newId: () => string,
    diagnostics: readonly StoreDiagnostic[],
  ) {
    this.found = [...diagnostics];
  }

  /**
   * Reads profiles.json (migrating, or setting a damaged file aside: see diagnostics) and makes
   * sure the built-in sandbox profile is there. Fails only when the file cannot be read at all or
   * comes from a newer version of the app.
   */
  static async open(options: ProfileStoreOptions): Promise<ProfileStore> {
    const now = options.now ?? (() => new Date());
    await ensurePrivateDir(options.dataDir);
    const file = profilesFile(options.dataDir);
    const loaded = await loadVersionedJson(file, now());
    const profiles = withSandboxProfile(loaded.value, now());
    if (loaded.created || loaded.dirty || profiles.length !== loaded.value.length) await saveVersionedJson(file, profiles);
    return new ProfileStore(file, options.secrets, profiles, now, options.newId ?? randomUUID, loaded.diagnostics);
  }

  get path(): string {
    return this.file.path;
  }

  /** What opening found and dealt with (a file set aside, an upgrade), and secrets left behind. */
  get diagnostics(): readonly StoreDiagnostic[] {
    return [...this.found];
  }

  list(): Profile[] {
    return structuredClone(this.profiles);
  }

  get(id: string): Profile {
    return structuredClone(this.find(id));
  }

  /** Called after every change with the new list: the host turns it into profiles.changed. */
  onChange(listener: ProfilesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  create(input: ProfileInput): Promise<Profile> {
    const { passcode, ...fields } = validate(profileInputSchema, input, 'profile');
    checkProfileUri(fields.uri);
    return this.queue.run(async () => {
      const at = this.now().toISOString();
      // A new profile without a colour takes one the others do not use: told apart at a glance.
      const profile = profileRecord({ ...fields, color: fields.color ?? nextColour(this.profiles.map((p) => p.color)) }, {
        id: this.newId(),
        hasPasscode: typeof passcode === 'string',
        builtIn: false,
        createdAt: at,
        updatedAt: at,
      });
      await this.changingPasscode(profile.id, passcode ?? undefined, () => this.commit([...this.profiles, profile]));
      return structuredClone(profile);
    });
  }

  /** Changes only the fields present in `patch`; an empty login or host clears it. */
  update(id: string, patch: ProfilePatch): Promise<Profile> {
    const parsed = validate(profilePatchSchema, patch, 'patch');
    // The schema fills defaults (preset: 'generic') into fields the patch did not name; those must
    // not overwrite the profile, so only the keys the caller wrote count.
    const named = Object.keys(patch ?? {}).filter((key) => (patch as Record<string, unknown>)[key] !== undefined);
    const changes: Partial<ProfileFields> = {};
    for (const key of named) if (key !== 'passcode' && key in parsed) (changes as Record<string, unknown>)[key] = (parsed as Record<string, unknown>)[key];
    if (changes.uri !== undefined) checkProfileUri(changes.uri);
    const passcode: PasscodeChange = named.includes('passcode') ? parsed.passcode : undefined;
    return this.queue.run(async () => {
      const current = this.find(id);
      if (current.builtIn) {
        refuseSandboxChange(current, changes);
        // Its preset stays 'sandbox'. Not refused like the URI: a patch validated by the host
        // already carries the schema's default preset ('generic') whether the UI sent one or not.
        delete changes.preset;
      }
      const profile = profileRecord(
        { ...profileFields(current), ...changes },
        { ...current, hasPasscode: passcode === undefined ? current.hasPasscode : passcode !== null, updatedAt: this.now().toISOString() },
      );
      await this.changingPasscode(id, passcode, () => this.commit(this.profiles.map((p) => (p.id === id ? profile : p))));
      return structuredClone(profile);
    });
  }

  /** "<name> (copy)", with the same settings and passcode; never built-in. */
  duplicate(id: string): Promise<Profile> {
    return this.queue.run(async () => {
      const source = this.find(id);
      const passcode = source.hasPasscode ? await this.secrets.get(passcodeKey(id)) : undefined;
      const at = this.now().toISOString();
      const profile = profileRecord(
        { ...profileFields(source), name: copyName(source.name, this.profiles.map((p) => p.name)), color: nextColour(this.profiles.map((p) => p.color)) },
        { id: this.newId(), hasPasscode: passcode !== undefined, builtIn: false, createdAt: at, updatedAt: at },
      );
      await this.changingPasscode(profile.id, passcode, () => this.commit([...this.profiles, profile]));
      return structuredClone(profile);
    });
  }

  /** Removes the profile and its passcode; the built-in sandbox profile answers 'conflict'. */
  delete(id: string): Promise<void> {
    return this.queue.run(async () => {
      const profile = this.find(id);
      if (profile.builtIn) {
        throw new ApiError('conflict', `"${profile.name}" is built in and cannot be deleted`, { id });
      }
      await this.commit(this.profiles.filter((p) => p.id !== id));
      await this.forgetPasscode(id);
    });
  }

  /** Other stores' parts of a profile that its export carries (its schemas): never a secret. */
  private readonly extras: ProfileExtras[] = [];

  attachExtras(extras: ProfileExtras): void {
    this.extras.push(extras);
  }

  /** The export file (profile-export.ts): never a secret. Without ids, every profile but the built-in one. */
  exportJson(ids?: readonly string[]): string {
    if (ids === undefined) return exportProfiles(this.profiles.filter((p) => !p.builtIn), this.now(), this.extras);
    const unknown = ids.filter((id) => !this.profiles.some((p) => p.id === id));
    if (unknown.length > 0) throw new ApiError('not-found', `no profile with id ${unknown.map((id) => JSON.stringify(id)).join(', ')}`, { ids: unknown });
    const wanted = new Set(ids);
    return exportProfiles(this.profiles.filter((p) => wanted.has(p.id)), this.now(), this.extras);
  }

  /** What importing this file would do to each entry (add, update, skip), before anything changes. */
  previewImport(json: string): PlannedImport[] {
    return planImport(parseProfilesImport(json, this.now()), this.profiles);
  }

  /**
   * Imports a profiles file, all or nothing (see profile-export.ts), as planned by previewImport or
   * as `actions` (by entry index) says: add, update the same-named profile, skip, or add a copy
   * under a distinct name. Never two profiles of the same name.
   */
  async importJson(json: string, actions?: readonly ImportAction[]): Promise<ImportResult> {
    const imported = parseProfilesImport(json, this.now());
    if (actions !== undefined && actions.length !== imported.length) {
      throw new ApiError('invalid-request', `import: ${actions.length} actions for ${imported.length} profiles; give one per profile, in file order`);
    }
    // All or nothing: what other stores will take of each entry is checked before anything is stored.
    imported.forEach(({ extras }, i) => {
      for (const extra of this.extras) {
        if (extras?.[extra.key] === undefined) continue;
        try {
          extra.check(extras[extra.key]);
        } catch (error) {
          throw new ApiError('invalid-request', `import: nothing was imported: profile ${i + 1} (${JSON.stringify(imported[i].fields.name)}): ${extra.key}: ${(error as Error).message}`);
        }
      }
    });
    return this.queue.run(async () => {
      const plan = planImport(imported, this.profiles);
      const at = this.now().toISOString();
      let next = [...this.profiles];
      const written: { profile: Profile; passcode?: string; replaced?: Profile; extras?: Record<string, unknown> }[] = [];
      const result: ImportResult = { profiles: [], added: 0, updated: 0, skipped: 0 };
      plan.forEach((entry, i) => {
        const action = actions?.[i] ?? entry.action;
        const { fields, passcode } = imported[i];
        if (action === 'skip') {
          result.skipped++;
          return;
        }
        if (action === 'update') {
          const current = next.find((p) => p.id === entry.existingId);
          if (!current || current.builtIn) throw new ApiError('invalid-request', `import: profile ${i + 1} (${JSON.stringify(entry.name)}) has no saved profile of that name to update`);
          const profile = profileRecord(
            { ...fields, color: fields.color ?? current.color },
            { ...current, hasPasscode: passcode !== undefined || current.hasPasscode, updatedAt: at },
          );
          next = next.map((p) => (p.id === current.id ? profile : p));
          written.push({ profile, passcode, replaced: current, extras: imported[i].extras });
          result.updated++;
          return;
        }
        const name = action === 'add-copy' || next.some((p) => p.name === fields.name) ? copyName(fields.name, next.map((p) => p.name)).replace(/ \(copy( \d+)?\)$/, (_m, n: string | undefined) => ` (imported${n ?? ''})`) : fields.name;
        const profile = profileRecord(
          { ...fields, name, color: fields.color ?? nextColour(next.map((p) => p.color)) },
          { id: this.newId(), hasPasscode: passcode !== undefined, builtIn: false, createdAt: at, updatedAt: at },
        );
        next.push(profile);
        written.push({ profile, passcode, extras: imported[i].extras });
        result.added++;
      });
      const stored: string[] = [];
      try {
        for (const { profile, passcode, replaced } of written) {
          if (passcode === undefined || replaced) continue;
          await this.secrets.set(passcodeKey(profile.id), passcode);
          stored.push(profile.id);
        }
        await this.commit(next);
        // An updated profile's passcode changes only once the profiles are saved.
        for (const { profile, passcode, replaced } of written) if (replaced && passcode !== undefined) await this.secrets.set(passcodeKey(profile.id), passcode);
        // Then what other stores keep of each (its schemas), under the id it has here.
        for (const { profile, extras } of written) {
          for (const extra of this.extras) if (extras?.[extra.key] !== undefined) await extra.write(profile.id, extras[extra.key]);
        }
      } catch (error) {
        // The ids are new: nothing else refers to these secrets, so removing them undoes it all.
        for (const id of stored) await this.forgetPasscode(id);
        throw error;
      }
      result.profiles = structuredClone(written.map((w) => w.profile));
      return result;
    });
  }

  /** Throws ApiError('invalid-request', message, { offset, length, problem }) for a bad URI. */
  checkUri(uri: string): UriCheck {
    return checkUri(uri);
  }

  /** Settings and passcode for the connections service; the passcode never goes to the UI. */
  async getConnectSettings(id: string): Promise<ConnectSettings> {
    const profile = this.find(id);
    if (!profile.hasPasscode) return connectSettings(profile, undefined);
    const passcode = await this.secrets.get(passcodeKey(id));
    if (passcode === undefined) {
      throw new ApiError(
        'not-found',
        `the saved passcode of "${profile.name}" is missing from the secret store; enter it again in the profile`,
        { id, field: 'passcode' },
      );
    }
    return connectSettings(profile, passcode);
  }

  private find(id: string): Profile {
    const profile = this.profiles.find((p) => p.id === id);
    if (!profile) throw new ApiError('not-found', `no profile with id ${JSON.stringify(id)}`, { id });
    return profile;
  }

  private async commit(next: Profile[]): Promise<void> {
    await saveVersionedJson(this.file, next);
    this.profiles = next;
    const snapshot = this.list();
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(snapshot));
      } catch {
        // A listener's failure is its own; the change is saved.
      }
    }
  }

  /**
   * Changes the passcode, then runs `save`; when `save` fails, puts the old passcode back. A new
   * passcode goes in first so that a saved profile never claims one that the store lacks.
   */
  private async changingPasscode(id: string, change: PasscodeChange, save: () => Promise<void>): Promise<void> {
    if (change === undefined) return save();
    if (change === null) {
      await save();
      await this.forgetPasscode(id);
      return;
    }
    const key = passcodeKey(id);
    const previous = await this.secrets.get(key).then(
      (value) => ({ known: true as const, value }),
      () => ({ known: false as const }),
    );
    await this.secrets.set(key, change);
    try {
      await save();
    } catch (error) {
      if (previous.known) {
        await (previous.value === undefined ? this.secrets.delete(key) : this.secrets.set(key, previous.value)).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Best effort once the profile is saved: a leftover secret is recorded, not thrown. */
  private async forgetPasscode(id: string): Promise<void> {
    try {
      await this.secrets.delete(passcodeKey(id));
    } catch (error) {
      this.found.push({
        level: 'warning',
        kind: 'invalid-entries',
        file: this.file.path,
        message: `the passcode of deleted or changed profile ${id} could not be removed from the secret store: ${(error as Error).message}`,
      });
    }
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = fieldIssues(parsed.error);
  throw new ApiError('invalid-request', `${what}: ${summarizeIssues(issues)}`, { issues });
}

/** The sandbox profile's URI is what makes it the sandbox. */
function refuseSandboxChange(current: Profile, changes: Partial<ProfileFields>): void {
  if (changes.uri !== undefined && changes.uri !== current.uri) {
    throw new ApiError(
      'conflict',
      `the URI of "${current.name}" cannot be changed: it always connects to the built-in broker. Duplicate it, or create a profile, to use another URI`,
      { id: current.id, field: 'uri' },
    );
  }
}
