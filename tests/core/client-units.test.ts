// Unit tests of the client's pieces, without I/O: the heart-beat monitor and the receipt tracker
// (on fake timers), the raw-frame recorder (alone and behind a StompConnection over an in-memory
// transport, cut into random chunks), the subscription dispatcher (ack after success, the failure
// policy, client-mode ordering, pause, settled) and the cancellable sleep.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancellableSleep } from '../../src-core/client/cancellable-sleep';
import { HeartBeatMonitor } from '../../src-core/client/heart-beat-monitor';
import { RawFrameRecorder } from '../../src-core/client/raw-frame-recorder';
import { ReceiptTimeoutError, ReceiptTracker } from '../../src-core/client/receipt-tracker';
import { StompConnection, type ConnectionEvents } from '../../src-core/client/stomp-connection';
import { StompMessage } from '../../src-core/client/stomp-message';
import { SubscriptionDispatcher, type DispatchActions } from '../../src-core/client/subscription-dispatcher';
import type { SubscribeOptions } from '../../src-core/client/subscription-types';
import type { Transport, TransportEvents } from '../../src-core/client/transport';
import { createFrame, type ParsedFrame } from '../../src-core/protocol/frame';
import { serializeFrame } from '../../src-core/protocol/serializer';
import type { AckMode } from '../../src-core/protocol/spec';

