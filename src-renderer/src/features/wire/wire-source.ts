/**
 * Where a wire-log view reads its entries: the live log of a connection (the wire store's cache,
 * appended by events and paged by seq), the live log through a filter (pages of matches asked of
 * the host, kept up as entries arrive), or a file opened offline. One small interface, so the list,
 * the detail and the export do not care which.
 */
import type { WireEntryView, WireFilter } from '../../../../src-core/api';
import { request } from '../../api-client';
import { base64ToBytes } from '../../lib/bytes';
import { useWire, wireEntry, wireTrimmed } from '../../stores/wire-store';

export interface FrameBytes {
  /** False once the log let them go (its byte budget), or for an entry that never had any. */
  readonly kept: boolean;
  readonly bytes?: Uint8Array;
  /** A CONNECT's passcode was masked in them. */
  readonly masked: boolean;
}

export interface WireSource {
  readonly key: string;
  /** Bumped on every change, for useSyncExternalStore. */
  readonly version: number;
  total(): number;
  entry(index: number): WireEntryView | undefined;
  /** The entry at this index is no longer kept (the log is bounded). */
  trimmed(index: number): boolean;
  ensure(first: number, last: number): void;
  bytes(entry: WireEntryView): Promise<FrameBytes>;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export function liveSource(connectionId: string): WireSource {
  let version = 0;
  return {
    key: `live:${connectionId}`,
    get version() {
      return version;
    },
    total: () => useWire.getState().totals[connectionId] ?? 0,
    entry: (index) => wireEntry(connectionId, index),
    trimmed: (index) => wireTrimmed(connectionId, index),
    ensure: (first, last) => useWire.getState().ensureRange(connectionId, first, last + 1),
    bytes: (entry) => frameBytes(connectionId, entry.seq),
    subscribe: (listener) =>
      useWire.subscribe(() => {
        version++;
        listener();
      }),
    dispose: () => undefined,
  };
}

async function frameBytes(connectionId: string, seq: number): Promise<FrameBytes> {
  const answer = await request('wire.frameBytes', { connectionId, seq });
  return { kept: answer.kept, masked: answer.masked, bytes: answer.bytesBase64 !== undefined ? base64ToBytes(answer.bytesBase64) : undefined };
}

const PAGE = 200;

/** The live log through a filter: the host keeps the matches; pages of them are cached here by index. */
export function filteredSource(connectionId: string, filter: WireFilter): WireSource {
  const pages = new Map<number, WireEntryView[]>();
  const loading = new Set<number>();
  const listeners = new Set<() => void>();
  let total = 0;
  let version = 0;
  let disposed = false;
  const changed = () => {
    version++;
    for (const listener of listeners) listener();
  };
  const load = async (page: number) => {
    if (loading.has(page) || disposed) return;
    loading.add(page);
    try {
      const answer = await request('wire.list', { connectionId, offset: page * PAGE, limit: PAGE, filter });
      if (disposed) return;
      total = answer.total;
      pages.set(page, answer.entries);
      changed();
    } finally {
      loading.delete(page);
    }
  };
  // New entries may match: the count and the last page are asked again, at most twice a second.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stopWire = useWire.subscribe(() => {
    if (timer || disposed) return;
    timer = setTimeout(() => {
      timer = undefined;
      const last = Math.max(0, Math.floor(Math.max(0, total - 1) / PAGE));
      pages.delete(last);
      void load(last).then(() => {
        const now = Math.floor(Math.max(0, total - 1) / PAGE);
        if (now !== last) void load(now);
      });
    }, 500);
  });
  void load(0);
  return {
    key: `filtered:${connectionId}:${JSON.stringify(filter)}`,
    get version() {
      return version;
    },
    total: () => total,
    entry: (index) => pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    trimmed: () => false,
    ensure: (first, last) => {
      for (let page = Math.floor(first / PAGE); page <= Math.floor(Math.max(first, last) / PAGE); page++) if (!pages.has(page)) void load(page);
    },
    bytes: (entry) => frameBytes(connectionId, entry.seq),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      disposed = true;
      clearTimeout(timer);
      stopWire();
    },
  };
}

/** An exported wire log opened from a file: every entry in memory, bytes decoded when asked. */
export function offlineSource(name: string, entries: readonly (WireEntryView & { bytes?: string })[], filter: WireFilter | undefined, matches: (entry: WireEntryView) => boolean): WireSource {
  const shown = filter ? entries.filter(matches) : entries;
  return {
    key: `offline:${name}:${JSON.stringify(filter ?? {})}`,
    version: 0,
    total: () => shown.length,
    entry: (index) => shown[index],
    trimmed: () => false,
    ensure: () => undefined,
    bytes: async (entry) => {
      const b64 = (entry as { bytes?: string }).bytes;
      return { kept: b64 !== undefined, bytes: b64 !== undefined ? base64ToBytes(b64) : undefined, masked: entry.command === 'CONNECT' || entry.command === 'STOMP' };
    },
    subscribe: () => () => undefined,
    dispose: () => undefined,
  };
}
