/**
 * The proxy as the UI sees it: saved proxies with their live state (connections, hold queue,
 * faults), recordings, and the logs open in the workspace (a running proxy's, a recording's, a
 * replay's), each paged from the host a window at a time and kept current by batched events.
 */
import { create } from 'zustand';
import type {
  FaultSettingsView,
  HoldRuleView,
  LogView,
  MethodParams,
  ProxyDefinitionInput,
  ProxyDirection,
  ProxyFrameDetail,
  ProxyLogEntry,
  ProxyView,
  RecordingView,
} from '../../../src-core/api';
import { on, request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

/** Rows kept per log in the UI; the rest is paged again when scrolled to. */
const KEPT_ROWS = 6000;
const PAGE = 500;

export interface LogState {
  readonly view: LogView;
  /** Rows by seq. Replaced (not mutated) on every change so selectors see it. */
  readonly rows: ReadonlyMap<number, ProxyLogEntry>;
  readonly error?: UiError;
}

export type ReplayInput = MethodParams<'proxy.replay'>;
export type ReleaseInput = MethodParams<'proxy.release'>;

export interface ProxyState {
  readonly proxies: ProxyView[];
  readonly recordings: RecordingView[];
  readonly loaded: boolean;
  readonly loadError?: string;
  readonly logs: Readonly<Record<string, LogState>>;
  /** The frame open in the proxy inspector. */
  readonly selected?: { readonly logId: string; readonly seq: number };
  readonly detail?: ProxyFrameDetail;
  readonly detailError?: UiError;
  /** The definition dialog: an id, 'new', or closed. */
  readonly editing?: string;
  load(): Promise<void>;
  create(input: ProxyDefinitionInput): Promise<ProxyView>;
  update(id: string, input: ProxyDefinitionInput): Promise<ProxyView>;
  remove(id: string): Promise<void>;
  start(id: string): Promise<ProxyView>;
  stop(id: string): Promise<ProxyView>;
  setRules(id: string, rules: HoldRuleView[]): Promise<ProxyView>;
  setFaults(id: string, faults: FaultSettingsView): Promise<ProxyView>;
  record(id: string, on: boolean): Promise<ProxyView>;
  release(input: ReleaseInput): Promise<void>;
  drop(id: string, connection?: number): Promise<void>;
  corruptNext(id: string, direction: ProxyDirection, connection?: number): Promise<void>;
  openRecording(recordingId: string): Promise<LogView>;
  importRecording(ndjson: string): Promise<RecordingView>;
  exportRecording(recordingId: string): Promise<string>;
  deleteRecording(recordingId: string): Promise<void>;
  replay(input: ReplayInput): Promise<LogView>;
  closeLog(logId: string): Promise<void>;
  /** Makes sure rows [from, to) of a log are here (fetched a page at a time). */
  ensureRows(logId: string, from: number, to: number): void;
  select(logId: string, seq: number | undefined): Promise<void>;
  openEditor(id: string | undefined): void;
}

let wired = false;
const inFlight = new Set<string>();

export const useProxies = create<ProxyState>()((set, get) => ({
  proxies: [],
  recordings: [],
  loaded: false,
  logs: {},
  async load() {
    wire();
    try {
      const { proxies, recordings } = await request('proxy.list', {});
      set({ proxies, recordings, loaded: true, loadError: undefined });
    } catch (error) {
      set({ loaded: true, loadError: toUiError(error).message });
    }
  },
  async create(input) {
    return upsert((await request('proxy.create', { proxy: input })).proxy);
  },
  async update(id, input) {
    return upsert((await request('proxy.update', { id, proxy: input })).proxy);
  },
  async remove(id) {
    await request('proxy.delete', { id });
    set({ proxies: get().proxies.filter((p) => p.definition.id !== id) });
  },
  async start(id) {
    try {
      return upsert((await request('proxy.start', { id })).proxy);
    } finally {
      // A failed start leaves the proxy 'failed' with its error: show that.
      void request('proxy.list', {}).then(({ proxies }) => set({ proxies }), () => undefined);
    }
  },
  async stop(id) {
    return upsert((await request('proxy.stop', { id })).proxy);
  },
  async setRules(id, rules) {
    return upsert((await request('proxy.setRules', { id, rules })).proxy);
  },
  async setFaults(id, faults) {
    return upsert((await request('proxy.setFaults', { id, faults })).proxy);
  },
  async record(id, recordOn) {
    return upsert((await request('proxy.record', { id, on: recordOn })).proxy);
  },
  async release(input) {
    await request('proxy.release', input);
    // Gone from the hold at once: the next held frame's event may take a batch to arrive, and a
    // stale row must not be acted on twice.
    const proxy = proxyById(input.id);
    if (proxy) upsert({ ...proxy, held: proxy.held.filter((h) => !(h.connection === input.connection && h.frameSeq === input.frameSeq)) });
  },
  async drop(id, connection) {
    await request('proxy.drop', { id, connection });
  },
  async corruptNext(id, direction, connection) {
    await request('proxy.corruptNext', { id, direction, connection });
  },
  async openRecording(recordingId) {
    const { log } = await request('proxy.openRecording', { recordingId });
    addLog(log);
    return log;
  },
  async importRecording(ndjson) {
    const { recording } = await request('proxy.importRecording', { ndjson });
    set({ recordings: [recording, ...get().recordings.filter((r) => r.id !== recording.id)] });
    return recording;
  },
  async exportRecording(recordingId) {
    return (await request('proxy.exportRecording', { recordingId })).ndjson;
  },
  async deleteRecording(recordingId) {
    await request('proxy.deleteRecording', { recordingId });
    set({ recordings: get().recordings.filter((r) => r.id !== recordingId) });
  },
  async replay(input) {
    const { log } = await request('proxy.replay', input);
    addLog(log);
    return log;
  },
  async closeLog(logId) {
    const { [logId]: _gone, ...rest } = get().logs;
    set({ logs: rest, ...(get().selected?.logId === logId ? { selected: undefined, detail: undefined } : {}) });
    await request('proxy.closeLog', { logId }).catch(() => undefined);
  },
  ensureRows(logId, from, to) {
    const log = get().logs[logId];
    if (!log) return void fetchPage(logId, Math.max(0, from));
    const start = Math.max(from, log.view.first);
    for (let seq = start; seq < Math.min(to, log.view.total); seq++) {
      if (!log.rows.has(seq)) return void fetchPage(logId, Math.floor(seq / PAGE) * PAGE);
    }
  },
  async select(logId, seq) {
    if (seq === undefined) return set({ selected: undefined, detail: undefined, detailError: undefined });
    set({ selected: { logId, seq }, detailError: undefined });
    try {
      const { frame } = await request('proxy.frame', { logId, seq });
      if (get().selected?.seq === seq && get().selected?.logId === logId) set({ detail: frame });
    } catch (error) {
      if (get().selected?.seq === seq) set({ detail: undefined, detailError: toUiError(error) });
    }
  },
  openEditor(id) {
    set({ editing: id });
  },
}));

/** The proxy of a definition id, as last heard. */
export function proxyById(id: string): ProxyView | undefined {
  return useProxies.getState().proxies.find((p) => p.definition.id === id);
}

function upsert(proxy: ProxyView): ProxyView {
  const { proxies, logs } = useProxies.getState();
  const at = proxies.findIndex((p) => p.definition.id === proxy.definition.id);
  // A proxy started again has a new log: the host let the old one go, and so does the UI.
  const stale = at >= 0 ? proxies[at].logId : undefined;
  const keep = stale !== undefined && stale !== proxy.logId ? Object.fromEntries(Object.entries(logs).filter(([id]) => id !== stale)) : logs;
  useProxies.setState({ proxies: at < 0 ? [...proxies, proxy] : proxies.map((p, i) => (i === at ? proxy : p)), logs: keep });
  return proxy;
}

function addLog(view: LogView): void {
  const { logs } = useProxies.getState();
  useProxies.setState({ logs: { ...logs, [view.id]: { view, rows: logs[view.id]?.rows ?? new Map() } } });
  void fetchPage(view.id, Math.max(view.first, view.total - PAGE));
}

async function fetchPage(logId: string, offset: number): Promise<void> {
  const key = `${logId}:${offset}`;
  if (inFlight.has(key)) return;
  inFlight.add(key);
  try {
    const { log, entries } = await request('proxy.log', { logId, offset, limit: PAGE });
    merge(log, entries, []);
  } catch (error) {
    const current = useProxies.getState().logs[logId];
    if (current) useProxies.setState({ logs: { ...useProxies.getState().logs, [logId]: { ...current, error: toUiError(error) } } });
  } finally {
    inFlight.delete(key);
  }
}

/** New view, new and changed rows; the oldest rows beyond KEPT_ROWS are let go (paged again if needed). */
function merge(view: LogView, entries: readonly ProxyLogEntry[], updated: readonly ProxyLogEntry[]): void {
  const { logs } = useProxies.getState();
  const rows = new Map(logs[view.id]?.rows ?? []);
  for (const entry of entries) rows.set(entry.seq, entry);
  for (const entry of updated) if (rows.has(entry.seq)) rows.set(entry.seq, entry);
  for (const seq of rows.keys()) if (seq < view.first) rows.delete(seq);
  if (rows.size > KEPT_ROWS) {
    const newest = [...rows.keys()].sort((a, b) => a - b).slice(-KEPT_ROWS);
    const keep = new Set(newest);
    for (const seq of rows.keys()) if (!keep.has(seq)) rows.delete(seq);
  }
  useProxies.setState({ logs: { ...logs, [view.id]: { view, rows } } });
}

function wire(): void {
  if (wired) return;
  wired = true;
  on('proxy.changed', ({ proxy }) => {
    upsert(proxy);
    // A proxy started again has a new log: open it in place of the old one.
    if (proxy.logId && !useProxies.getState().logs[proxy.logId]) {
      addLog({ id: proxy.logId, kind: 'proxy', label: proxy.definition.name, total: 0, first: 0, running: true, connections: proxy.connections });
    }
  });
  on('proxy.removed', ({ id }) => useProxies.setState({ proxies: useProxies.getState().proxies.filter((p) => p.definition.id !== id) }));
  on('proxy.recordings', ({ recordings }) => useProxies.setState({ recordings }));
  on('proxy.log', ({ log, entries, updated }) => {
    if (!useProxies.getState().logs[log.id]) {
      // A running proxy's log is followed as soon as anyone looks at that proxy.
      const owner = useProxies.getState().proxies.find((p) => p.logId === log.id);
      if (!owner) return;
    }
    merge(log, entries, updated);
  });
}
