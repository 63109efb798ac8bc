/** Load runs as the host reports them: started here or elsewhere, their samples as they come. */
import { create } from 'zustand';
import type { LoadRunView, MethodParams } from '../../../src-core/api';
import { on, request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export interface LoadState {
  readonly runs: Record<string, LoadRunView>;
  /** Newest first. */
  readonly order: string[];
  readonly error?: UiError;
  readonly starting: boolean;
  load(): Promise<void>;
  start(input: MethodParams<'load.start'>): Promise<LoadRunView | undefined>;
  stop(runId: string): Promise<void>;
}

export const useLoad = create<LoadState>()((set, get) => ({
  runs: {},
  order: [],
  starting: false,
  async load() {
    try {
      const { runs } = await request('load.list', {});
      set({ runs: Object.fromEntries(runs.map((r) => [r.id, r])), order: runs.map((r) => r.id).reverse() });
    } catch (error) {
      set({ error: toUiError(error) });
    }
  },
  async start(input) {
    set({ starting: true, error: undefined });
    try {
      const { run } = await request('load.start', input);
      merge(run);
      return run;
    } catch (error) {
      set({ error: toUiError(error) });
      return undefined;
    } finally {
      set({ starting: false });
    }
  },
  async stop(runId) {
    try {
      await request('load.stop', { runId });
    } catch (error) {
      set({ error: toUiError(error) });
    }
  },
}));

/** An event's view carries only the samples since the last one: they are appended. */
function merge(update: LoadRunView): void {
  const { runs, order } = useLoad.getState();
  const known = runs[update.id];
  const samples = known ? [...known.samples, ...update.samples].slice(-3600) : update.samples;
  useLoad.setState({ runs: { ...runs, [update.id]: { ...update, samples } }, order: known ? order : [update.id, ...order] });
}

on('load.progress', ({ run }) => merge(run));
