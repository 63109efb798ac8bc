/** Per-profile settings of the destination overview, kept in destinations.json (changed through one queue). */
import type { DestinationSettings } from '../../../src-core/api/schemas/destinations';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { ensurePrivateDir } from '../storage/private-dir';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { destinationSettingsFile, type SettingsByProfile } from './destination-settings-file';

export class DestinationSettingsStore {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly file: VersionedJsonFile<SettingsByProfile>,
    private settings: SettingsByProfile,
    readonly diagnostics: readonly StoreDiagnostic[],
  ) {}

  static async open(dataDir: string): Promise<DestinationSettingsStore> {
    await ensurePrivateDir(dataDir);
    const file = destinationSettingsFile(dataDir);
    const loaded = await loadVersionedJson(file);
    if (loaded.dirty) await saveVersionedJson(file, loaded.value);
    return new DestinationSettingsStore(file, loaded.value, loaded.diagnostics);
  }

  get(profileId: string): DestinationSettings {
    return { ...this.settings.get(profileId) };
  }

  /** `managementUrl: null` forgets it (the derived one applies again). */
  set(profileId: string, patch: { managementUrl: string | null }): Promise<DestinationSettings> {
    return this.queue.run(async () => {
      const next = new Map(this.settings);
      const entry: DestinationSettings = { ...next.get(profileId) };
      if (patch.managementUrl === null) delete entry.managementUrl;
      else entry.managementUrl = patch.managementUrl;
      next.set(profileId, entry);
      await saveVersionedJson(this.file, next);
      this.settings = next;
      return { ...entry };
    });
  }

  /** Drops the settings of profiles that are gone. */
  retain(profileIds: readonly string[]): Promise<void> {
    return this.queue.run(async () => {
      const keep = new Set(profileIds);
      if ([...this.settings.keys()].every((id) => keep.has(id))) return;
      const next = new Map([...this.settings].filter(([id]) => keep.has(id)));
      await saveVersionedJson(this.file, next);
      this.settings = next;
    });
  }
}
