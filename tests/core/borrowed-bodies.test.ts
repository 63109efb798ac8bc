// Borrowed bodies (`bodies: 'borrowed'`), piece by piece: lent slabs are detached before they are
// read into again, only once nobody can see their bytes (the parser, a handler still running, the
// raw-frame recorder), and a lent body the client sends goes as a copy. Against real brokers:
// tests/brokers/client-borrowed-bodies.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxBroker } from '../../src-core/broker/index';
import { BodyLeases } from '../../src-core/client/body-leases';
import { StompConnection } from '../../src-core/client/stomp-connection';
import { StompMessage } from '../../src-core/client/stomp-message';
import { StompClient } from '../../src-core/client/stomp-client';
import { SubscriptionDispatcher, type DispatchActions } from '../../src-core/client/subscription-dispatcher';
import type { Transport, TransportEvents } from '../../src-core/client/transport';
import { isLent, lend, reclaim } from '../../src-core/client/transports/lent-memory';
import { ReadSlab } from '../../src-core/client/transports/read-slab';
import { SlabRecycler } from '../../src-core/client/transports/slab-recycler';
import { createFrame, type ParsedFrame } from '../../src-core/protocol/frame';
import { StompParser } from '../../src-core/protocol/parser';
import { serializeFrame } from '../../src-core/protocol/serializer';

const filled = (size: number, value: number) => new Uint8Array(size).fill(value);

describe('lent memory', () => {
  it('moves a slab’s memory to a new buffer: old views read as empty, the new one is still lent', () => {
    const slab = filled(64, 7);
    lend(slab);
    const view = slab.subarray(8, 16);
    expect(isLent(view)).toBe(true);
    const moved = reclaim(slab)!;
    expect(moved.length).toBe(64);
    expect(moved[0]).toBe(7);
    expect(view.length).toBe(0);
    expect(slab.length).toBe(0);
    expect(isLent(moved)).toBe(true);
    expect(isLent(filled(4, 1))).toBe(false);
  });
});

describe('SlabRecycler', () => {
  it('hands a slab back only once nobody holds bytes of it, oldest first', () => {
    let heldFrom = 0;
    const recycler = new SlabRecycler(() => heldFrom);
    const a = filled(16, 1);
    const b = filled(16, 2);
    const keptOfA = a.subarray(0, 4);
    recycler.retire(a, 16); // stream bytes 0..15
    recycler.retire(b, 32); // stream bytes 16..31
    expect(recycler.take(16)).toBeNull();
    heldFrom = 15;
    expect(recycler.take(16)).toBeNull();
    expect([...keptOfA]).toEqual([1, 1, 1, 1]);
    heldFrom = 16;
    const again = recycler.take(16)!;
    expect(again[0]).toBe(1);
    expect(keptOfA.length).toBe(0);
    expect(recycler.take(16)).toBeNull(); // b still held
    heldFrom = Number.POSITIVE_INFINITY;
    expect(recycler.take(16)![0]).toBe(2);
    expect(recycler.waitingCount).toBe(0);
  });

  it('leaves a slab of another size, and the oldest past its limit, to the garbage collector with their bytes intact', () => {
    const recycler = new SlabRecycler(() => Number.POSITIVE_INFINITY, 2);
    const small = filled(8, 3);
    recycler.retire(small, 8);
    expect(recycler.take(16)).toBeNull();
    expect([...small]).toEqual([3, 3, 3, 3, 3, 3, 3, 3]);
    const first = filled(16, 4);
    recycler.retire(first, 24);
    recycler.retire(filled(16, 5), 40);
    recycler.retire(filled(16, 6), 56);
    expect(recycler.waitingCount).toBe(2);
    expect(first.length).toBe(16); // dropped, not detached
    expect(recycler.take(16)![0]).toBe(5);
  });
});

