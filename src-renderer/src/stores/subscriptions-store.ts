/** Subscribing and unsubscribing, the capture each connection tab shows, and rate history for sparklines. */
import { create } from 'zustand';
import type { ConnectionView, MethodParams, SubscriptionView } from '../../../src-core/api';
import { request } from '../api-client';

const RATE_POINTS = 30;

export interface SubscriptionsState {
  /** The capture (subscription) each connection tab shows in its message list. */
  readonly selected: Record<string, string>;
  /** Recent rates per subscription (by capture id), oldest first. */
  readonly rates: Record<string, number[]>;
  /** Destinations seen per connection, for completion. */
  readonly seenDestinations: string[];
  select(connectionId: string, captureId: string): void;
  add(input: MethodParams<'subscriptions.add'>): Promise<SubscriptionView>;
  remove(connectionId: string, subscriptionId: string): Promise<void>;
  noteConnection(view: ConnectionView): void;
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
    get().noteDestination(subscription.destination);
    set({ selected: { ...get().selected, [input.connectionId]: subscription.captureId } });
    return subscription;
  },
  async remove(connectionId, subscriptionId) {
    await request('subscriptions.remove', { connectionId, subscriptionId });
  },
  noteConnection(view) {
    const rates = { ...get().rates };
    for (const s of view.subscriptions) {
      const list = rates[s.captureId] ?? [];
      rates[s.captureId] = [...list.slice(-(RATE_POINTS - 1)), s.rate];
      get().noteDestination(s.destination);
    }
    const selected = get().selected;
    const current = selected[view.id];
    // Keep a tab showing something: its first subscription when nothing (or a removed one) is chosen.
    const stillThere = current && view.subscriptions.some((s) => s.captureId === current);
    if (!stillThere && view.subscriptions.length) set({ rates, selected: { ...selected, [view.id]: view.subscriptions[0].captureId } });
    else set({ rates });
  },
  noteDestination(destination) {
    const seen = get().seenDestinations;
    if (!seen.includes(destination)) set({ seenDestinations: [...seen.slice(-199), destination] });
  },
}));
