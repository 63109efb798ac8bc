/**
 * The proxy's events, coalesced as the host's other high-rate streams are (events/event-batcher):
 * whatever happened to a proxy or a log since the last flush becomes one event, a few a second.
 * A log's event carries its size and the newest entries (a screenful); the UI pages the rest.
 */
import type { EventName, EventPayload, LogView, ProxyLogEntry, ProxyView, RecordingView } from '../../../src-core/api';
import type { LogListener } from './proxy-log';

/** Newest entries sent with each log batch. */
const NEWEST = 100;
/** Entries whose status changed, sent with a batch at most (the UI refetches the rest if it needs them). */
const UPDATED = 500;

export interface ProxyBatchSources {
  proxy(id: string): ProxyView | undefined;
  log(id: string): LogView | undefined;
  recordings(): Promise<RecordingView[]>;
}

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class ProxyEventBatcher {
  private readonly proxies = new Set<string>();
  private readonly appended = new Map<string, ProxyLogEntry[]>();
  private readonly updated = new Map<string, Map<number, ProxyLogEntry>>();
  private recordingsChanged = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sources: ProxyBatchSources,
    private readonly emit: Emit,
    private readonly intervalMs = 200,
  ) {}

  proxyChanged(id: string): void {
    this.proxies.add(id);
    this.schedule();
  }

  recordingsListChanged(): void {
    this.recordingsChanged = true;
    this.schedule();
  }

  logListener(logId: string): LogListener {
    return {
      appended: (entry) => {
        let list = this.appended.get(logId);
        if (!list) this.appended.set(logId, (list = []));
        list.push(entry);
        if (list.length > NEWEST * 2) list.splice(0, list.length - NEWEST);
        this.schedule();
      },
      updated: (entry) => {
        let map = this.updated.get(logId);
        if (!map) this.updated.set(logId, (map = new Map()));
        if (map.size < UPDATED || map.has(entry.seq)) map.set(entry.seq, entry);
        this.schedule();
      },
    };
  }

  /** A log closed: nothing more is told of it. */
  forgetLog(logId: string): void {
    this.appended.delete(logId);
    this.updated.delete(logId);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of this.proxies) {
      const proxy = this.sources.proxy(id);
      if (proxy) this.emit('proxy.changed', { proxy });
    }
    for (const id of new Set([...this.appended.keys(), ...this.updated.keys()])) {
      const log = this.sources.log(id);
      if (!log) continue;
      const entries = (this.appended.get(id) ?? []).slice(-NEWEST);
      this.emit('proxy.log', { log, entries, updated: [...(this.updated.get(id)?.values() ?? [])] });
    }
    this.proxies.clear();
    this.appended.clear();
    this.updated.clear();
    if (this.recordingsChanged) {
      this.recordingsChanged = false;
      void this.sources.recordings().then((recordings) => this.emit('proxy.recordings', { recordings }), () => undefined);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }
}
