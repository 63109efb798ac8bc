/** Captures: live (one per subscription) and imported (offline, browsable only). */
import { create } from 'zustand';
import type { CaptureView } from '../../../src-core/api';
import { request } from '../api-client';

export interface CapturesState {
  readonly captures: CaptureView[];
  load(): Promise<void>;
  replace(captures: CaptureView[]): void;
  /** The capture as an NDJSON file, fetched a page at a time into a Blob (never one string). */
  exportNdjson(captureId: string, onProgress?: (messages: number, total: number) => void): Promise<Blob>;
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
  async exportNdjson(captureId, onProgress) {
    // Each page becomes a part of the Blob at once: the browser keeps Blob data outside the JS
    // heap, so neither side ever holds the export as one string, whatever its size.
    let blob = new Blob([], { type: 'application/x-ndjson' });
    let cursor: string | undefined;
    let messages = 0;
    for (;;) {
      const page = await request('captures.exportPage', cursor ? { captureId, cursor } : { captureId });
      blob = new Blob([blob, page.ndjson], { type: 'application/x-ndjson' });
      messages += page.messages;
      onProgress?.(messages, page.total);
      if (page.done || !page.next) return blob;
      cursor = page.next;
    }
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
