/**
 * Sends and replays while they run and once they ended, per connection: progress from the host's
 * `send.progress` events, Cancel, and the outcome in words. Kept by connection id, so a result is
 * only ever shown for the connection it happened on.
 */
import { create } from 'zustand';
import type { EventPayload, SendOutcome } from '../../../src-core/api';
import { request } from '../api-client';
import { errorText } from '../lib/errors';
import { describeOutcome, type OutcomeWords } from '../lib/send-outcome';

export interface RunningSend {
  readonly operationId: string;
  readonly what: string;
  readonly total: number;
  readonly sent: number;
  readonly confirmed: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly cancelling: boolean;
}

/** Where the user acted: the composer shows its own results; a replay's shows beside the message. */
export type SendOrigin = 'composer' | 'replay';

export interface SendResultView extends OutcomeWords {
  readonly at: number;
  readonly origin: SendOrigin;
}

export interface SendsState {
  readonly running: Record<string, RunningSend | undefined>;
  readonly results: Record<string, SendResultView | undefined>;
  /**
   * Runs one send-like request under a fresh operation id (so it can be cancelled), and keeps its
   * outcome for the connection. Rejects only when the request itself failed (not connected...),
   * with the error also kept as the connection's result.
   */
  run(connectionId: string, what: string, call: (operationId: string) => Promise<SendOutcome>, options?: { transactionId?: string; origin?: SendOrigin }): Promise<SendOutcome>;
  progress(payload: EventPayload<'send.progress'>): void;
  cancel(connectionId: string): Promise<void>;
  clear(connectionId: string): void;
}

let nextOperation = 1;

export const useSends = create<SendsState>()((set, get) => ({
  running: {},
  results: {},
  async run(connectionId, what, call, { transactionId, origin = 'composer' } = {}) {
    const operationId = `ui-${Date.now().toString(36)}-${nextOperation++}`;
    set({
      running: { ...get().running, [connectionId]: { operationId, what, total: 0, sent: 0, confirmed: 0, failed: 0, elapsedMs: 0, cancelling: false } },
      results: { ...get().results, [connectionId]: undefined },
    });
    try {
      const outcome = await call(operationId);
      set({ results: { ...get().results, [connectionId]: { ...describeOutcome(outcome, what, transactionId), at: Date.now(), origin } } });
      return outcome;
    } catch (error) {
      set({ results: { ...get().results, [connectionId]: { tone: 'bad', text: `Not sent ${what}: ${errorText(error)}`, at: Date.now(), origin } } });
      throw error;
    } finally {
      const running = get().running[connectionId];
      if (running?.operationId === operationId) set({ running: { ...get().running, [connectionId]: undefined } });
    }
  },
  progress(p) {
    const running = get().running[p.connectionId];
    if (!running || running.operationId !== p.operationId) return;
    set({ running: { ...get().running, [p.connectionId]: { ...running, total: p.total, sent: p.sent, confirmed: p.confirmed, failed: p.failed, elapsedMs: p.elapsedMs } } });
  },
  async cancel(connectionId) {
    const running = get().running[connectionId];
    if (!running) return;
    set({ running: { ...get().running, [connectionId]: { ...running, cancelling: true } } });
    await request('messages.cancel', { operationId: running.operationId });
  },
  clear(connectionId) {
    set({ results: { ...get().results, [connectionId]: undefined } });
  },
}));
