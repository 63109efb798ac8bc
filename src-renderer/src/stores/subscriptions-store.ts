/** Subscribing and unsubscribing, the capture each connection tab shows, and rate history for sparklines. */
import { create } from 'zustand';
import type { CaptureView, ConnectionView, MethodParams, SubscriptionView } from '../../../src-core/api';
import { request } from '../api-client';
import { useConnections } from './connections-store';

const RATE_POINTS = 30;
const lastCounts = new Map<string, { count: number; at: number }>();

export interface SubscriptionsState {
  /** The capture (subscription) each connection tab shows in its message list. */
  readonly selected: Record<string, string>;
  /** Recent rates per subscription (by capture id, messages a second, sampled locally), oldest first. */
  readonly rates: Record<string, number[]>;
  /** Destinations seen per connection, for completion. */
  readonly seenDestinations: string[];
  select(connectionId: string, captureId: string): void;
  add(input: MethodParams<'subscriptions.add'>): Promise<SubscriptionView>;
  remove(connectionId: string, subscriptionId: string): Promise<void>;
  /** Pauses (UNSUBSCRIBE, keeping its place) or resumes (the same SUBSCRIBE) a subscription. */
  setPaused(connectionId: string, subscriptionId: string, paused: boolean): Promise<void>;
  noteConnection(view: ConnectionView): void;
  /** Samples capture counts once a second into per-subscription rates. */
  sample(captures: readonly CaptureView[]): void;
  noteDestination(destination: string): void;
}

export const useSubscriptions = create<SubscriptionsState>()((set, get) => ({
  selected: {},
  rates: {},
  seenDestinations: [],
  select(connectionId, captureId) {
    set({ selected: { ...get().selected, [connectionId]: captureId } });
  },
  async add(input) {
    const { subscription } = await request('subscriptions.add', input);
    // The connection's view may not be re-sent for a new subscription: merge it in now.
    const connections = useConnections.getState();
    const view = connections.byId[input.connectionId];
    if (view && !view.subscriptions.some((s) => s.id === subscription.id)) {
      connections.upsert({ ...view, subscriptions: [...view.subscriptions, subscription] });
    }
    get().noteDestination(subscription.destination);
    set({ selected: { ...get().selected, [input.connectionId]: subscription.captureId } });
    return subscription;
  },
  async remove(connectionId, subscriptionId) {
    await request('subscriptions.remove', { connectionId, subscriptionId });
    const connections = useConnections.getState();
    const view = connections.byId[connectionId];
    if (view) connections.upsert({ ...view, subscriptions: view.subscriptions.filter((s) => s.id !== subscriptionId) });
  },
  async setPaused(connectionId, subscriptionId, paused) {
    const { subscription } = await request(paused ? 'subscriptions.pause' : 'subscriptions.resume', { connectionId, subscriptionId });
    const connections = useConnections.getState();
    const view = connections.byId[connectionId];
    if (view) connections.upsert({ ...view, subscriptions: view.subscriptions.map((s) => (s.id === subscription.id ? subscription : s)) });
  },
  noteConnection(view) {
    for (const s of view.subscriptions) get().noteDestination(s.destination);
    const selected = get().selected;
    const current = selected[view.id];
    // Keep a tab showing something: its first subscription when nothing (or a removed one) is chosen.
    const stillThere = current && view.subscriptions.some((s) => s.captureId === current);
    if (!stillThere && view.subscriptions.length) set({ selected: { ...selected, [view.id]: view.subscriptions[0].captureId } });
  },
  sample(captures) {
    const now = performance.now();
    const rates = { ...get().rates };
    for (const c of captures) {
      if (c.offline) continue;
      const last = lastCounts.get(c.id);
      lastCounts.set(c.id, { count: c.count, at: now });
      if (!last || now - last.at < 200) continue;
      const rate = Math.max(0, (c.count - last.count) / ((now - last.at) / 1000));
      rates[c.id] = [...(rates[c.id] ?? []).slice(-(RATE_POINTS - 1)), rate];
    }
    set({ rates });
  },
  noteDestination(destination) {
    const seen = get().seenDestinations;
    if (!seen.includes(destination)) set({ seenDestinations: [...seen.slice(-199), destination] });
  },
}));
