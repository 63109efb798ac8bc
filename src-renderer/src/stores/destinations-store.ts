/**
 * The destination overview's broker figures per connection (asked for when the view opens, on
 * Refresh, and every few seconds while it is shown) and the per-profile management URL.
 */
import { create } from 'zustand';
import type { BrokerInfo, DestinationSettings } from '../../../src-core/api';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export interface DestinationsState {
  readonly info: Readonly<Record<string, BrokerInfo | undefined>>;
  readonly asking: Readonly<Record<string, boolean>>;
  /** A request that failed outright (the host unreachable, the connection gone). */
  readonly errors: Readonly<Record<string, UiError | undefined>>;
  readonly settings: Readonly<Record<string, DestinationSettings | undefined>>;
  refresh(connectionId: string): Promise<void>;
  loadSettings(profileId: string): Promise<void>;
  /** Saves (or, with null, forgets) a profile's management URL; rejects with the field's problem. */
  saveManagementUrl(profileId: string, managementUrl: string | null): Promise<void>;
}

export const useDestinations = create<DestinationsState>()((set, get) => ({
  info: {},
  asking: {},
  errors: {},
  settings: {},
  async refresh(connectionId) {
    if (get().asking[connectionId]) return;
    set({ asking: { ...get().asking, [connectionId]: true } });
    try {
      const info = await request('destinations.brokerInfo', { connectionId });
      set({ info: { ...get().info, [connectionId]: info }, errors: { ...get().errors, [connectionId]: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, [connectionId]: toUiError(error) } });
    } finally {
      set({ asking: { ...get().asking, [connectionId]: false } });
    }
  },
  async loadSettings(profileId) {
    try {
      const settings = await request('destinations.getSettings', { profileId });
      set({ settings: { ...get().settings, [profileId]: settings } });
    } catch {
      set({ settings: { ...get().settings, [profileId]: {} } });
    }
  },
  async saveManagementUrl(profileId, managementUrl) {
    const settings = await request('destinations.setSettings', { profileId, managementUrl });
    set({ settings: { ...get().settings, [profileId]: settings } });
  },
}));
