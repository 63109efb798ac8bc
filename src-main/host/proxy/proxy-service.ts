/**
 * The proxy in the app: saved definitions, the live proxies, and every log the UI may open (a
 * running proxy's, a recording re-opened offline, a replay's), with recordings saved on disk.
 */
import { ApiError, type EventName, type EventPayload, type LogView, type ProxyDefinitionInput, type ProxyView, type RecordingView } from '../../../src-core/api';
import type { ConnectRewrite } from '../../../src-core/proxy';
import { RecordingReplay } from '../../../src-core/proxy/replay';
import type { FrameEdit } from '../../../src-core/proxy/replay-stream';
import { loadTls } from '../connections/connection-manager';
import type { ConnectSettings } from '../profiles/connect-settings';
import { LiveProxy, type Upstream } from './live-proxy';
import { feedLog } from './log-feeder';
import { ProxyEventBatcher } from './proxy-events';
import type { ProxyRecord } from './proxy-file';
import { ProxyLog } from './proxy-log';
import { ProxyStore } from './proxy-store';
import { recordingLog } from './recording-log';
import { RecordingsDir } from './recordings-dir';

export interface ProxyServiceDeps {
  readonly dataDir: string;
  /** The upstream profile's settings, its passcode included (never sent to the UI). */
  settings(profileId: string): Promise<ConnectSettings>;
  sandboxUri(): Promise<string>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/** Offline and replay logs open at once; opening one more closes the oldest. */
const MAX_OPEN_LOGS = 8;

export interface ReplayRequest {
  readonly recordingId: string;
  readonly profileId: string;
  readonly connections?: readonly number[];
  readonly use: 'sent' | 'forwarded';
  readonly pacing: 'original' | 'none';
  readonly edits: ReadonlyMap<number, ReadonlyMap<number, FrameEdit>>;
}

export class ProxyService {
  private readonly live = new Map<string, LiveProxy>();
  /** Offline recordings and replays, by log id. */
  private readonly logs = new Map<string, ProxyLog>();
  private readonly replays = new Map<string, RecordingReplay>();
  private nextLog = 1;
  readonly batcher: ProxyEventBatcher;
  readonly recordings: RecordingsDir;

  private constructor(
    private readonly store: ProxyStore,
    private readonly deps: ProxyServiceDeps,
  ) {
    this.recordings = RecordingsDir.at(deps.dataDir);
    this.batcher = new ProxyEventBatcher(
      { proxy: (id) => this.viewOf(id), log: (id) => this.findLog(id)?.view(), recordings: () => this.recordings.list() },
      (event, payload) => deps.emit(event, payload),
    );
  }

  static async open(deps: ProxyServiceDeps): Promise<ProxyService> {
    return new ProxyService(await ProxyStore.open({ dataDir: deps.dataDir }), deps);
  }

  list(): ProxyView[] {
    return this.store.list().map((record) => this.liveOf(record.id).view(record));
  }

  view(id: string): ProxyView {
    return this.liveOf(id).view(this.store.get(id));
  }

  async create(input: ProxyDefinitionInput): Promise<ProxyView> {
    await this.deps.settings(this.checkedInput(input).upstreamProfileId);
    const record = await this.store.create(input);
    return this.liveOf(record.id).view(record);
  }

  async update(id: string, input: ProxyDefinitionInput): Promise<ProxyView> {
    await this.deps.settings(this.checkedInput(input).upstreamProfileId);
    const record = await this.store.update(id, input);
    this.batcher.proxyChanged(id);
    return this.liveOf(id).view(record);
  }

  async delete(id: string): Promise<void> {
    this.store.get(id);
    await this.live.get(id)?.stop();
    this.live.delete(id);
    await this.store.delete(id);
    this.deps.emit('proxy.removed', { id });
  }

  async start(id: string): Promise<ProxyView> {
    const record = this.store.get(id);
    await this.liveOf(id).start(record);
    return this.view(id);
  }

  async stop(id: string): Promise<ProxyView> {
    this.store.get(id);
    await this.liveOf(id).stop();
    return this.view(id);
  }

  async setRules(id: string, rules: ProxyRecord['rules']): Promise<ProxyView> {
    this.store.get(id);
    // Checked by the running proxy first: a bad rule changes nothing, on disk or live.
    this.liveOf(id).setRules(rules);
    const record = await this.store.setRules(id, rules);
    this.batcher.proxyChanged(id);
    return this.liveOf(id).view(record);
  }

  async setFaults(id: string, faults: ProxyRecord['faults']): Promise<ProxyView> {
    this.store.get(id);
    this.liveOf(id).setFaults(faults);
    const record = await this.store.setFaults(id, faults);
    this.batcher.proxyChanged(id);
    return this.liveOf(id).view(record);
  }

  proxy(id: string): LiveProxy {
    this.store.get(id);
    return this.liveOf(id);
  }

