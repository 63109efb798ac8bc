/**
 * One proxy definition at run time: the core proxy while it runs, the log of its current (or
 * last) run, the frames waiting in its hold, and the recording being written. Errors come out as
 * the contract's ApiError, saying which field or setting is wrong.
 */
import type { WriteStream } from 'node:fs';
import { ApiError, type FaultSettingsView, type HeldFrameView, type HoldRuleView, type ProxyView } from '../../../src-core/api';
import type { TlsSettings } from '../../../src-core/client/transport';
import type { Frame } from '../../../src-core/protocol/frame';
import { FailoverUriError } from '../../../src-core/protocol/failover-uri';
import { StompSerializeError } from '../../../src-core/protocol/serializer';
import { checkFaults, compileHoldRules, FaultSettingsError, HoldRuleError, ListenAddressError, startStompProxy, type ConnectRewrite, type Direction, type StompProxy } from '../../../src-core/proxy';
import { ProxyRecorder } from '../../../src-core/proxy/recorder';
import { PROXY_LIMITS } from '../../../src-core/api';
import { feedLog } from './log-feeder';
import type { ProxyRecord } from './proxy-file';
import { ProxyLog, type LogListener } from './proxy-log';
import type { RecordingsDir } from './recordings-dir';

export interface Upstream {
  readonly uri: string;
  readonly tls?: TlsSettings;
  readonly rewrite?: ConnectRewrite;
  /** For people: the profile's name. */
  readonly label: string;
}

export interface LiveProxyDeps {
  upstream(profileId: string): Promise<Upstream>;
  readonly recordings: RecordingsDir;
  logListener(logId: string): LogListener;
  /** The proxy's view changed (state, connections opened or closed, the hold). */
  changed(): void;
  recordingsChanged(): void;
}

interface ActiveRecording {
  readonly id: string;
  readonly recorder: ProxyRecorder;
  readonly stream: WriteStream;
}

export class LiveProxy {
  private state: ProxyView['state'] = 'stopped';
  private error: string | undefined;
  private warnings: string[] = [];
  private proxy: StompProxy | undefined;
  private upstream: string | undefined;
  private runs = 0;
  log: ProxyLog | undefined;
  private stopFeed: (() => void) | undefined;
  private readonly held = new Map<string, HeldFrameView>();
  private recording: ActiveRecording | undefined;

  constructor(
    readonly id: string,
    private readonly deps: LiveProxyDeps,
  ) {}

  get running(): boolean {
    return this.state === 'running';
  }

  view(record: ProxyRecord): ProxyView {
    const { rules, faults, ...definition } = record;
    return {
      definition,
      state: this.state,
      address: this.proxy ? this.proxy.address : undefined,
      upstream: this.upstream,
      error: this.error,
      warnings: this.warnings,
      logId: this.log?.id,
      connections: this.log?.connections().filter((c) => c.state !== 'closed' || this.running) ?? [],
      held: [...this.held.values()],
      rules,
      faults,
      recordingId: this.recording?.id,
    };
  }

