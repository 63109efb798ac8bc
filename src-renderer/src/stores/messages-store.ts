/**
 * The message list of the capture on screen: a sparse cache of rows paged from the host with
 * messages.list, fed at the tail by messages.captured batches, with selection and follow-tail.
 * Rows live outside React state (a Map); `rowsVersion` tells components when to re-read it.
 */
import { create } from 'zustand';
import type { EventPayload, MessageSummary } from '../../../src-core/api';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export const PAGE = 200;
const MAX_CACHED = 40_000;

type AckState = MessageSummary['ackState'];

export interface MessagesState {
  readonly captureId?: string;
  /** The filter applied to the list (the text box may hold a newer draft). */
  readonly filter: string;
  readonly filterError?: UiError;
  readonly listError?: UiError;
  readonly total: number;
  readonly rowsVersion: number;
  readonly follow: boolean;
  /** Arrived while not following: the "N new" pill. */
  readonly unseen: number;
  readonly focusIndex: number;
  readonly focusSeq?: number;
  readonly selected: ReadonlySet<number>;
  readonly anchorIndex: number;
  open(captureId: string | undefined): void;
  setFilter(filter: string): void;
  ensureRange(start: number, end: number): void;
  captured(payload: EventPayload<'messages.captured'>): void;
  setFollow(follow: boolean): void;
  focus(index: number, mode?: 'single' | 'toggle' | 'range'): void;
  selectAll(): void;
  patchAckStates(seqs: readonly number[], state: AckState): void;
  reload(): void;
}

let rows = new Map<number, MessageSummary>();
let loadingPages = new Set<number>();
let generation = 0;
let tailTimer: ReturnType<typeof setTimeout> | undefined;

export function rowAt(index: number): MessageSummary | undefined {
  return rows.get(index);
}

function resetCache(): void {
  rows = new Map();
  loadingPages = new Set();
  generation++;
  clearTimeout(tailTimer);
  tailTimer = undefined;
}

function evict(keepStart: number, keepEnd: number): void {
  if (rows.size <= MAX_CACHED) return;
  const margin = PAGE * 20;
  for (const index of rows.keys()) {
    if (index < keepStart - margin || index > keepEnd + margin) rows.delete(index);
  }
  loadingPages.clear();
}

