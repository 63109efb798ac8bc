/**
 * The statistics counters fed with wire events as the client emits them: per destination and in
 * total, acks and nacks put down to their destination, redeliveries, receipt latency, per-second
 * series, batches that carry each second once, bounded memory, reset.
 */
import { describe, expect, it } from 'vitest';
import { STATS_LIMITS } from '../../src-core/api';
import type { WireEntry } from '../../src-core/client/wire-entry';
import { createFrame } from '../../src-core/protocol/frame';
import { ConnectionStats, PENDING_LIMIT } from '../../src-main/host/stats/connection-stats';
import { LatencyHistogram } from '../../src-main/host/stats/latency-histogram';
import { Column, SecondSeries } from '../../src-main/host/stats/second-series';

const T0 = 1_800_000_000_000;

/** A fake clock for both the wall time (seconds, batches) and the monotonic one (receipt latency). */
function clocks() {
  const state = { now: T0, mono: 0 };
  return { state, now: () => state.now, mono: () => state.mono };
}

function frameEntry(direction: 'in' | 'out', command: string, headers: [string, string][], body = '', at = T0): WireEntry {
  const frame = createFrame(command, headers, body);
  return { direction, kind: 'frame', at, frame, size: 100 + frame.body.length };
}

const message = (destination: string, id: string, body: string, extra: [string, string][] = [], at = T0) =>
  frameEntry('in', 'MESSAGE', [['subscription', 'sub-1'], ['destination', destination], ['message-id', id], ['ack', `ack-${id}`], ...extra], body, at);

