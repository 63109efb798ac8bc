/** Saved broker profiles, as the host keeps them (never with secrets). */
import { create } from 'zustand';
import type { ImportAction, Profile, ProfileInput } from '../../../src-core/api';
import { request } from '../api-client';
import { errorText } from '../lib/errors';

export interface ProfilesState {
  readonly profiles: Profile[];
  readonly loaded: boolean;
  readonly loadError?: string;
  /** The profile the editor dialog shows: an id, 'new', or closed. */
  readonly editing?: string | 'new';
  load(): Promise<void>;
  replace(profiles: Profile[]): void;
  create(input: ProfileInput): Promise<Profile>;
  update(id: string, patch: Partial<ProfileInput>): Promise<Profile>;
  duplicate(id: string): Promise<Profile>;
  remove(id: string): Promise<void>;
  exportJson(ids?: string[]): Promise<string>;
  importJson(json: string, actions?: ImportAction[]): Promise<{ profiles: Profile[]; added: number; updated: number; skipped: number }>;
  openEditor(id: string | 'new'): void;
  closeEditor(): void;
}

export const useProfiles = create<ProfilesState>()((set, get) => ({
  profiles: [],
  loaded: false,
  async load() {
    try {
      const { profiles } = await request('profiles.list', {});
      set({ profiles, loaded: true, loadError: undefined });
    } catch (error) {
      set({ loaded: true, loadError: errorText(error) });
    }
  },
  replace(profiles) {
    set({ profiles, loaded: true, loadError: undefined });
  },
  async create(input) {
    const { profile } = await request('profiles.create', { profile: input });
    upsert(profile);
    return profile;
  },
  async update(id, patch) {
    const { profile } = await request('profiles.update', { id, patch });
    upsert(profile);
    return profile;
  },
  async duplicate(id) {
    const { profile } = await request('profiles.duplicate', { id });
    upsert(profile);
    return profile;
  },
  async remove(id) {
    await request('profiles.delete', { id });
    set({ profiles: get().profiles.filter((p) => p.id !== id) });
  },
  async exportJson(ids) {
    const { json } = await request('profiles.export', ids ? { ids } : {});
    return json;
  },
  async importJson(json, actions) {
    const result = await request('profiles.import', actions ? { json, actions } : { json });
    for (const p of result.profiles) upsert(p);
    return result;
  },
  openEditor(id) {
    set({ editing: id });
  },
  closeEditor() {
    set({ editing: undefined });
  },
}));

function upsert(profile: Profile): void {
  const { profiles } = useProfiles.getState();
  const at = profiles.findIndex((p) => p.id === profile.id);
  const next = at < 0 ? [...profiles, profile] : profiles.map((p) => (p.id === profile.id ? profile : p));
  useProfiles.setState({ profiles: next });
}

/** The built-in sandbox profile, when the host offers one. */
export function sandboxProfile(profiles: readonly Profile[]): Profile | undefined {
  return profiles.find((p) => p.preset === 'sandbox' && p.builtIn) ?? profiles.find((p) => p.preset === 'sandbox');
}