describe('HeartBeatMonitor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function monitor(sendEvery: number, expectEvery: number, tolerance = 2) {
    const beats: number[] = [];
    const deaths: number[] = [];
    const m = new HeartBeatMonitor({
      sendEvery,
      expectEvery,
      tolerance,
      sendBeat: () => beats.push(Date.now()),
      onDead: (silent) => deaths.push(silent),
      now: () => Date.now(),
    });
    m.start();
    return { m, beats, deaths };
  }

  it('on an idle connection, beats often enough that no gap reaches one period', () => {
    const { m, beats } = monitor(1_000, 0);
    const t0 = Date.now();
    vi.advanceTimersByTime(10_000);
    m.stop();
    expect(beats.length).toBeGreaterThanOrEqual(10);
    const gaps = [beats[0] - t0, ...beats.slice(1).map((b, i) => b - beats[i])];
    expect(Math.max(...gaps)).toBeLessThan(1_000);
  });

  it('whatever the pattern of writes, our side is never silent for a whole period', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 2_500 }), { minLength: 1, maxLength: 30 }), (pauses) => {
        const { m, beats } = monitor(1_000, 0);
        const writes: number[] = [Date.now()];
        for (const pause of pauses) {
          vi.advanceTimersByTime(pause);
          m.noteWrite();
          writes.push(Date.now());
        }
        vi.advanceTimersByTime(3_000);
        m.stop();
        const all = [...writes, ...beats].sort((a, b) => a - b);
        const longest = Math.max(...all.slice(1).map((t, i) => t - all[i]));
        expect(longest).toBeLessThan(1_000);
      }),
      { numRuns: 50 },
    );
  });

  it('does not beat while frames go out', () => {
    const { m, beats } = monitor(1_000, 0);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(300);
      m.noteWrite();
    }
    m.stop();
    expect(beats).toEqual([]);
  });

  it('declares the peer dead once, after more than tolerance × its period of silence', () => {
    const { beats, deaths } = monitor(0, 1_000, 2);
    vi.advanceTimersByTime(2_000);
    expect(deaths).toEqual([]);
    vi.advanceTimersByTime(600);
    expect(deaths).toHaveLength(1);
    expect(deaths[0]).toBeGreaterThan(2_000);
    expect(deaths[0]).toBeLessThanOrEqual(2_500);
    vi.advanceTimersByTime(10_000);
    expect(deaths).toHaveLength(1); // stopped itself
    expect(beats).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('any byte read keeps the peer alive', () => {
    const { m, deaths } = monitor(0, 1_000, 2);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(1_900);
      m.noteRead();
    }
    m.stop();
    expect(deaths).toEqual([]);
  });

  it('with both periods 0 it starts no timer; stop() clears what start() set', () => {
    monitor(0, 0);
    expect(vi.getTimerCount()).toBe(0);
    const { m } = monitor(500, 500);
    expect(vi.getTimerCount()).toBe(2);
    m.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('ReceiptTracker', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves on its RECEIPT with the latency, and forgets it', async () => {
    let now = 100;
    const tracker = new ReceiptTracker(() => now);
    const pending = tracker.expect('r-1', 1_000, 'SEND to /queue/a');
    expect(tracker.size).toBe(1);
    now = 112.5;
    expect(tracker.receive('r-1')).toBe(true);
    await expect(pending).resolves.toEqual({ receiptId: 'r-1', latencyMs: 12.5 });
    expect(tracker.size).toBe(0);
    expect(tracker.receive('r-1')).toBe(false); // a second RECEIPT is nobody's
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects after the timeout with what it was for; a late RECEIPT is then ignored', async () => {
    const tracker = new ReceiptTracker();
    const pending = tracker.expect('r-2', 500, 'COMMIT tx-1');
    const outcome = pending.catch((e: unknown) => e);
    vi.advanceTimersByTime(499);
    expect(tracker.size).toBe(1);
    vi.advanceTimersByTime(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(ReceiptTimeoutError);
    expect(error).toMatchObject({ receiptId: 'r-2', timeoutMs: 500, purpose: 'COMMIT tx-1' });
    expect((error as Error).message).toBe('no RECEIPT for COMMIT tx-1 (receipt r-2) within 500 ms');
    expect(tracker.size).toBe(0);
    expect(tracker.receive('r-2')).toBe(false);
  });

  it('fail() rejects one with the given error; failAll() rejects every one and clears the timers', async () => {
    const tracker = new ReceiptTracker();
    const a = tracker.expect('a', 1_000, 'a').catch((e: unknown) => e);
    const b = tracker.expect('b', 1_000, 'b').catch((e: unknown) => e);
    const c = tracker.expect('c', 1_000, 'c').catch((e: unknown) => e);
    const broker = new Error('ERROR frame');
    expect(tracker.fail('a', broker)).toBe(true);
    expect(tracker.fail('zzz', broker)).toBe(false);
    const lost = new Error('connection lost');
    tracker.failAll(lost);
    expect(await a).toBe(broker);
    expect(await b).toBe(lost);
    expect(await c).toBe(lost);
    expect(tracker.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a timeout of 0 or Infinity waits for ever (no timer)', () => {
    const tracker = new ReceiptTracker();
    void tracker.expect('x', 0, 'x');
    void tracker.expect('y', Number.POSITIVE_INFINITY, 'y');
    expect(vi.getTimerCount()).toBe(0);
    tracker.receive('x');
    tracker.receive('y');
  });
});

describe('RawFrameRecorder', () => {
  const bytes = (...values: number[]) => Uint8Array.from(values);

  it('cuts a range out across chunks as a copy, and inside one chunk as a view of it (no allocation per frame)', () => {
    const r = new RawFrameRecorder();
    const first = bytes(0, 1, 2, 3);
    const third = bytes(6, 7, 8);
    r.push(first);
    r.push(bytes(4, 5));
    r.push(third);
    const across = r.extract(2, 5);
    expect([...across]).toEqual([2, 3, 4, 5, 6]);
    expect([...r.extract(0, 9)]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...r.extract(5, 0)]).toEqual([]);
    const inside = r.extract(7, 2);
    expect([...inside]).toEqual([7, 8]);
    expect(inside.buffer).toBe(third.buffer);
    first[2] = 99;
    expect([...across]).toEqual([2, 3, 4, 5, 6]);
    expect([...r.extract(1, 2)]).toEqual([1, 99]);
  });

  it('release() forgets whole chunks before the offset; those bytes can no longer be cut', () => {
    const r = new RawFrameRecorder();
    r.push(bytes(0, 1, 2, 3));
    r.push(bytes(4, 5));
    r.push(bytes(6, 7, 8));
    r.release(5); // chunk 0 ends at 4 ≤ 5; chunk 1 ends at 6 > 5: kept
    expect([...r.extract(4, 5)]).toEqual([4, 5, 6, 7, 8]);
    expect(() => r.extract(3, 2)).toThrow(RangeError);
    expect(() => r.extract(3, 2)).toThrow('bytes 3..5 are not recorded (have 4..9)');
    expect(() => r.extract(8, 2)).toThrow(RangeError);
    r.release(9);
    r.push(bytes(9));
    expect([...r.extract(9, 1)]).toEqual([9]);
  });

  it('for any chunking of a stream, every range it still holds reads back exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }), fc.nat(), fc.nat(), (stream, cuts, a, b) => {
        const r = new RawFrameRecorder();
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length];
          r.push(stream.subarray(at, at + size));
          at += size;
        }
        const from = a % stream.length;
        const size = b % (stream.length - from + 1);
        expect([...r.extract(from, size)]).toEqual([...stream.subarray(from, from + size)]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('StompConnection with keepRaw over an in-memory transport', () => {
  class MemoryTransport implements Transport {
    readonly description = 'memory://test';
    events: TransportEvents | null = null;
    written: Uint8Array[] = [];
    setListeners(events: TransportEvents): void {
      this.events = events;
    }
    write(bytes: Uint8Array): undefined {
      this.written.push(bytes);
      return undefined;
    }
    end(): void {
      this.events?.close();
    }
    destroy(error?: Error): void {
      this.events?.close(error);
    }
  }

  it('hands out each frame’s bytes exactly as they arrived, however the stream was cut', () => {
    const frames = [
      serializeFrame(createFrame('MESSAGE', [['subscription', 's'], ['message-id', '1'], ['destination', '/queue/a']], 'héllo'), '1.2'),
      serializeFrame(createFrame('MESSAGE', [['subscription', 's'], ['message-id', '2'], ['destination', '/queue/a'], ['x', 'a\\cb']], Uint8Array.of(0, 1, 0, 255)), '1.2'),
      serializeFrame(createFrame('RECEIPT', [['receipt-id', 'r-9']]), '1.2'),
    ];
    const stream = new Uint8Array(frames.reduce((n, f) => n + f.length + 1, 0));
    let at = 0;
    for (const f of frames) {
      stream.set(f, at);
      at += f.length;
      stream[at++] = 10; // a heart-beat between frames
    }
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1 }), (cuts) => {
        const transport = new MemoryTransport();
        const connection = new StompConnection(transport, { version: '1.2', keepRaw: true });
        const got: ConnectionEvents['frame'][] = [];
        connection.on('frame', (f) => got.push(f));
        let pos = 0;
        for (let i = 0; pos < stream.length; i++) {
          const size = cuts[i % cuts.length];
          // A fresh copy per chunk, as a socket gives.
          transport.events!.data(stream.slice(pos, pos + size));
          pos += size;
        }
        expect(got.map((f) => f.command)).toEqual(['MESSAGE', 'MESSAGE', 'RECEIPT']);
        got.forEach((f, i) => expect([...f.raw!]).toEqual([...frames[i]]));
      }),
      { numRuns: 100 },
    );
  });
});

