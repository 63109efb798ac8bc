/**
 * The renderer's pure parts of the two views: the destination tree (seen, subscribed and broker
 * destinations merged, grouped by kind, the connection's own first) and the statistics store's
 * series merge (by second, within the window) and window sums (the chart's caption).
 */
import { describe, expect, it, vi } from 'vitest';
import type { BrokerDestination, StatsPoint, StatsRow, SubscriptionView } from '../../src-core/api';
import { buildTree, groupOf } from '../../src-renderer/src/features/destinations/destination-tree';

// The store's pure helpers, without the bridge it talks through.
vi.mock('../../src-renderer/src/api-client', () => ({ on: () => () => undefined, request: async () => ({}) }));
const { merge, pointTotals } = await import('../../src-renderer/src/stores/stats-store');

const row = (destination: string, extra: Partial<StatsRow> = {}): StatsRow => ({
  destination,
  messagesIn: 0,
  messagesOut: 1,
  bytesIn: 0,
  bytesOut: 1,
  acks: 0,
  nacks: 0,
  redeliveries: 0,
  receipts: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 },
  rateIn: 0,
  rateOut: 0,
  subscribed: false,
  ...extra,
});
const sub = (destination: string, browse = false) => ({ id: `s-${destination}`, destination, browse, captureId: `cap-${destination}` }) as SubscriptionView;
const broker = (destination: string, depth: number): BrokerDestination => ({ destination, kind: destination.startsWith('/topic/') ? 'topic' : 'queue', brokerName: destination, depth });

describe('the destination tree', () => {
  it('groups by kind in a fixed order, the connection’s own destinations before the broker’s others, names sorted', () => {
    const groups = buildTree({
      seen: [row('/queue/b'), row('/topic/prices'), row('/exchange/amq.fanout/x'), row('weird'), row('', { overflow: true })],
      subscriptions: [sub('/queue/z'), sub('/temp-queue/replies')],
      broker: [broker('/queue/a', 3), broker('/queue/b', 7), broker('/amq/queue/legacy', 1)],
      filter: '',
    });
    expect(groups.map((g) => g.kind.prefix)).toEqual(['/queue/', '/topic/', '/exchange/', '/amq/queue/', '/temp-queue/', '']);
    expect(groups[0].entries.map((e) => e.destination)).toEqual(['/queue/b', '/queue/z', '/queue/a']);
    expect(groups[0].entries[0]).toMatchObject({ seen: expect.objectContaining({ messagesOut: 1 }), broker: expect.objectContaining({ depth: 7 }) });
    expect(groups[0].entries[1].subscriptions).toHaveLength(1);
    expect(groups[0].entries[2].seen).toBeUndefined();
    // The overflow row is no destination of its own.
    expect(groups.at(-1)!.entries.map((e) => e.destination)).toEqual(['weird']);
  });

  it('filters by any part of the name, case-insensitively', () => {
    const groups = buildTree({ seen: [row('/queue/Orders.EU'), row('/queue/prices')], subscriptions: [], broker: [broker('/topic/orders', 0)], filter: 'orders' });
    expect(groups.flatMap((g) => g.entries.map((e) => e.destination))).toEqual(['/queue/Orders.EU', '/topic/orders']);
  });

  it('knows the kinds STOMP brokers spell', () => {
    expect(groupOf('/amq/queue/x').label).toBe('Existing queues (RabbitMQ)');
    expect(groupOf('/queue/x').queue).toBe(true);
    expect(groupOf('/temp-topic/x').label).toBe('Temporary topics');
    expect(groupOf('jms.queue.x').label).toBe('Other destinations');
  });
});

describe('statistics series in the store', () => {
  it('merges by second (the newer answer wins a second both have) and drops what left the window', () => {
    const at = 1_000_000 * 1000;
    const old: StatsPoint[] = [
      [999_500, 1, 0, 10, 0],
      [999_990, 2, 0, 20, 0],
    ];
    const added: StatsPoint[] = [
      [999_990, 3, 0, 30, 0],
      [999_995, 0, 4, 0, 40],
    ];
    expect(merge(old, added, at)).toEqual([
      [999_990, 3, 0, 30, 0],
      [999_995, 0, 4, 0, 40],
    ]);
    expect(pointTotals(merge(old, added, at))).toEqual({ in: 3, out: 4, bytesIn: 30, bytesOut: 40 });
  });
});
