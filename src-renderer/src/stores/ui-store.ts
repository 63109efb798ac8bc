/** UI preferences (theme, dock) kept across sessions, and the overlays currently open. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type DockTab = 'composer' | 'wire' | 'raw' | 'receipts' | 'transactions' | 'captures' | 'schemas' | 'load' | 'statistics' | 'destinations';

export interface UiState {
  readonly theme: ThemeChoice;
  readonly dockOpen: boolean;
  readonly dockTab: DockTab;
  readonly paletteOpen: boolean;
  readonly shortcutsOpen: boolean;
  setTheme(theme: ThemeChoice): void;
  setDock(open: boolean, tab?: DockTab): void;
  setPalette(open: boolean): void;
  setShortcuts(open: boolean): void;
}

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      theme: 'system',
      dockOpen: true,
      dockTab: 'composer',
      paletteOpen: false,
      shortcutsOpen: false,
      setTheme: (theme) => set({ theme }),
      setDock: (dockOpen, tab) => set(tab ? { dockOpen, dockTab: tab } : { dockOpen }),
      setPalette: (paletteOpen) => set({ paletteOpen }),
      setShortcuts: (shortcutsOpen) => set({ shortcutsOpen }),
    }),
    {
      name: 'stomp-explorer.ui',
      version: 1,
      partialize: (s) => ({ theme: s.theme, dockOpen: s.dockOpen, dockTab: s.dockTab }),
    },
  ),
);
