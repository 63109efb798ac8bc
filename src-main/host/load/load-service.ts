/**
 * Load runs from the app: each on connections of its own to a profile's broker (the profile's
 * URI, login, passcode, TLS files), so a run never floods the user's own connection or its
 * capture. A run's state and a sample a second go out as `load.progress` events; stop() cancels
 * at once and the run still reports what it did. A few runs at a time, the last ones listed.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, type LoadRunView, type LoadSampleView, type ValidParams } from '../../../src-core/api';
import type { ClientOptions } from '../../../src-core/client/client-options';
import type { LoadReport } from '../../../src-core/load/load-report';
import { PayloadScript, ScriptError } from '../../../src-core/scripting';
import { loadTls } from '../connections/connection-manager';
import type { ConnectSettings } from '../profiles/connect-settings';
import { scriptApiError } from '../scripting/script-errors';

export interface LoadSources {
  settings(profileId: string): Promise<ConnectSettings>;
  sandboxUri(): Promise<string>;
  /** A run changed: `samples` in the view are only the new ones. */
  emit(run: LoadRunView): void;
}

/** Runs going at once, at most; and finished ones kept for load.list. */
const MAX_RUNNING = 3;
const KEEP_FINISHED = 20;
const MAX_SAMPLES = 3600;

interface Run {
  view: LoadRunView;
  readonly controller: AbortController;
  done: Promise<void>;
  /** Samples not sent in an event yet. */
  fresh: LoadSampleView[];
}

export class LoadService {
  private readonly runs = new Map<string, Run>();
  private nextId = 1;

  constructor(private readonly sources: LoadSources) {}

  list(): LoadRunView[] {
    return [...this.runs.values()].map((r) => structuredClone(r.view));
  }

  async start(input: ValidParams<'load.start'>): Promise<LoadRunView> {
    const running = [...this.runs.values()].filter((r) => !isOver(r.view.state)).length;
    if (running >= MAX_RUNNING) throw new ApiError('conflict', `${running} load runs are going already; stop one first`);
    const settings = await this.sources.settings(input.profileId);
    const client: ClientOptions = {
      uri: settings.embeddedBroker ? await this.sources.sandboxUri() : settings.uri,
      login: settings.login,
      passcode: settings.passcode,
      host: settings.host,
      versions: settings.versions,
      heartBeat: settings.heartBeat,
      tls: settings.tls ? await loadTls(settings.tls) : undefined,
    };
    let script: PayloadScript | undefined;
    if (input.script) {
      try {
        script = await PayloadScript.compile(input.script);
      } catch (error) {
        if (error instanceof ScriptError) throw scriptApiError(error, 'payload script');
        throw error;
      }
    }
    const { runLoad, LoadOptionsError } = await import('../../../src-core/load');
    const id = `load-${this.nextId++}`;
    const controller = new AbortController();
    const durationMs = Math.round(input.durationS * 1000);
    const total = input.rate > 0 ? Math.round((input.rate * durationMs) / 1000) : -1;
    const run: Run = {
      view: {
        id,
        profileId: input.profileId,
        profileName: settings.name,
        destination: input.destination,
        ...(input.consume ? { consumeDestination: input.consume.destination } : {}),
        rate: input.rate,
        durationS: input.durationS,
        size: input.size,
        connections: input.connections,
        receipt: input.receipt,
        ...(input.receipt ? { receiptEvery: input.receiptEvery } : {}),
        scripted: script !== undefined,
        state: 'connecting',
        startedAt: Date.now(),
        samples: [],
      },
      controller,
      done: Promise.resolve(),
      fresh: [],
    };
    this.runs.set(id, run);
    this.prune();
    run.done = runLoad(
      {
        client,
        destination: input.destination,
        rate: input.rate,
        durationMs,
        size: input.size,
        connections: input.connections,
        receipt: input.receipt,
        receiptEvery: input.receiptEvery,
        consume: input.consume,
        headers: input.headers,
        payload: script && { build: (from, count) => script!.build(from, count, { count: total, destination: input.destination }) },
        // Unique beyond this host's life: a consumer on a shared destination tells runs apart.
        runId: `${id}.${randomUUID().slice(0, 8)}`,
        signal: controller.signal,
      },
      {
        onSample: (sample) => {
          run.view.samples.push(sample);
          if (run.view.samples.length > MAX_SAMPLES) run.view.samples.shift();
          run.fresh.push(sample);
          this.emit(run);
        },
        onState: (state) => {
          run.view.state = state;
          // The end goes out once, with the report (finish below).
          if (!isOver(state)) this.emit(run);
        },
      },
    ).then(
      (report) => this.finish(run, report),
      (error: unknown) => {
        run.view.state = 'failed';
        run.view.error = error instanceof LoadOptionsError ? `${error.field}: ${error.message}` : (error as Error).message;
        this.emit(run);
      },
    ).finally(() => script?.dispose());
    return structuredClone(run.view);
  }

  stop(runId: string): void {
    const run = this.runs.get(runId);
    if (!run) throw new ApiError('not-found', `no load run ${runId}`);
    run.controller.abort();
  }

  async dispose(): Promise<void> {
    for (const run of this.runs.values()) run.controller.abort();
    await Promise.all([...this.runs.values()].map((r) => r.done));
  }

  private finish(run: Run, report: LoadReport): void {
    const { state, error, sent, confirmed, unconfirmed, failed, received, lost, duplicated, foreign, publishMs, throughput, latencyMs, pacing, cpu } = report;
    run.view.state = state;
    if (error) run.view.error = error;
    run.view.report = { sent, confirmed, unconfirmed, failed, received, lost, duplicated, foreign, publishMs, throughput, latencyMs, pacing, cpu };
    this.emit(run);
  }

  private emit(run: Run): void {
    // Shallow: the samples already sent are left out, so a long run's events stay small.
    const view = { ...run.view, samples: run.fresh };
    run.fresh = [];
    this.sources.emit(view);
  }

  private prune(): void {
    const over = [...this.runs.values()].filter((r) => isOver(r.view.state));
    for (const run of over.slice(0, Math.max(0, over.length - KEEP_FINISHED))) this.runs.delete(run.view.id);
  }
}

function isOver(state: LoadRunView['state']): boolean {
  return state === 'finished' || state === 'cancelled' || state === 'failed';
}