export const useMessages = create<MessagesState>()((set, get) => {
  const bump = () => set({ rowsVersion: get().rowsVersion + 1 });

  async function loadPage(page: number): Promise<void> {
    const { captureId, filter } = get();
    if (!captureId || loadingPages.has(page)) return;
    loadingPages.add(page);
    const gen = generation;
    try {
      const params = { captureId, offset: page * PAGE, limit: PAGE, ...(filter ? { filter } : {}) };
      const result = await request('messages.list', params);
      if (gen !== generation) return;
      result.items.forEach((item, i) => rows.set(page * PAGE + i, item));
      set({ total: filter ? result.total : Math.max(get().total, result.total), filterError: undefined, listError: undefined });
      bump();
    } catch (error) {
      if (gen !== generation) return;
      const ui = toUiError(error);
      if (filter && ui.code === 'invalid-request') set({ filterError: ui });
      else set({ listError: ui });
    } finally {
      if (gen === generation) loadingPages.delete(page);
    }
  }

  async function refreshFilteredTail(): Promise<void> {
    tailTimer = undefined;
    const { captureId, filter, total } = get();
    if (!captureId || !filter) return;
    const gen = generation;
    try {
      const result = await request('messages.list', { captureId, filter, offset: total, limit: PAGE });
      if (gen !== generation) return;
      result.items.forEach((item, i) => rows.set(total + i, item));
      const added = Math.max(0, result.total - get().total);
      set({ total: Math.max(get().total, result.total), unseen: get().follow ? 0 : get().unseen + added });
      bump();
    } catch (error) {
      if (gen === generation) set({ listError: toUiError(error) });
    }
  }

  return {
    filter: '',
    total: 0,
    rowsVersion: 0,
    follow: true,
    unseen: 0,
    focusIndex: -1,
    selected: new Set(),
    anchorIndex: -1,
    open(captureId) {
      if (captureId === get().captureId) return;
      resetCache();
      set({
        captureId,
        filter: '',
        filterError: undefined,
        listError: undefined,
        total: 0,
        follow: true,
        unseen: 0,
        focusIndex: -1,
        focusSeq: undefined,
        selected: new Set(),
        anchorIndex: -1,
      });
      bump();
      if (captureId) void loadLast();
    },
    setFilter(filter) {
      if (filter === get().filter) return;
      resetCache();
      set({ filter, filterError: undefined, total: 0, unseen: 0, focusIndex: -1, focusSeq: undefined, selected: new Set(), anchorIndex: -1 });
      bump();
      void loadLast();
    },
    ensureRange(start, end) {
      const { total } = get();
      if (total === 0) return;
      const first = Math.max(0, start);
      const last = Math.min(end, total) - 1;
      // A page is asked for only when a row wanted from it is missing: following the tail, the
      // rows on screen came with the batches, and asking for their whole pages again (200 rows
      // each, twice a batch) was most of the bridge's traffic (issue 15).
      for (let page = Math.floor(first / PAGE); page <= Math.floor(Math.max(0, last) / PAGE); page++) {
        const from = Math.max(first, page * PAGE);
        const to = Math.min(last, page * PAGE + PAGE - 1);
        for (let i = from; i <= to; i++) {
          if (!rows.has(i)) {
            void loadPage(page);
            break;
          }
        }
      }
      evict(start, end);
    },
    captured(payload) {
      const { captureId, filter, total, follow, unseen } = get();
      if (payload.captureId !== captureId) return;
      if (filter) {
        tailTimer ??= setTimeout(() => void refreshFilteredTail(), 300);
        return;
      }
      const newest = [...payload.newest].sort((a, b) => a.seq - b.seq);
      const base = payload.total - newest.length;
      newest.forEach((row, i) => rows.set(base + i, row));
      const added = Math.max(0, payload.total - total);
      set({ total: Math.max(total, payload.total), unseen: follow ? 0 : unseen + added });
      bump();
    },
    setFollow(follow) {
      if (follow === get().follow) return;
      set(follow ? { follow, unseen: 0 } : { follow });
    },
    focus(index, mode = 'single') {
      const { total, selected, anchorIndex } = get();
      if (total === 0) return;
      const clamped = Math.max(0, Math.min(total - 1, index));
      const row = rows.get(clamped);
      let next: Set<number>;
      if (mode === 'toggle') {
        next = new Set(selected);
        if (row) {
          if (next.has(row.seq)) next.delete(row.seq);
          else next.add(row.seq);
        }
      } else if (mode === 'range' && anchorIndex >= 0) {
        next = new Set();
        const [a, b] = anchorIndex < clamped ? [anchorIndex, clamped] : [clamped, anchorIndex];
        for (let i = a; i <= b; i++) {
          const r = rows.get(i);
          if (r) next.add(r.seq);
        }
      } else {
        next = new Set(row ? [row.seq] : []);
      }
      set({
        focusIndex: clamped,
        focusSeq: row?.seq,
        selected: next,
        anchorIndex: mode === 'range' && anchorIndex >= 0 ? anchorIndex : clamped,
      });
    },
    selectAll() {
      set({ selected: new Set([...rows.values()].map((r) => r.seq)) });
    },
    patchAckStates(seqs, state) {
      const wanted = new Set(seqs);
      let changed = false;
      for (const [index, row] of rows) {
        if (wanted.has(row.seq) && row.ackState !== state) {
          rows.set(index, { ...row, ackState: state });
          changed = true;
        }
      }
      if (changed) bump();
    },
    reload() {
      const { captureId, filter } = get();
      resetCache();
      set({ total: 0, captureId, filter });
      bump();
      void loadLast();
    },
  };

  /** Opens on the newest page, where follow-tail looks first. */
  async function loadLast(): Promise<void> {
    const { captureId, filter } = get();
    if (!captureId) return;
    const gen = generation;
    try {
      const probe = await request('messages.list', { captureId, offset: 0, limit: PAGE, ...(filter ? { filter } : {}) });
      if (gen !== generation) return;
      probe.items.forEach((item, i) => rows.set(i, item));
      set({ total: probe.total, filterError: undefined, listError: undefined });
      bump();
      if (probe.total > PAGE) get().ensureRange(Math.max(0, probe.total - PAGE), probe.total);
    } catch (error) {
      if (gen !== generation) return;
      const ui = toUiError(error);
      if (filter && ui.code === 'invalid-request') set({ filterError: ui });
      else set({ listError: ui });
    }
  }
});
