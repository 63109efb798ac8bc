/** The message open in the inspector: its detail, the chosen body viewer, and what an ACK would send. */
import { create } from 'zustand';
import type { MessageDetail } from '../../../src-core/api';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export type BodyViewer = 'text' | 'json' | 'hex' | 'base64' | 'image' | 'decoded';

export interface AckPreview {
  readonly covers: number[];
  readonly header: string;
}

/** `tone` refines `ok` (warn: done but not confirmed); `detail`: the broker's full answer. */
export interface ActionStatus {
  readonly ok: boolean;
  readonly text: string;
  readonly tone?: 'ok' | 'warn' | 'bad';
  readonly detail?: string;
}

export interface InspectorState {
  readonly ref?: { captureId: string; seq: number };
  readonly detail?: MessageDetail;
  readonly loading: boolean;
  readonly error?: UiError;
  /** The viewer the user picked; undefined: chosen from content-type and sniffing. */
  readonly viewer?: BodyViewer;
  readonly ackPreview?: AckPreview;
  readonly ackPreviewError?: UiError;
  /** The outcome of the last action on the message(s), shown beside the actions. */
  readonly status?: ActionStatus;
  setStatus(status: ActionStatus | undefined): void;
  show(ref: { captureId: string; seq: number } | undefined): void;
  refresh(): Promise<void>;
  setViewer(viewer: BodyViewer | undefined): void;
}

/** The body bytes messages.get brings for the inspector; a longer body is marked bodyTruncated. */
export const INSPECTOR_BODY_LIMIT = 256 * 1024;

let timer: ReturnType<typeof setTimeout> | undefined;
let generation = 0;

export const useInspector = create<InspectorState>()((set, get) => ({
  loading: false,
  show(ref) {
    const current = get().ref;
    if (ref && current && ref.captureId === current.captureId && ref.seq === current.seq) return;
    generation++;
    clearTimeout(timer);
    set({ ref, detail: ref && get().detail?.seq === ref.seq && get().detail?.captureId === ref.captureId ? get().detail : undefined, error: undefined, ackPreview: undefined, ackPreviewError: undefined, viewer: undefined, status: undefined, loading: !!ref });
    // Holding ↓ moves through many rows: only the one the user stops at is fetched.
    if (ref) timer = setTimeout(() => void get().refresh(), 60);
  },
  async refresh() {
    const ref = get().ref;
    if (!ref) return;
    const gen = ++generation;
    set({ loading: true });
    try {
      // A large body comes cut to its start; the body viewers page the rest (messages.bodyPage).
      const { message } = await request('messages.get', { ...ref, bodyLimit: INSPECTOR_BODY_LIMIT });
      if (gen !== generation) return;
      set({ detail: message, loading: false, error: undefined });
      if (message.ackState === 'pending') {
        try {
          const preview = await request('messages.ackPreview', ref);
          if (gen === generation) set({ ackPreview: preview, ackPreviewError: undefined });
        } catch (error) {
          if (gen === generation) set({ ackPreview: undefined, ackPreviewError: toUiError(error) });
        }
      } else {
        set({ ackPreview: undefined, ackPreviewError: undefined });
      }
    } catch (error) {
      if (gen === generation) set({ loading: false, error: toUiError(error) });
    }
  },
  setStatus(status) {
    set({ status });
  },
  setViewer(viewer) {
    set({ viewer });
  },
}));