describe('ConnectionStats', () => {
  it('counts messages and bytes in and out per destination and in total, from the frames themselves', () => {
    const { now, mono } = clocks();
    const stats = new ConnectionStats('c1', now, mono);
    stats.count(frameEntry('out', 'SEND', [['destination', '/queue/a']], 'hello'));
    stats.count(frameEntry('out', 'SEND', [['destination', '/queue/b']], 'hi'));
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-1'], ['destination', '/queue/a'], ['ack', 'auto']]));
    stats.count(message('/queue/a', 'm1', 'hello'));
    stats.count({ direction: 'in', kind: 'heartbeat', at: T0 + 2000 });
    const snapshot = stats.snapshot();
    expect(snapshot.total).toMatchObject({ messagesIn: 1, messagesOut: 2, bytesIn: 5, bytesOut: 7, framesIn: 1, framesOut: 3, heartBeatsIn: 1, destinations: 2 });
    const a = snapshot.destinations.find((r) => r.destination === '/queue/a')!;
    const b = snapshot.destinations.find((r) => r.destination === '/queue/b')!;
    expect(a).toMatchObject({ messagesIn: 1, messagesOut: 1, bytesIn: 5, bytesOut: 5, subscribed: true, lastInAt: T0, lastOutAt: T0 });
    expect(b).toMatchObject({ messagesIn: 0, messagesOut: 1, bytesOut: 2, subscribed: false });
    expect(b.lastInAt).toBeUndefined();
  });

  it('puts ACKs and NACKs down to the destination of the message they settle, by ack id (1.2) or message-id (1.1)', () => {
    const stats = new ConnectionStats('c1');
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-1'], ['destination', '/queue/a'], ['ack', 'client-individual']]));
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-2'], ['destination', '/queue/b'], ['ack', 'client']]));
    stats.count(message('/queue/a', 'm1', 'x'));
    stats.count(message('/queue/a', 'm2', 'x', [['redelivered', 'true']]));
    stats.count(frameEntry('in', 'MESSAGE', [['subscription', 'sub-2'], ['destination', '/queue/b'], ['message-id', 'm3']], 'y'));
    stats.count(frameEntry('out', 'ACK', [['id', 'ack-m1']]));
    stats.count(frameEntry('out', 'NACK', [['id', 'ack-m2']]));
    stats.count(frameEntry('out', 'ACK', [['message-id', 'm3'], ['subscription', 'sub-2']]));
    // An ACK for something never seen still counts for the connection.
    stats.count(frameEntry('out', 'ACK', [['id', 'unknown']]));
    const { total, destinations } = stats.snapshot();
    expect(total).toMatchObject({ acks: 3, nacks: 1, redeliveries: 1 });
    expect(destinations.find((r) => r.destination === '/queue/a')).toMatchObject({ acks: 1, nacks: 1, redeliveries: 1 });
    expect(destinations.find((r) => r.destination === '/queue/b')).toMatchObject({ acks: 1, nacks: 0 });
  });

  it('counts an EOL right behind an incoming frame as its padding, not as a heart-beat (RabbitMQ ends every frame with one)', () => {
    const stats = new ConnectionStats('c1');
    stats.count(message('/queue/a', 'm1', 'x', [], T0 + 5));
    stats.count({ direction: 'in', kind: 'heartbeat', at: T0 + 5 });
    stats.count({ direction: 'in', kind: 'heartbeat', at: T0 + 5 });
    stats.count({ direction: 'in', kind: 'heartbeat', at: T0 + 900 });
    stats.count({ direction: 'out', kind: 'heartbeat', at: T0 + 900 });
    const { total } = stats.snapshot();
    expect(total).toMatchObject({ heartBeatsIn: 2, heartBeatsOut: 1, framesIn: 1 });
    expect(total.wireBytesIn).toBe(100 + 1 + 3);
  });

  it('counts as padding an EOL that comes in the next read a few ms behind its frame, and a later one as a beat', () => {
    const stats = new ConnectionStats('c1');
    stats.count(message('/queue/a', 'm1', 'x', [], T0 + 10));
    stats.count({ direction: 'in', kind: 'heartbeat', at: T0 + 12 });
    stats.count(message('/queue/a', 'm2', 'x', [], T0 + 20));
    stats.count({ direction: 'in', kind: 'heartbeat', at: T0 + 60 });
    expect(stats.snapshot().total).toMatchObject({ heartBeatsIn: 1, framesIn: 2 });
  });

  it("does not count ActiveMQ's end-of-browse marker as a message", () => {
    const stats = new ConnectionStats('c1');
    stats.count(message('/queue/a', 'm1', 'x'));
    stats.count(message('/queue/a', 'end', '', [['browser', 'end']]));
    expect(stats.snapshot().total).toMatchObject({ messagesIn: 1, framesIn: 2 });
  });

  it('the first redelivered header counts, as the spec reads repeated headers', () => {
    const stats = new ConnectionStats('c1');
    stats.count(message('/queue/a', 'm1', 'x', [['redelivered', 'false'], ['redelivered', 'true']]));
    expect(stats.snapshot().total.redeliveries).toBe(0);
  });

  it('measures receipt latency from the frame written to its RECEIPT, per destination; an ERROR answering it is no latency', () => {
    const { state, now, mono } = clocks();
    const stats = new ConnectionStats('c1', now, mono);
    for (let i = 0; i < 100; i++) {
      state.mono = i * 100;
      stats.count(frameEntry('out', 'SEND', [['destination', '/queue/a'], ['receipt', `r${i}`]], 'x'));
      state.mono = i * 100 + (i + 1); // latencies 1..100 ms
      stats.count(frameEntry('in', 'RECEIPT', [['receipt-id', `r${i}`]]));
    }
    stats.count(frameEntry('out', 'SEND', [['destination', '/queue/a'], ['receipt', 'bad']], 'x'));
    stats.count(frameEntry('in', 'ERROR', [['receipt-id', 'bad'], ['message', 'no']]));
    const { total, destinations } = stats.snapshot();
    expect(total.errors).toBe(1);
    expect(total.receipts.count).toBe(100);
    expect(total.receipts.max).toBe(100);
    expect(total.receipts.p50).toBeGreaterThan(50 * 0.95);
    expect(total.receipts.p50).toBeLessThan(50 * 1.05);
    expect(total.receipts.p99).toBeGreaterThan(99 * 0.95);
    expect(destinations[0].receipts).toEqual(total.receipts);
  });

  it('sends each full second once, rows only when they changed, and a rate until it has fallen to zero', () => {
    const { state, now } = clocks();
    const stats = new ConnectionStats('c1', now);
    state.now = T0 + 100;
    for (let i = 0; i < 10; i++) stats.count(frameEntry('out', 'SEND', [['destination', '/queue/a']], 'abc', T0 + 100));
    const first = stats.delta()!;
    expect(first.total.messagesOut).toBe(10);
    // The current second is still filling: no point for it yet.
    expect(first.points).toEqual([]);
    expect(first.destinations.map((d) => d.destination)).toEqual(['/queue/a']);

    state.now = T0 + 1500;
    const second = stats.delta()!;
    const s0 = Math.floor(T0 / 1000);
    expect(second.points).toEqual([[s0, 0, 10, 0, 30]]);
    expect(second.destinations[0].points).toEqual([[s0, 0, 10, 0, 30]]);
    expect(second.destinations[0].rateOut).toBe(2); // 10 messages over the 5 s window

    // The rate stays above zero while the second is in the 5 s window, then one batch says 0, then silence.
    let quietBatches = 0;
    for (let s = 2; s <= 8; s++) {
      state.now = T0 + s * 1000 + 500;
      const delta = stats.delta();
      if (delta) {
        expect(delta.points).toEqual([]);
        quietBatches++;
      }
    }
    expect(quietBatches).toBe(5);
    expect(stats.delta()).toBeUndefined();
  });

  it('past the destination limit, the rest share one overflow row; memory stays bounded', () => {
    const stats = new ConnectionStats('c1');
    for (let i = 0; i < STATS_LIMITS.destinations + 50; i++) stats.count(frameEntry('out', 'SEND', [['destination', `/queue/d${i}`]], 'x'));
    const { total, destinations } = stats.snapshot();
    expect(total.destinations).toBe(STATS_LIMITS.destinations);
    expect(destinations).toHaveLength(STATS_LIMITS.destinations + 1);
    expect(destinations.at(-1)).toMatchObject({ overflow: true, messagesOut: 50 });
    expect(total.messagesOut).toBe(STATS_LIMITS.destinations + 50);
  });

  it('remembers at most PENDING_LIMIT unsettled messages and awaited receipts', () => {
    const stats = new ConnectionStats('c1');
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-1'], ['destination', '/queue/a'], ['ack', 'client-individual']]));
    for (let i = 0; i < PENDING_LIMIT + 10; i++) stats.count(message('/queue/a', `m${i}`, ''));
    for (let i = 0; i < PENDING_LIMIT + 10; i++) stats.count(frameEntry('out', 'SEND', [['destination', '/queue/a'], ['receipt', `r${i}`]], ''));
    const inner = stats as unknown as { unsettled: Map<string, unknown>; receipts: Map<string, unknown> };
    expect(inner.unsettled.size).toBe(PENDING_LIMIT);
    expect(inner.receipts.size).toBe(PENDING_LIMIT);
    // The oldest went first: the newest can still be settled against its destination.
    stats.count(frameEntry('out', 'ACK', [['id', `ack-m${PENDING_LIMIT + 9}`]]));
    stats.count(frameEntry('out', 'ACK', [['id', 'ack-m0']]));
    expect(stats.snapshot().destinations[0].acks).toBe(1);
    stats.connectionLost();
    expect(inner.unsettled.size).toBe(0);
    expect(inner.receipts.size).toBe(0);
  });

  it('reset zeroes everything and keeps the destinations still subscribed', () => {
    const stats = new ConnectionStats('c1');
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-1'], ['destination', '/queue/a'], ['ack', 'auto']]));
    stats.count(frameEntry('out', 'SEND', [['destination', '/queue/b']], 'x'));
    stats.count(message('/queue/a', 'm1', 'x'));
    stats.reset();
    const { total, destinations } = stats.snapshot();
    expect(total).toMatchObject({ messagesIn: 0, messagesOut: 0, framesIn: 0, framesOut: 0 });
    expect(destinations).toEqual([expect.objectContaining({ destination: '/queue/a', subscribed: true, messagesIn: 0 })]);
    stats.count(message('/queue/a', 'm2', 'x'));
    expect(stats.snapshot().destinations[0].messagesIn).toBe(1);
    stats.count(frameEntry('out', 'UNSUBSCRIBE', [['id', 'sub-1']]));
    expect(stats.snapshot().destinations[0].subscribed).toBe(false);
  });
});

