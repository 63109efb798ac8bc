/** The wire-log watch lease: on while renewed, off once its time passes, and no lease kept long after it lapsed. */
import { describe, expect, it } from 'vitest';
import { WireWatches } from '../../src-main/host/connections/wire-watches';

describe('WireWatches', () => {
  it('watches a connection for one lease, renewed by asking again', () => {
    let now = 1_000;
    const watches = new WireWatches(15_000, () => now);
    expect(watches.isWatched('c1')).toBe(false);
    expect(watches.watch('c1')).toBe(15_000);
    now += 14_999;
    expect(watches.isWatched('c1')).toBe(true);
    expect(watches.isWatched('c2')).toBe(false);
    watches.watch('c1');
    now += 14_999;
    expect(watches.isWatched('c1')).toBe(true);
    now += 1;
    expect(watches.isWatched('c1')).toBe(false);
  });

  it('lets lapsed leases of other connections go when any view asks (closed ones are never asked about)', () => {
    let now = 0;
    const watches = new WireWatches(100, () => now);
    watches.watch('gone');
    watches.watch('closed');
    now = 500;
    watches.watch('c1');
    expect((watches as unknown as { until: Map<string, number> }).until.size).toBe(1);
  });
});