  async start(record: ProxyRecord): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') return;
    this.state = 'starting';
    this.error = undefined;
    this.deps.changed();
    try {
      const upstream = await this.deps.upstream(record.upstreamProfileId);
      const proxy = await startStompProxy({
        listen: { host: record.listenHost, port: record.listenPort },
        allowRemote: record.allowRemote,
        upstream: upstream.uri,
        tls: upstream.tls,
        rewriteConnect: upstream.rewrite,
        holdRules: record.rules,
        faults: record.faults,
      });
      this.proxy = proxy;
      this.upstream = `${upstream.label} (${upstream.uri})`;
      this.warnings = proxy.warnings;
      const logId = `${this.id}.run-${++this.runs}`;
      this.log = new ProxyLog(logId, 'proxy', `${record.name} (run ${this.runs})`, this.deps.logListener(logId));
      this.log.running = true;
      this.held.clear();
      const stopLog = feedLog(proxy, this.log);
      const stops = [
        proxy.on('open', () => this.deps.changed()),
        proxy.on('close', () => this.deps.changed()),
        proxy.on('hold', (held) => {
          const body = held.frame.body;
          this.held.set(`${held.connection}:${held.seq}`, {
            connection: held.connection,
            direction: held.direction,
            frameSeq: held.seq,
            logSeq: this.log?.frameSeqOf(held.connection, held.seq) ?? -1,
            rule: held.rule,
            at: held.at,
            command: held.frame.command,
            headers: held.frame.headers as [string, string][],
            bodyBase64: base64(body.length > PROXY_LIMITS.heldBody ? body.subarray(0, PROXY_LIMITS.heldBody) : body),
            bodySize: body.length,
            framing: held.frame.framing,
          });
          this.deps.changed();
        }),
        proxy.on('released', (released) => {
          this.held.delete(`${released.connection}:${released.seq}`);
          this.deps.changed();
        }),
      ];
      this.stopFeed = () => {
        stopLog();
        stops.forEach((stop) => stop());
      };
      this.state = 'running';
      if (record.record) await this.startRecording(record);
    } catch (error) {
      this.state = 'failed';
      this.error = (error as Error).message;
      throw startError(error, record);
    } finally {
      this.deps.changed();
    }
  }

  async stop(): Promise<void> {
    const proxy = this.proxy;
    if (!proxy) {
      this.state = 'stopped';
      return;
    }
    await proxy.close();
    await this.stopRecording();
    this.stopFeed?.();
    this.stopFeed = undefined;
    this.proxy = undefined;
    this.held.clear();
    if (this.log) this.log.running = false;
    this.state = 'stopped';
    this.deps.changed();
  }

  /** Checked whether running or not: a stopped proxy starts with them later. */
  setRules(rules: HoldRuleView[]): void {
    try {
      if (this.proxy) this.proxy.setHoldRules(rules);
      else compileHoldRules(rules);
    } catch (error) {
      if (error instanceof HoldRuleError) throw new ApiError('invalid-request', error.message, { rule: error.ruleId, field: error.field });
      throw error;
    }
  }

  setFaults(faults: FaultSettingsView): void {
    try {
      if (this.proxy) this.proxy.setFaults(faults);
      else checkFaults(faults);
    } catch (error) {
      if (error instanceof FaultSettingsError) throw new ApiError('invalid-request', error.message, { field: error.field });
      throw error;
    }
  }

  release(connection: number, frameSeq: number, action: { action: 'forward' } | { action: 'drop' } | { action: 'edit'; frame: Frame }): void {
    const proxy = this.requireRunning();
    if (!this.held.has(`${connection}:${frameSeq}`)) throw new ApiError('not-found', `frame ${frameSeq} of connection ${connection} is not held (it may have been released, or its connection closed)`);
    try {
      proxy.release(connection, frameSeq, action);
    } catch (error) {
      if (error instanceof StompSerializeError) throw new ApiError('invalid-request', `the edited frame cannot be sent: ${error.message}`);
      if (error instanceof RangeError) throw new ApiError('not-found', error.message);
      throw error;
    }
  }

  drop(connection: number | undefined): void {
    try {
      this.requireRunning().drop(connection);
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError('not-found', error.message);
      throw error;
    }
  }

  corruptNext(direction: Direction, connection: number | undefined): void {
    try {
      this.requireRunning().corruptNext(direction, connection);
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError('not-found', error.message);
      throw error;
    }
  }

  async record(on: boolean, record: ProxyRecord): Promise<void> {
    this.requireRunning();
    if (on && !this.recording) await this.startRecording(record);
    if (!on) await this.stopRecording();
    this.deps.changed();
  }

  private async startRecording(record: ProxyRecord): Promise<void> {
    const proxy = this.requireRunning();
    const { id, stream } = await this.deps.recordings.create();
    const { host, port } = proxy.address;
    const recorder = new ProxyRecorder(proxy, { write: (line) => stream.write(line + '\n'), onDrain: (listener) => void stream.on('drain', listener) }, {
      label: `${record.name} → ${this.upstream ?? ''}`,
      startedAt: new Date().toISOString(),
      listen: `${host}:${port}`,
      upstream: this.upstream,
    });
    this.recording = { id, recorder, stream };
    this.deps.recordingsChanged();
  }

  private async stopRecording(): Promise<void> {
    const recording = this.recording;
    if (!recording) return;
    this.recording = undefined;
    recording.recorder.stop();
    await new Promise<void>((resolve) => recording.stream.end(resolve));
    this.deps.recordings.finished(recording.id);
    this.deps.recordingsChanged();
  }

  private requireRunning(): StompProxy {
    if (!this.proxy) throw new ApiError('not-connected', 'the proxy is not running: start it first');
    return this.proxy;
  }
}

function startError(error: unknown, record: ProxyRecord): ApiError {
  if (error instanceof ApiError) return error;
  const message = (error as Error).message;
  if (error instanceof ListenAddressError) return new ApiError('invalid-request', message, { field: 'listenHost' });
  if (error instanceof FailoverUriError) return new ApiError('invalid-request', `the upstream profile's URI: ${message}`, { field: 'upstreamProfileId' });
  if (error instanceof HoldRuleError || error instanceof FaultSettingsError) return new ApiError('invalid-request', message);
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') return new ApiError('conflict', `${record.listenHost}:${record.listenPort} is in use: pick another port (0 picks a free one)`, { field: 'listenPort' });
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') return new ApiError('io-error', `cannot listen on ${record.listenHost}:${record.listenPort}: ${message}`, { field: 'listenHost' });
  return new ApiError('internal', `the proxy did not start: ${message}`);
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