describe('SubscriptionDispatcher', () => {
  function frame(id: number): ParsedFrame {
    return { ...createFrame('MESSAGE', [['subscription', 's1'], ['message-id', String(id)], ['ack', `a${id}`]], `m${id}`), framing: 'content-length', offset: 0, size: 0 };
  }
  const message = (id: number, ack: AckMode = 'client-individual', subscription = 's1') => new StompMessage(frame(id), subscription, ack, 1, 'tcp://test:61613');

  function setup(options: SubscribeOptions, handler: (m: StompMessage) => void | Promise<void>, nackSupported = true) {
    const calls: string[] = [];
    const failed: { action: string; error: unknown }[] = [];
    let ackResult: () => Promise<unknown> = () => Promise.resolve(undefined);
    const actions: DispatchActions = {
      ack: async (m) => {
        calls.push(`ack ${m.text()}`);
        return ackResult();
      },
      nack: async (m) => void calls.push(`nack ${m.text()}`),
      moveToErrorDestination: async (m, destination, error) => void calls.push(`move ${m.text()} to ${destination}: ${(error as Error).message}`),
      disconnect: () => void calls.push('disconnect'),
      nackSupported: () => nackSupported,
      failed: (e) => void failed.push({ action: e.action, error: e.error }),
    };
    const dispatcher = new SubscriptionDispatcher(actions);
    dispatcher.add('s1', handler, options);
    return { dispatcher, calls, failed, failAcks: (error: Error) => (ackResult = () => Promise.reject(error)) };
  }
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('acks after the handler succeeds; not in auto mode, nor when the caller settles by hand', async () => {
    const a = setup({ ack: 'client-individual' }, () => undefined);
    a.dispatcher.dispatch(message(1));
    await flush();
    expect(a.calls).toEqual(['ack m1']);

    const b = setup({ ack: 'auto' }, () => undefined);
    b.dispatcher.dispatch(message(1, 'auto'));
    const c = setup({ ack: 'client-individual', settle: 'manual' }, () => undefined);
    c.dispatcher.dispatch(message(1));
    await flush();
    expect(b.calls).toEqual([]);
    expect(c.calls).toEqual([]);
  });

  it('acks an async handler’s message only once its promise resolves', async () => {
    let release: () => void = () => undefined;
    const { dispatcher, calls } = setup({ ack: 'client-individual' }, () => new Promise<void>((r) => (release = r)));
    dispatcher.dispatch(message(1));
    await flush();
    expect(calls).toEqual([]);
    release();
    await flush();
    expect(calls).toEqual(['ack m1']);
  });

  it('client mode: handlers run one after another and each ack follows its own handler', async () => {
    const log: string[] = [];
    const { dispatcher, calls } = setup({ ack: 'client' }, async (m) => {
      log.push(`start ${m.text()}`);
      await new Promise((r) => setTimeout(r, 10 - Number(m.messageId) * 3));
      log.push(`end ${m.text()}`);
    });
    for (let i = 1; i <= 3; i++) dispatcher.dispatch(message(i, 'client'));
    await dispatcher.settled(1_000);
    await flush();
    expect(log).toEqual(['start m1', 'end m1', 'start m2', 'end m2', 'start m3', 'end m3']);
    expect(calls).toEqual(['ack m1', 'ack m2', 'ack m3']);
  });

  it('client-individual mode: handlers run side by side', async () => {
    const log: string[] = [];
    const { dispatcher } = setup({ ack: 'client-individual' }, async (m) => {
      log.push(`start ${m.text()}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${m.text()}`);
    });
    dispatcher.dispatch(message(1));
    dispatcher.dispatch(message(2));
    await dispatcher.settled(1_000);
    expect(log.slice(0, 2)).toEqual(['start m1', 'start m2']);
  });

  it.each([
    ['a handler that throws', () => {
      throw new Error('bad');
    }],
    ['a handler that rejects', async () => {
      throw new Error('bad');
    }],
  ])('%s: NACK by default (1.1+), disconnect without NACK (1.0), ignore in auto mode', async (_, handler) => {
    const a = setup({ ack: 'client-individual' }, handler);
    a.dispatcher.dispatch(message(1));
    const b = setup({ ack: 'client' }, handler, false);
    b.dispatcher.dispatch(message(1, 'client'));
    const c = setup({ ack: 'auto' }, handler);
    c.dispatcher.dispatch(message(1, 'auto'));
    await flush();
    expect(a.calls).toEqual(['nack m1']);
    expect(a.failed.map((f) => f.action)).toEqual(['nack']);
    expect((a.failed[0].error as Error).message).toBe('bad');
    expect(b.calls).toEqual(['disconnect']);
    expect(b.failed.map((f) => f.action)).toEqual(['disconnect']);
    expect(c.calls).toEqual([]);
    expect(c.failed.map((f) => f.action)).toEqual(['ignore']);
  });

  it('with an error destination the failed message is moved there (also in auto mode)', async () => {
    const handler = () => {
      throw new Error('cannot parse');
    };
    const a = setup({ ack: 'client-individual', errorDestination: '/queue/errors' }, handler);
    a.dispatcher.dispatch(message(1));
    const b = setup({ ack: 'auto', errorDestination: '/queue/errors' }, handler);
    b.dispatcher.dispatch(message(2, 'auto'));
    await flush();
    expect(a.calls).toEqual(['move m1 to /queue/errors: cannot parse']);
    expect(b.calls).toEqual(['move m2 to /queue/errors: cannot parse']);
  });

  it('a failure policy decides; when the policy itself throws, the default applies and both errors are reported', async () => {
    const a = setup({ ack: 'client-individual', onMessageFailed: () => ({ kind: 'ack' }) }, () => {
      throw new Error('bad');
    });
    a.dispatcher.dispatch(message(1));
    const b = setup(
      {
        ack: 'client-individual',
        onMessageFailed: () => {
          throw new Error('policy broke');
        },
      },
      () => {
        throw new Error('bad');
      },
    );
    b.dispatcher.dispatch(message(1));
    await flush();
    expect(a.calls).toEqual(['ack m1']);
    expect(b.calls).toEqual(['nack m1']);
    expect(b.failed[0].action).toBe('nack');
    expect(b.failed[0].error).toBeInstanceOf(AggregateError);
    expect((b.failed[0].error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['bad', 'policy broke']);
  });

  it('an ack that fails (the connection just dropped) is reported, not thrown', async () => {
    const { dispatcher, calls, failed, failAcks } = setup({ ack: 'client-individual' }, () => undefined);
    failAcks(new Error('connection lost'));
    dispatcher.dispatch(message(1));
    await flush();
    expect(calls).toEqual(['ack m1']);
    expect(failed).toEqual([{ action: 'ack failed', error: new Error('connection lost') }]);
  });

  it('paused, removed or cleared: messages are not handled (the broker keeps them)', async () => {
    const handled: string[] = [];
    const { dispatcher, calls } = setup({ ack: 'client-individual' }, (m) => void handled.push(m.text()));
    dispatcher.pause();
    dispatcher.dispatch(message(1));
    dispatcher.resume();
    dispatcher.dispatch(message(2));
    dispatcher.dispatch(message(3, 'client-individual', 'unknown'));
    dispatcher.remove('s1');
    dispatcher.dispatch(message(4));
    dispatcher.add('s1', (m) => void handled.push(m.text()), { ack: 'client-individual' });
    dispatcher.clear();
    dispatcher.dispatch(message(5));
    await flush();
    expect(handled).toEqual(['m2']);
    expect(calls).toEqual(['ack m2']);
  });

  it('settled() waits for running handlers, but not longer than its timeout', async () => {
    let release: () => void = () => undefined;
    const { dispatcher } = setup({ ack: 'client-individual' }, () => new Promise<void>((r) => (release = r)));
    dispatcher.dispatch(message(1));
    let t0 = performance.now();
    await dispatcher.settled(100);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(95);
    setTimeout(() => release(), 20);
    t0 = performance.now();
    await dispatcher.settled(5_000);
    expect(performance.now() - t0).toBeLessThan(1_000);
    t0 = performance.now();
    await dispatcher.settled(5_000); // nothing running: at once
    expect(performance.now() - t0).toBeLessThan(50);
  });
});

describe('cancellableSleep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves true after its time', async () => {
    const sleep = cancellableSleep(1_000);
    let done: boolean | undefined;
    void sleep.done.then((d) => (done = d));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('cancel() resolves it false at once and clears its timer; cancelling after it ended changes nothing', async () => {
    const sleep = cancellableSleep(1_000);
    expect(vi.getTimerCount()).toBe(1);
    sleep.cancel();
    expect(vi.getTimerCount()).toBe(0);
    await expect(sleep.done).resolves.toBe(false);
    const finished = cancellableSleep(10);
    await vi.advanceTimersByTimeAsync(10);
    finished.cancel();
    await expect(finished.done).resolves.toBe(true);
  });
});