describe('ReadSlab with a recycler', () => {
  function readInto(slab: ReadSlab, value: number): Uint8Array {
    const room = slab.room();
    room.fill(value);
    return slab.take(room, room.length);
  }

  it('reads into a slab again once the stream has moved past it, and never into one still held', () => {
    let heldFrom = 0;
    const slab = new ReadSlab({ minSlab: 64, maxSlab: 64 });
    slab.recycleWith(new SlabRecycler(() => heldFrom));
    const first = readInto(slab, 1); // stream 0..63
    expect(isLent(first)).toBe(true);
    const second = readInto(slab, 2); // a fresh slab: the first is held
    expect(second.buffer).not.toBe(first.buffer);
    expect(isLent(second)).toBe(true);
    expect([...new Set(first)]).toEqual([1]);
    heldFrom = 64; // nobody sees bytes before 64 any more: the first slab is free
    const third = readInto(slab, 3);
    expect(first.length).toBe(0);
    expect(third.length).toBe(64);
    expect([...new Set(second)]).toEqual([2]);
  });

  it('without a recycler, never detaches anything', () => {
    const slab = new ReadSlab({ minSlab: 64, maxSlab: 64 });
    const views = Array.from({ length: 10 }, (_, i) => readInto(slab, i));
    views.forEach((v, i) => expect([...new Set(v)]).toEqual([i]));
    expect(isLent(views[0]!)).toBe(false);
  });
});

describe('BodyLeases', () => {
  it('holds from the oldest open lease, whatever order they close in', () => {
    const leases = new BodyLeases();
    expect(leases.heldFrom).toBe(Number.POSITIVE_INFINITY);
    const a = leases.open(10);
    const b = leases.open(20);
    const c = leases.open(30);
    expect(leases.heldFrom).toBe(10);
    leases.close(b);
    expect(leases.heldFrom).toBe(10);
    leases.close(a);
    expect(leases.heldFrom).toBe(30);
    leases.close(a); // twice: nothing
    expect(leases.openCount).toBe(1);
    leases.close(c);
    expect(leases.heldFrom).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps its books small over a long stream with a lease that stays open', () => {
    const leases = new BodyLeases();
    const stuck = leases.open(0);
    for (let i = 1; i <= 5000; i++) leases.close(leases.open(i));
    expect(leases.heldFrom).toBe(0);
    leases.close(stuck);
    expect(leases.heldFrom).toBe(Number.POSITIVE_INFINITY);
    const later = leases.open(6000);
    expect(leases.heldFrom).toBe(6000);
    leases.close(later);
    expect(leases.openCount).toBe(0);
  });
});

describe('StompParser.heldFrom', () => {
  it('is the start of an unfinished frame, and everything pushed between frames', () => {
    const parser = new StompParser({ version: '1.2' });
    const bytes = serializeFrame(createFrame('MESSAGE', [['destination', '/queue/a']], 'hello'), '1.2');
    parser.push(Uint8Array.of(10, 10)); // two heart-beats
    expect(parser.heldFrom).toBe(2);
    parser.push(bytes.subarray(0, bytes.length - 3));
    expect(parser.heldFrom).toBe(2);
    parser.push(bytes.subarray(bytes.length - 3));
    expect(parser.heldFrom).toBe(2 + bytes.length);
  });
});

describe('a body that spans two lent slabs', () => {
  function spanning(): { frame: ParsedFrame; slabs: Uint8Array[] } {
    const bytes = serializeFrame(createFrame('MESSAGE', [['destination', '/queue/a']], 'x'.repeat(100)), '1.2');
    const cut = bytes.length - 40;
    // Two slabs, as after a read that filled one: the body's pieces are not adjacent in memory.
    const slabs = [bytes.slice(0, cut), bytes.slice(cut)];
    slabs.forEach(lend);
    const parser = new StompParser({ version: '1.2' });
    const events = [...parser.push(slabs[0]!), ...parser.push(slabs[1]!)];
    const event = events.find((e) => e.type === 'frame')!;
    return { frame: (event as { frame: ParsedFrame }).frame, slabs };
  }

  it('is its own copy once read, and reads as empty (never with holes) when read after its memory was reused', () => {
    const read = spanning();
    expect(read.frame.body.length).toBe(100);
    reclaim(read.slabs[0]!);
    expect(new TextDecoder().decode(read.frame.body)).toBe('x'.repeat(100));

    const late = spanning();
    reclaim(late.slabs[1]!);
    expect(late.frame.body.length).toBe(0);
  });
});

