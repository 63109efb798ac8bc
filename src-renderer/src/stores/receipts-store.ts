/** The receipt tracker of each connection: pending, received (with latency), timed out, failed. */
import { create } from 'zustand';
import type { ReceiptView } from '../../../src-core/api';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export interface ReceiptsState {
  readonly byConnection: Record<string, ReceiptView[]>;
  readonly errors: Record<string, UiError | undefined>;
  load(connectionId: string): Promise<void>;
  /** A receipts.changed event: reload, at most a few times a second. */
  changed(connectionId: string): void;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();

export const useReceipts = create<ReceiptsState>()((set, get) => ({
  byConnection: {},
  errors: {},
  async load(connectionId) {
    try {
      const { receipts } = await request('receipts.list', { connectionId });
      set({ byConnection: { ...get().byConnection, [connectionId]: receipts }, errors: { ...get().errors, [connectionId]: undefined } });
    } catch (error) {
      set({ errors: { ...get().errors, [connectionId]: toUiError(error) } });
    }
  },
  changed(connectionId) {
    if (timers.has(connectionId)) return;
    timers.set(
      connectionId,
      setTimeout(() => {
        timers.delete(connectionId);
        void get().load(connectionId);
      }, 400),
    );
  },
}));
