/** Captures: live (one per subscription) and imported (offline, browsable only). */
import { create } from 'zustand';
import type { CaptureView } from '../../../src-core/api';
import { request } from '../api-client';

export interface CapturesState {
  readonly captures: CaptureView[];
  load(): Promise<void>;
  replace(captures: CaptureView[]): void;
  exportNdjson(captureId: string): Promise<string>;
  importNdjson(ndjson: string, label?: string): Promise<CaptureView>;
  clear(captureId: string): Promise<void>;
}

export const useCaptures = create<CapturesState>()((set, get) => ({
  captures: [],
  async load() {
    const { captures } = await request('captures.list', {});
    set({ captures });
  },
  replace(captures) {
    set({ captures });
  },
  async exportNdjson(captureId) {
    const { ndjson } = await request('captures.export', { captureId });
    return ndjson;
  },
  async importNdjson(ndjson, label) {
    const { capture } = await request('captures.import', label ? { ndjson, label } : { ndjson });
    if (!get().captures.some((c) => c.id === capture.id)) set({ captures: [...get().captures, capture] });
    return capture;
  },
  async clear(captureId) {
    await request('captures.clear', { captureId });
    await get().load();
  },
}));

export function useCapture(captureId: string | undefined): CaptureView | undefined {
  return useCaptures((s) => (captureId ? s.captures.find((c) => c.id === captureId) : undefined));
}
