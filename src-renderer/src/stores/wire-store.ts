/**
 * The wire log of each connection: a sparse cache by entry seq, appended by wire.appended
 * batches and paged with wire.list when the user scrolls back.
 */
import { create } from 'zustand';
import { WIRE_WATCH_MS, type EventPayload, type WireEntryView } from '../../../src-core/api';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

const PAGE = 500;
const MAX_CACHED = 30_000;

interface WireLog {
  entries: Map<number, WireEntryView>;
  loadingPages: Set<number>;
  /** Pages asked for whose missing seqs the host has already trimmed. */
  trimmedBelow: number;
}

export interface WireState {
  readonly totals: Record<string, number>;
  readonly version: number;
  readonly errors: Record<string, UiError | undefined>;
  appended(payload: EventPayload<'wire.appended'>): void;
  ensureRange(connectionId: string, start: number, end: number): void;
  forget(connectionId: string): void;
}

const logs = new Map<string, WireLog>();

function logOf(connectionId: string): WireLog {
  let log = logs.get(connectionId);
  if (!log) {
    log = { entries: new Map(), loadingPages: new Set(), trimmedBelow: 0 };
    logs.set(connectionId, log);
  }
  return log;
}

export function wireEntry(connectionId: string, seq: number): WireEntryView | undefined {
  return logs.get(connectionId)?.entries.get(seq);
}

/** True when the host no longer keeps this entry (its log is bounded). */
export function wireTrimmed(connectionId: string, seq: number): boolean {
  return seq < (logs.get(connectionId)?.trimmedBelow ?? 0);
}

function trim(log: WireLog, total: number): void {
  if (log.entries.size <= MAX_CACHED) return;
  const keepFrom = total - MAX_CACHED * 0.8;
  for (const seq of log.entries.keys()) if (seq < keepFrom) log.entries.delete(seq);
}

/**
 * Keeps the host sending this connection's newest wire entries (wire.watch) until the returned
 * function is called: a view calls it while it shows the live log. The host lets a watch lapse
 * unless renewed, so a view that goes without a word costs nothing for long.
 */
export function watchWire(connectionId: string): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const renew = async () => {
    let watchMs = WIRE_WATCH_MS;
    try {
      ({ watchMs } = await request('wire.watch', { connectionId }));
    } catch {
      // Without the watch the view still pages what it shows (wire.list reports its own errors).
    }
    if (!stopped) timer = setTimeout(() => void renew(), watchMs / 3);
  };
  void renew();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export const useWire = create<WireState>()((set, get) => ({
  totals: {},
  version: 0,
  errors: {},
  appended(payload) {
    const log = logOf(payload.connectionId);
    for (const entry of payload.entries) log.entries.set(entry.seq, entry);
    trim(log, payload.total);
    set({ totals: { ...get().totals, [payload.connectionId]: Math.max(payload.total, get().totals[payload.connectionId] ?? 0) }, version: get().version + 1 });
  },
  ensureRange(connectionId, start, end) {
    const log = logOf(connectionId);
    const total = get().totals[connectionId] ?? 0;
    const first = Math.max(0, start, log.trimmedBelow);
    const last = Math.min(end, total) - 1;
    if (last < first) {
      if (total === 0 && !log.loadingPages.has(-1)) void loadTail(connectionId);
      return;
    }
    for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page++) {
      if (log.loadingPages.has(page)) continue;
      // Every asked-for entry of the page, not just its ends: events bring only the newest entries
      // of a batch (none while no view watches the log), so a page can have holes in its middle.
      const from = Math.max(page * PAGE, first);
      const to = Math.min(page * PAGE + PAGE - 1, last);
      let missing = false;
      for (let seq = from; seq <= to && !missing; seq++) missing = !log.entries.has(seq);
      if (missing) void loadPage(connectionId, page);
    }
  },
  forget(connectionId) {
    logs.delete(connectionId);
    const totals = { ...get().totals };
    delete totals[connectionId];
    set({ totals });
  },
}));

async function loadPage(connectionId: string, page: number): Promise<void> {
  const log = logOf(connectionId);
  log.loadingPages.add(page);
  try {
    const { entries } = await request('wire.list', { connectionId, offset: page * PAGE, limit: PAGE });
    for (const entry of entries) log.entries.set(entry.seq, entry);
    const firstReturned = entries.length ? entries[0].seq : page * PAGE + PAGE;
    if (firstReturned > page * PAGE) log.trimmedBelow = Math.max(log.trimmedBelow, firstReturned);
    // The count grows to the entries this page brought, not to the host's newer total: during a
    // flood that total ran ahead of every entry at hand, and a view following the tail showed
    // "loading…" rows chasing it page after page. Batches bring the rest (with the newest entries).
    const known = entries.length ? entries[entries.length - 1].seq + 1 : 0;
    useWire.setState((s) => ({
      totals: { ...s.totals, [connectionId]: Math.max(known, s.totals[connectionId] ?? 0) },
      version: s.version + 1,
      errors: { ...s.errors, [connectionId]: undefined },
    }));
  } catch (error) {
    useWire.setState((s) => ({ errors: { ...s.errors, [connectionId]: toUiError(error) } }));
  } finally {
    log.loadingPages.delete(page);
  }
}

/** First look at a connection's log: learn its total, then page the newest entries. */
async function loadTail(connectionId: string): Promise<void> {
  const log = logOf(connectionId);
  log.loadingPages.add(-1);
  try {
    const probe = await request('wire.list', { connectionId, offset: 0, limit: 1 });
    useWire.setState((s) => ({ totals: { ...s.totals, [connectionId]: Math.max(probe.total, s.totals[connectionId] ?? 0) } }));
    if (probe.total > 0) {
      const from = Math.max(0, probe.total - PAGE);
      await loadPage(connectionId, Math.floor(from / PAGE));
      if (Math.floor(from / PAGE) !== Math.floor((probe.total - 1) / PAGE)) await loadPage(connectionId, Math.floor((probe.total - 1) / PAGE));
    }
  } catch (error) {
    useWire.setState((s) => ({ errors: { ...s.errors, [connectionId]: toUiError(error) } }));
  } finally {
    log.loadingPages.delete(-1);
  }
}
