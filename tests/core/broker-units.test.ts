import fc from 'fast-check';
import { describe as group, expect, it, vi } from 'vitest';
import { parseDestination } from '../../src-core/broker/destination';
import { mergeFaults } from '../../src-core/broker/faults';
import { Fifo } from '../../src-core/broker/fifo';
import type { StoredMessage } from '../../src-core/broker/message';
import { MessageQueue, type Consumer } from '../../src-core/broker/message-queue';
import { negotiateHeartBeat, negotiateVersion, parseHeartBeat } from '../../src-core/broker/negotiate';
import { ReceiptScheduler } from '../../src-core/broker/receipt-scheduler';

function message(n: number): StoredMessage {
  return { messageId: `m${n}`, destination: '/queue/q', headers: [], body: new Uint8Array(0), redelivered: false };
}

group('sandbox broker units', () => {
  it('Fifo keeps order through pushes, shifts and put-backs (model check)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('shift' as const), fc.integer({ min: 0, max: 5 }).map((n) => ({ back: n })), fc.nat(1000))), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const op of ops) {
          if (op === 'shift') expect(fifo.shift()).toBe(model.shift());
          else if (typeof op === 'number') {
            fifo.push(op);
            model.push(op);
          } else {
            const items = Array.from({ length: op.back }, (_, i) => -i - 1);
            fifo.unshiftAll(items);
            model.unshift(...items);
          }
          expect(fifo.length).toBe(model.length);
        }
        expect(fifo.toArray()).toEqual(model);
      }),
    );
  });

  it('Fifo stays correct across its compaction', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 5000; i++) fifo.push(i);
    for (let i = 0; i < 3000; i++) expect(fifo.shift()).toBe(i);
    fifo.unshiftAll([-2, -1]);
    expect(fifo.toArray().slice(0, 3)).toEqual([-2, -1, 3000]);
    expect(fifo.length).toBe(2002);
  });

  it('MessageQueue delivers every message exactly once, in order per consumer, whatever the capacities', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 30 }), (limits, count) => {
        const queue = new MessageQueue('/queue/q');
        const got: string[][] = limits.map(() => []);
        const consumers: Consumer[] = limits.map((limit, i) => ({
          inFlight: 0,
          canTake: () => got[i].length < limit,
          take: (m) => void got[i].push(m.messageId),
        }));
        for (const consumer of consumers) queue.addConsumer(consumer);
        for (let n = 0; n < count; n++) queue.enqueue(message(n));
        const delivered = got.flat();
        expect(new Set(delivered).size).toBe(delivered.length);
        expect(delivered.length + queue.depth).toBe(count);
        for (const list of got) expect(list).toEqual([...list].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
        expect(queue.snapshot().map((m) => m.messageId)).toEqual(Array.from({ length: count }, (_, n) => `m${n}`).filter((id) => !delivered.includes(id)));
      }),
    );
  });

  it('MessageQueue round-robins and puts requeued messages first', () => {
    const queue = new MessageQueue('/queue/q');
    const got: string[] = [];
    let open = false;
    const consumer = (name: string): Consumer => ({ inFlight: 0, canTake: () => open, take: (m) => void got.push(`${name}:${m.messageId}`) });
    queue.addConsumer(consumer('a'));
    queue.addConsumer(consumer('b'));
    for (let n = 0; n < 3; n++) queue.enqueue(message(n));
    queue.requeue([message(9)]);
    open = true;
    queue.dispatch();
    expect(got).toEqual(['a:m9', 'b:m0', 'a:m1', 'b:m2']);
  });

  it('negotiates versions from accept-version', () => {
    expect(negotiateVersion(undefined)).toBe('1.0');
    expect(negotiateVersion('1.0,1.1,1.2')).toBe('1.2');
    expect(negotiateVersion('1.1,1.0')).toBe('1.1');
    expect(negotiateVersion('')).toBeUndefined();
    expect(negotiateVersion('1.3')).toBeUndefined();
  });

  it('negotiates heart-beats by the spec formula', () => {
    expect(negotiateHeartBeat([100, 200], [300, 50])).toEqual({ send: 300, receive: 100 });
    expect(negotiateHeartBeat([0, 200], [300, 50])).toEqual({ send: 300, receive: 0 });
    expect(negotiateHeartBeat([100, 0], [300, 0])).toEqual({ send: 0, receive: 0 });
    expect(parseHeartBeat(undefined)).toEqual([0, 0]);
    expect(parseHeartBeat(' 10 , 20 ')).toEqual([10, 20]);
    expect(parseHeartBeat('10')).toBeUndefined();
    expect(parseHeartBeat('-1,2')).toBeUndefined();
  });

  it('parses destinations', () => {
    expect(parseDestination('/queue/a')).toEqual({ kind: 'queue', name: '/queue/a' });
    expect(parseDestination('/topic/a.b')).toEqual({ kind: 'topic', name: '/topic/a.b' });
    expect(parseDestination('/queue/')).toBeUndefined();
    expect(parseDestination('/queues/a')).toBeUndefined();
  });

  it('merges fault switches, undefined turning one off', () => {
    const faults = mergeFaults({ dropAfterFrames: 3, delayReceiptsMs: 10 }, { dropAfterFrames: undefined, rejectConnect: 'no' });
    expect(faults).toEqual({ delayReceiptsMs: 10, rejectConnect: 'no' });
  });

  it('ReceiptScheduler keeps order when the delay shrinks, and runs at once when idle', () => {
    vi.useFakeTimers();
    try {
      let delay = 100;
      const scheduler = new ReceiptScheduler(() => delay);
      const ran: string[] = [];
      scheduler.schedule(() => ran.push('slow'));
      delay = 0;
      scheduler.schedule(() => ran.push('fast'));
      scheduler.afterPending(() => ran.push('close'));
      expect(ran).toEqual([]);
      vi.advanceTimersByTime(99);
      expect(ran).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(ran).toEqual(['slow', 'fast', 'close']);
      scheduler.schedule(() => ran.push('now'));
      expect(ran.at(-1)).toBe('now');
      delay = 50;
      scheduler.schedule(() => ran.push('never'));
      scheduler.stop();
      vi.advanceTimersByTime(100);
      expect(ran.at(-1)).toBe('now');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