  async record(id: string, on: boolean): Promise<ProxyView> {
    await this.liveOf(id).record(on, this.store.get(id));
    return this.view(id);
  }

  log(logId: string): ProxyLog {
    const log = this.findLog(logId);
    if (!log) throw new ApiError('not-found', `no log ${JSON.stringify(logId)} (a proxy's log lasts until it starts again; close and reopen a recording)`);
    return log;
  }

  closeLog(logId: string): void {
    this.replays.get(logId)?.stop();
    this.replays.delete(logId);
    this.logs.delete(logId);
    this.batcher.forgetLog(logId);
  }

  async openRecording(recordingId: string): Promise<LogView> {
    await this.recordings.describe(recordingId).catch(() => {
      throw new ApiError('not-found', `no recording ${JSON.stringify(recordingId)}`);
    });
    const logId = `log-${this.nextLog++}`;
    const log = await recordingLog(logId, this.recordings.lines(recordingId));
    log.recordingId = recordingId;
    this.addLog(log);
    return log.view();
  }

  async importRecording(ndjson: string): Promise<RecordingView> {
    const id = await this.recordings.import(ndjson);
    this.batcher.recordingsListChanged();
    return this.recordings.describe(id);
  }

  async deleteRecording(recordingId: string): Promise<void> {
    await this.recordings.delete(recordingId);
    this.batcher.recordingsListChanged();
  }

  /** Starts replaying; the returned log fills as it goes and stops running when every connection closed. */
  async replay(request: ReplayRequest): Promise<LogView> {
    const { recording } = await this.recordings.read(request.recordingId);
    const upstream = await this.upstream(request.profileId);
    const logId = `log-${this.nextLog++}`;
    const log = new ProxyLog(logId, 'replay', `replay of ${recording.header.label ?? request.recordingId} → ${upstream.label}`, this.batcher.logListener(logId));
    const replay = new RecordingReplay(recording, {
      upstream: upstream.uri,
      tls: upstream.tls,
      rewriteConnect: upstream.rewrite,
      connections: request.connections,
      use: request.use,
      pacing: request.pacing,
      edits: request.edits,
    });
    try {
      replay.selected();
    } catch (error) {
      throw new ApiError('invalid-request', (error as Error).message);
    }
    const stopFeed = feedLog(replay, log);
    this.addLog(log);
    this.replays.set(logId, replay);
    log.running = true;
    void replay.run().then(
      () => undefined,
      (error: unknown) => log.note(0, `replay failed: ${(error as Error).message}`, Date.now()),
    ).finally(() => {
      stopFeed();
      log.running = false;
      this.replays.delete(logId);
      log.note(0, 'replay finished', Date.now());
    });
    return log.view();
  }

  async dispose(): Promise<void> {
    for (const replay of this.replays.values()) replay.stop();
    await Promise.all([...this.live.values()].map((live) => live.stop().catch(() => undefined)));
    this.batcher.dispose();
  }

  /** The profile a proxy forwards to (or a replay goes to): URI, TLS, and the credentials the CONNECT is rewritten with. */
  private async upstream(profileId: string): Promise<Upstream> {
    const settings = await this.deps.settings(profileId);
    const rewrite: ConnectRewrite = { login: settings.login, passcode: settings.passcode, host: settings.host };
    return {
      uri: settings.embeddedBroker ? await this.deps.sandboxUri() : settings.uri,
      tls: settings.tls ? await loadTls(settings.tls) : undefined,
      rewrite: Object.values(rewrite).some((v) => v !== undefined) ? rewrite : undefined,
      label: settings.name,
    };
  }

  private liveOf(id: string): LiveProxy {
    let live = this.live.get(id);
    if (!live) {
      live = new LiveProxy(id, {
        upstream: (profileId) => this.upstream(profileId),
        recordings: this.recordings,
        logListener: (logId) => this.batcher.logListener(logId),
        changed: () => this.batcher.proxyChanged(id),
        recordingsChanged: () => this.batcher.recordingsListChanged(),
      });
      this.live.set(id, live);
    }
    return live;
  }

  private viewOf(id: string): ProxyView | undefined {
    try {
      return this.view(id);
    } catch {
      return undefined;
    }
  }

  private findLog(logId: string): ProxyLog | undefined {
    const own = this.logs.get(logId);
    if (own) return own;
    for (const live of this.live.values()) if (live.log?.id === logId) return live.log;
    return undefined;
  }

  private addLog(log: ProxyLog): void {
    this.logs.set(log.id, log);
    const offline = [...this.logs.keys()];
    for (const old of offline.slice(0, Math.max(0, offline.length - MAX_OPEN_LOGS))) if (!this.replays.has(old)) this.closeLog(old);
  }

  private checkedInput(input: ProxyDefinitionInput): { upstreamProfileId: string } {
    if (typeof input?.upstreamProfileId !== 'string') throw new ApiError('invalid-request', 'proxy: upstreamProfileId: a profile to forward to is required');
    return input;
  }
}