describe('SubscriptionDispatcher release', () => {
  const frame = (id: number): ParsedFrame => ({
    ...createFrame('MESSAGE', [['subscription', 's1'], ['message-id', String(id)], ['ack', `a${id}`]], `m${id}`),
    framing: 'content-length',
    offset: 0,
    size: 0,
  });
  const message = (id: number) => new StompMessage(frame(id), 's1', 'client-individual', 1, 'tcp://test:61613');
  const actions: DispatchActions = {
    ack: async () => undefined,
    nack: async () => undefined,
    moveToErrorDestination: async () => undefined,
    disconnect: () => undefined,
    nackSupported: () => true,
    failed: () => undefined,
  };
  const flush = () => new Promise((r) => setTimeout(r, 0));

  it('lets go of a message after its handler and its ack, after an async handler settles, and at once when nobody handles it', async () => {
    const dispatcher = new SubscriptionDispatcher(actions);
    let finish: () => void = () => undefined;
    let wait = false;
    dispatcher.add('s1', () => (wait ? new Promise<void>((r) => (finish = r)) : undefined), { ack: 'client-individual' });
    const released: string[] = [];
    dispatcher.dispatch(message(1), () => released.push('m1'));
    await flush();
    expect(released).toEqual(['m1']);

    wait = true;
    dispatcher.dispatch(message(2), () => released.push('m2'));
    await flush();
    expect(released).toEqual(['m1']);
    finish();
    await flush();
    expect(released).toEqual(['m1', 'm2']);

    dispatcher.dispatch(new StompMessage(frame(3), 'gone', 'client-individual', 1, 'tcp://test:61613'), () => released.push('m3'));
    dispatcher.pause();
    dispatcher.dispatch(message(4), () => released.push('m4'));
    expect(released).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('lets go of a message whose handler threw only after the failure policy ran', async () => {
    const moved: string[] = [];
    const dispatcher = new SubscriptionDispatcher({ ...actions, moveToErrorDestination: async (m) => void moved.push(m.text()) });
    dispatcher.add(
      's1',
      () => {
        throw new Error('no');
      },
      { ack: 'client-individual', errorDestination: '/queue/dlq' },
    );
    const released: string[] = [];
    dispatcher.dispatch(message(5), () => released.push(`released after ${moved.length} move(s)`));
    await flush();
    expect(released).toEqual(['released after 1 move(s)']);
  });
});

describe('StompConnection with borrowed bodies', () => {
  class LendingTransport implements Transport {
    readonly description = 'memory://lending';
    events: TransportEvents | null = null;
    written: Uint8Array[] = [];
    heldFrom: (() => number) | null = null;
    setListeners(events: TransportEvents): void {
      this.events = events;
    }
    lendReads(heldFrom: () => number): void {
      this.heldFrom = heldFrom;
    }
    write(bytes: Uint8Array): undefined {
      this.written.push(bytes);
      return undefined;
    }
    writeParts(parts: readonly Uint8Array[]): undefined {
      this.written.push(...parts);
      return undefined;
    }
    end(): void {
      this.events?.close();
    }
    destroy(error?: Error): void {
      this.events?.close(error);
    }
  }

  it('holds read memory from the oldest body still held, or the parser’s unfinished frame', () => {
    const transport = new LendingTransport();
    const connection = new StompConnection(transport, { version: '1.2', borrowBodies: true });
    const frames: ParsedFrame[] = [];
    connection.on('frame', (f) => frames.push(f));
    const one = serializeFrame(createFrame('MESSAGE', [['destination', '/queue/a']], 'one'), '1.2');
    const two = serializeFrame(createFrame('MESSAGE', [['destination', '/queue/a']], 'two'), '1.2');
    transport.events!.data(one);
    const release = connection.holdBody(frames[0]!)!;
    transport.events!.data(two.subarray(0, 5));
    expect(transport.heldFrom!()).toBe(0);
    release();
    expect(transport.heldFrom!()).toBe(one.length); // the parser's unfinished second frame
    transport.events!.data(two.subarray(5));
    expect(transport.heldFrom!()).toBe(one.length + two.length);
  });

  it('sends a lent body as a copy, so a queued write never sees its memory reused', () => {
    const transport = new LendingTransport();
    const connection = new StompConnection(transport, { version: '1.2' });
    for (const size of [100, 64 * 1024]) {
      const slab = filled(size, 42);
      lend(slab);
      connection.send(createFrame('SEND', [['destination', '/queue/b']], slab));
      const sent = transport.written.splice(0);
      expect(sent.some((part) => part.buffer === slab.buffer)).toBe(false);
      reclaim(slab)!.fill(0);
      const body = sent.at(-1)!.length === 1 ? sent.at(-2)! : sent[0]!;
      expect(body.includes(42)).toBe(true);
    }
  });

  it('owns bodies unless told otherwise, and says which values the option takes', () => {
    const transport = new LendingTransport();
    new StompConnection(transport, { version: '1.2' });
    expect(transport.heldFrom).toBeNull();
    expect(() => new StompClient({ uri: 'tcp://127.0.0.1:61613', bodies: 'lent' as 'owned' })).toThrow(`bodies must be 'owned' or 'borrowed', not "lent"`);
  });
});

describe('borrowed bodies across a dropped connection (sandbox broker)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('handlers still running on the old connection keep whole bodies; every message arrives whole after the reconnect', async () => {
    const broker = await startSandboxBroker();
    cleanups.push(() => broker.close());
    const count = 300;
    const size = 32 * 1024;
    const bodyOf = (n: number) => new Uint8Array(size).fill(n % 251);
    const producer = new StompClient({ uri: broker.url, reconnect: false });
    cleanups.push(() => producer.disconnect({ timeout: 200 }).catch(() => undefined));
    await producer.connect();
    for (let n = 0; n < count; n++) await producer.send('/queue/borrowed', bodyOf(n), { headers: { n: String(n) }, receipt: n === count - 1 });
    await producer.disconnect();
    // The broker drops the consumer's connection at its 102nd frame: CONNECT, SUBSCRIBE, 100 ACKs.
    broker.setFaults({ dropAfterFrames: 102 });

    const consumer = new StompClient({ uri: `failover:(${broker.url})?initialReconnectDelay=10`, bodies: 'borrowed' });
    cleanups.push(() => consumer.disconnect({ timeout: 200 }).catch(() => undefined));
    await consumer.connect();
    const seen = new Set<number>();
    const problems: string[] = [];
    let drops = 0;
    let dropped: () => void = () => undefined;
    const dropSeen = new Promise<void>((resolve) => (dropped = resolve));
    consumer.on('disconnected', () => {
      drops++;
      broker.setFaults({ dropAfterFrames: undefined });
      dropped();
    });
    let reconnected: () => void = () => undefined;
    const back = new Promise<void>((resolve) => (reconnected = resolve));
    consumer.on('connected', (event) => event.reconnect && reconnected());
    let allSeen: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allSeen = resolve));
    const whole = (body: Uint8Array, n: number) => body.length === size && body.every((b) => b === n % 251);
    let heldOverDrop = false;
    await consumer.subscribe(
      '/queue/borrowed',
      async (message) => {
        const n = Number(message.headers['n']);
        if (!whole(message.body, n)) problems.push(`message ${n} arrived broken`);
        // Across this wait more is read; the first delivery of message 150 waits until the
        // connection it came on has dropped and the next one is reading into slabs of its own.
        if (n === 150 && !message.redelivered && drops === 0) {
          await Promise.all([dropSeen, back]);
          heldOverDrop = true;
        } else await new Promise((resolve) => setTimeout(resolve, 1));
        if (!whole(message.body, n)) problems.push(`message ${n} changed while its handler ran`);
        seen.add(n);
        if (seen.size === count) allSeen();
      },
      { ack: 'client-individual', receipt: true },
    );
    await Promise.all([done, back]);
    expect(heldOverDrop).toBe(true);
    expect(drops).toBe(1);
    expect(problems).toEqual([]);
    expect(seen.size).toBe(count);
  });
});
