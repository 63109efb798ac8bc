/** Which tab the main area shows: a live connection or an imported (offline) capture. */
import { create } from 'zustand';

export type WorkspaceTab =
  | { readonly kind: 'connection'; readonly id: string }
  | { readonly kind: 'capture'; readonly id: string }
  /** A proxy (issue 12): a saved proxy's id, or an opened recording's or replay's log id. */
  | { readonly kind: 'proxy'; readonly id: string };

export interface WorkspaceState {
  readonly active?: WorkspaceTab;
  /** Imported captures open as tabs, in the order they were opened. */
  readonly offlineTabs: string[];
  show(tab: WorkspaceTab | undefined): void;
  openOffline(captureId: string): void;
  closeOffline(captureId: string): void;
}

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  offlineTabs: [],
  show(tab) {
    set({ active: tab });
  },
  openOffline(captureId) {
    const tabs = get().offlineTabs;
    set({ offlineTabs: tabs.includes(captureId) ? tabs : [...tabs, captureId], active: { kind: 'capture', id: captureId } });
  },
  closeOffline(captureId) {
    const { offlineTabs, active } = get();
    set({
      offlineTabs: offlineTabs.filter((id) => id !== captureId),
      active: active?.kind === 'capture' && active.id === captureId ? undefined : active,
    });
  },
}));

export function activeConnectionId(): string | undefined {
  const active = useWorkspace.getState().active;
  return active?.kind === 'connection' ? active.id : undefined;
}
