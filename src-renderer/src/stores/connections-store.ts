/** Open connections (live views from the host), the broker ERROR banners, and their actions. */
import { create } from 'zustand';
import type { ConnectionView } from '../../../src-core/api';
import { request } from '../api-client';
import { useWorkspace } from './workspace-store';

export interface BrokerErrorView {
  readonly connectionId: string;
  readonly message: string;
  readonly body: string;
  readonly at: number;
}

export interface ConnectionsState {
  readonly byId: Record<string, ConnectionView>;
  /** Tab order: oldest first. */
  readonly order: string[];
  /** When each connection's reconnect countdown started (local clock), for "next in 2.0 s". */
  readonly reconnectSeenAt: Record<string, number>;
  readonly brokerErrors: Record<string, BrokerErrorView[]>;
  /** Profiles whose open request is in flight, with the error of the last failed one. */
  readonly opening: Record<string, { pending: boolean; error?: string }>;
  /** The last failed action (Disconnect, Reconnect) of each connection: it belongs to that connection only. */
  readonly actionErrors: Record<string, string | undefined>;
  load(): Promise<void>;
  upsert(view: ConnectionView): void;
  removed(connectionId: string): void;
  open(profileId: string): Promise<ConnectionView>;
  close(connectionId: string): Promise<void>;
  reconnect(connectionId: string): Promise<void>;
  forget(connectionId: string): Promise<void>;
  brokerError(error: BrokerErrorView): void;
  dismissErrors(connectionId: string): void;
  setActionError(connectionId: string, text: string | undefined): void;
}

export const useConnections = create<ConnectionsState>()((set, get) => ({
  byId: {},
  order: [],
  reconnectSeenAt: {},
  brokerErrors: {},
  opening: {},
  actionErrors: {},
  async load() {
    const { connections } = await request('connections.list', {});
    for (const view of connections) get().upsert(view);
  },
  upsert(view) {
    const { byId, order, reconnectSeenAt } = get();
    const before = byId[view.id];
    const seen = { ...reconnectSeenAt };
    const reconnectChanged =
      view.reconnect && (!before?.reconnect || before.reconnect.attempt !== view.reconnect.attempt || before.reconnect.nextDelayMs !== view.reconnect.nextDelayMs);
    if (reconnectChanged) seen[view.id] = Date.now();
    set({ byId: { ...byId, [view.id]: view }, order: order.includes(view.id) ? order : [...order, view.id], reconnectSeenAt: seen });
  },
  removed(connectionId) {
    const { byId, order, brokerErrors, actionErrors, reconnectSeenAt } = get();
    const nextOrder = order.filter((id) => id !== connectionId);
    // Everything that belonged to the connection goes with it.
    set({ byId: without(byId, connectionId), order: nextOrder, brokerErrors: without(brokerErrors, connectionId), actionErrors: without(actionErrors, connectionId), reconnectSeenAt: without(reconnectSeenAt, connectionId) });
    const ws = useWorkspace.getState();
    if (ws.active?.kind === 'connection' && ws.active.id === connectionId) {
      ws.show(nextOrder.length ? { kind: 'connection', id: nextOrder[nextOrder.length - 1] } : undefined);
    }
  },
  async open(profileId) {
    // One connection per profile: show the open one instead of opening a second.
    const existing = Object.values(get().byId).find((c) => c.profileId === profileId);
    if (existing && existing.state !== 'failed' && existing.state !== 'disconnected') {
      useWorkspace.getState().show({ kind: 'connection', id: existing.id });
      return existing;
    }
    set({ opening: { ...get().opening, [profileId]: { pending: true } } });
    try {
      // The host answers at once, the connection `connecting`; its tab is selected now and shows
      // each attempt as it happens.
      const { connection } = existing
        ? await request('connections.reconnect', { connectionId: existing.id, wait: 'started' })
        : await request('connections.open', { profileId, wait: 'started' });
      get().upsert(connection);
      get().setActionError(connection.id, undefined);
      useWorkspace.getState().show({ kind: 'connection', id: connection.id });
      set({ opening: { ...get().opening, [profileId]: { pending: false } } });
      return connection;
    } catch (error) {
      set({ opening: { ...get().opening, [profileId]: { pending: false, error: (error as Error).message ?? String(error) } } });
      throw error;
    }
  },
  async close(connectionId) {
    await request('connections.close', { connectionId });
  },
  async reconnect(connectionId) {
    const { connection } = await request('connections.reconnect', { connectionId, wait: 'started' });
    get().upsert(connection);
  },
  async forget(connectionId) {
    await request('connections.forget', { connectionId });
    get().removed(connectionId);
  },
  brokerError(error) {
    const list = get().brokerErrors[error.connectionId] ?? [];
    set({ brokerErrors: { ...get().brokerErrors, [error.connectionId]: [...list.slice(-49), error] } });
  },
  dismissErrors(connectionId) {
    set({ brokerErrors: without(get().brokerErrors, connectionId) });
  },
  setActionError(connectionId, text) {
    if (get().actionErrors[connectionId] === text) return;
    set({ actionErrors: text === undefined ? without(get().actionErrors, connectionId) : { ...get().actionErrors, [connectionId]: text } });
  },
}));

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
