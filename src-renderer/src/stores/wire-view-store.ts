/**
 * How each connection's wire log is being looked at — its filter, whether it is paused (and at
 * which entry), the heart-beat timeline shown — kept across dock tab switches, which unmount the
 * view, and per connection, so one log's pause never freezes another's.
 */
import { create } from 'zustand';
import type { WireFilter } from '../../../src-core/api';

export interface WireViewState {
  readonly filter: WireFilter;
  /** The entry count the view froze at, while paused. */
  readonly pausedAt?: number;
  readonly timeline: boolean;
}

const DEFAULT: WireViewState = { filter: {}, timeline: false };

export const useWireView = create<{
  readonly byConnection: Record<string, WireViewState>;
  patch(key: string, patch: Partial<WireViewState>): void;
}>()((set, get) => ({
  byConnection: {},
  patch(key, patch) {
    set({ byConnection: { ...get().byConnection, [key]: { ...(get().byConnection[key] ?? DEFAULT), ...patch } } });
  },
}));

export function wireViewOf(state: { byConnection: Record<string, WireViewState> }, key: string): WireViewState {
  return state.byConnection[key] ?? DEFAULT;
}
