/** Open transactions per connection, and the one the composer and acks use, if any. */
import { create } from 'zustand';
import type { TransactionView } from '../../../src-core/api';
import { request } from '../api-client';
import { toUiError, type UiError } from '../lib/errors';

export interface TransactionsState {
  readonly byConnection: Record<string, TransactionView[]>;
  /** The transaction new sends and acks join, per connection. */
  readonly current: Record<string, string | undefined>;
  readonly errors: Record<string, UiError | undefined>;
  load(connectionId: string): Promise<void>;
  begin(connectionId: string): Promise<string>;
  commit(connectionId: string, transactionId: string): Promise<void>;
  abort(connectionId: string, transactionId: string): Promise<void>;
  use(connectionId: string, transactionId: string | undefined): void;
}

export const useTransactions = create<TransactionsState>()((set, get) => ({
  byConnection: {},
  current: {},
  errors: {},
  async load(connectionId) {
    try {
      const { transactions } = await request('transactions.list', { connectionId });
      const current = get().current[connectionId];
      set({
        byConnection: { ...get().byConnection, [connectionId]: transactions },
        errors: { ...get().errors, [connectionId]: undefined },
        // A transaction lost in a reconnect is no longer one to join.
        current: current && !transactions.some((t) => t.id === current) ? { ...get().current, [connectionId]: undefined } : get().current,
      });
    } catch (error) {
      set({ errors: { ...get().errors, [connectionId]: toUiError(error) } });
    }
  },
  async begin(connectionId) {
    const { transactionId } = await request('transactions.begin', { connectionId });
    set({ current: { ...get().current, [connectionId]: transactionId } });
    await get().load(connectionId);
    return transactionId;
  },
  async commit(connectionId, transactionId) {
    await request('transactions.commit', { connectionId, transactionId });
    await get().load(connectionId);
  },
  async abort(connectionId, transactionId) {
    await request('transactions.abort', { connectionId, transactionId });
    await get().load(connectionId);
  },
  use(connectionId, transactionId) {
    set({ current: { ...get().current, [connectionId]: transactionId } });
  },
}));