describe('SecondSeries', () => {
  it('keeps the window, clears seconds it skipped, ignores seconds older than the window', () => {
    const series = new SecondSeries(10);
    series.add(100, Column.MessagesIn, 5);
    series.add(100, Column.MessagesOut, 7);
    series.add(103, Column.MessagesIn, 1);
    expect(series.points()).toEqual([
      [100, 1, 1, 5, 7],
      [103, 1, 0, 1, 0],
    ]);
    // 115: 100 and 103 have left the 10 s window; their slots were reused and cleared.
    series.add(115, Column.MessagesIn, 2);
    expect(series.points()).toEqual([[115, 1, 0, 2, 0]]);
    series.add(104, Column.MessagesIn, 1); // older than the window: dropped
    series.add(110, Column.MessagesOut, 3); // a step back inside the window: counted where it belongs
    expect(series.points()).toEqual([
      [110, 0, 1, 0, 3],
      [115, 1, 0, 2, 0],
    ]);
    expect(series.points(110, 116)).toEqual([[115, 1, 0, 2, 0]]);
    expect(series.sum(Column.MessagesIn, 116, 5)).toBe(1);
    expect(series.sum(Column.MessagesIn, 115, 5)).toBe(0);
  });
});

describe('LatencyHistogram', () => {
  it('answers percentiles within 5 % of the exact ones over six decades', () => {
    const histogram = new LatencyHistogram();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const ms = 0.05 * 10 ** ((seed / 2 ** 31) * 6);
      values.push(ms);
      histogram.record(ms);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99]) {
      const exact = values[Math.ceil(q * values.length) - 1];
      expect(Math.abs(histogram.quantile(q) - exact) / exact, `p${q * 100}`).toBeLessThan(0.05);
    }
    expect(histogram.summary().max).toBe(values.at(-1));
    histogram.record(Number.NaN);
    histogram.record(-1);
    expect(histogram.count).toBe(20_000);
  });
  it('follows a subscription id that is reused for another destination, and a reset, though it remembers the last lookups', () => {
    const stats = new ConnectionStats('c1');
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-1'], ['destination', '/queue/a'], ['ack', 'client-individual']]));
    // No destination header: the subscription says where it came from.
    stats.count(frameEntry('in', 'MESSAGE', [['subscription', 'sub-1'], ['message-id', 'm1'], ['ack', 'k1']], 'x'));
    stats.count(frameEntry('out', 'UNSUBSCRIBE', [['id', 'sub-1']]));
    stats.count(frameEntry('out', 'SUBSCRIBE', [['id', 'sub-1'], ['destination', '/queue/b'], ['ack', 'auto']]));
    stats.count(frameEntry('in', 'MESSAGE', [['subscription', 'sub-1'], ['message-id', 'm2']], 'yy'));
    stats.count(message('/queue/b', 'm3', 'zzz'));
    let rows = stats.snapshot().destinations;
    expect(rows.find((r) => r.destination === '/queue/a')).toMatchObject({ messagesIn: 1, bytesIn: 1, subscribed: false });
    expect(rows.find((r) => r.destination === '/queue/b')).toMatchObject({ messagesIn: 2, bytesIn: 5, subscribed: true });

    stats.reset();
    stats.count(message('/queue/b', 'm4', 'four'));
    stats.count(frameEntry('in', 'MESSAGE', [['subscription', 'sub-1'], ['message-id', 'm5']], 'five!'));
    rows = stats.snapshot().destinations;
    expect(rows.find((r) => r.destination === '/queue/b')).toMatchObject({ messagesIn: 2, bytesIn: 9, subscribed: true });
    expect(stats.snapshot().total).toMatchObject({ messagesIn: 2, bytesIn: 9 });
  });
});
