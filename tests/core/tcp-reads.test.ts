// The TCP transport's read path: reads land in slabs that are never written twice (so views stay
// valid), and while small reads come in quick succession the next read waits a little, so one read
// covers many frames. The pieces alone, then openTcp against a node:net server on loopback.
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadCoalescing } from '../../src-core/client/transports/read-coalescing';
import { ReadSlab } from '../../src-core/client/transports/read-slab';
import { openTcp } from '../../src-core/client/transports/tcp';
import type { Transport } from '../../src-core/client/transport';
import { StompClient } from '../../src-core/client/stomp-client';

describe('ReadSlab', () => {
  it('hands out the unused tail of a slab, and what was read stays as it was while later reads fill the rest', () => {
    const slab = new ReadSlab({ minSlab: 64, maxSlab: 256 });
    const first = slab.room();
    expect(first.length).toBe(64);
    first.set([1, 2, 3]);
    const a = slab.take(first, 3);
    const second = slab.room();
    expect(second.length).toBe(61);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset + 3);
    second.fill(9);
    const b = slab.take(second, 40);
    expect([...a]).toEqual([1, 2, 3]);
    expect(b.length).toBe(40);
    // 21 bytes left, at least a quarter (16) wanted: still this slab. Then 5 left: a new one.
    const third = slab.room();
    expect(third.buffer).toBe(first.buffer);
    slab.take(third, 16);
    const fourth = slab.room();
    expect(fourth.buffer).not.toBe(first.buffer);
    expect([...a]).toEqual([1, 2, 3]);
  });

  it('grows slabs while reads fill their room, and shrinks them back while reads stay small', () => {
    const slab = new ReadSlab({ minSlab: 64, maxSlab: 256 });
    const sizes: number[] = [];
    const readAll = () => {
      const room = slab.room();
      sizes.push(slab.slabSize);
      slab.take(room, room.length);
    };
    for (let i = 0; i < 4; i++) readAll();
    expect(sizes).toEqual([64, 128, 256, 256]);
    // Reads of 2 bytes in 256-byte slabs: far below a sixteenth, so the next slab is half as big.
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      slab.take(slab.room(), 2);
      seen.add(slab.slabSize);
    }
    expect([...seen]).toEqual([256, 128, 64]);
  });

  it('refuses sizes that cannot work, saying which', () => {
    expect(() => new ReadSlab({ minSlab: 128, maxSlab: 64 })).toThrow('need 4 <= minSlab (128) <= maxSlab (64)');
    expect(() => new ReadSlab({ minSlab: 0, maxSlab: 64 })).toThrow(RangeError);
  });
});

describe('ReadCoalescing', () => {
  function at(...times: number[]) {
    let i = 0;
    return new ReadCoalescing({ windowMs: 1, smallRead: 1000 }, () => times[i++]!);
  }

  it('waits only after a small read that came quickly after the one before', () => {
    const c = at(0, 0.01, 1.2, 2.3, 50);
    expect(c.afterRead(100)).toBe(0); // the first read
    expect(c.afterRead(100)).toBe(1); // 10 µs later: a flood
    expect(c.afterRead(900)).toBe(1); // after the wait, still small: the flood goes on
    expect(c.afterRead(5000)).toBe(0); // a large read: bytes come in bulk, never hold the socket back
    expect(c.afterRead(100)).toBe(0); // after a quiet spell: at once
  });

  it('refuses a window that is not a number of ms from 0 to 100, here and in the client options', () => {
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 101]) {
      expect(() => new ReadCoalescing({ windowMs: bad, smallRead: 1 })).toThrow(`readCoalesceMs must be a number of ms from 0 to 100, not ${bad}`);
      expect(() => new StompClient({ uri: 'tcp://127.0.0.1:61613', readCoalesceMs: bad })).toThrow(RangeError);
    }
  });

  it('never waits when switched off', () => {
    const c = new ReadCoalescing({ windowMs: 0, smallRead: 1000 }, () => 0);
    for (let i = 0; i < 5; i++) expect(c.afterRead(1)).toBe(0);
  });
});

describe('openTcp', () => {
  let server: Server | undefined;
  const transports: Transport[] = [];

  afterEach(async () => {
    for (const t of transports.splice(0)) t.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(onSocket: (socket: Socket) => void): Promise<number> {
    server = createServer(onSocket);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  async function receiveAll(port: number, total: number, readCoalesceMs?: number): Promise<{ chunks: Uint8Array[]; bytes: Buffer }> {
    const transport = await openTcp({ scheme: 'tcp', host: '127.0.0.1', port }, { connectTimeout: 5000, readCoalesceMs });
    transports.push(transport);
    const chunks: Uint8Array[] = [];
    let length = 0;
    await new Promise<void>((resolve, reject) => {
      transport.setListeners({
        data: (bytes) => {
          chunks.push(bytes);
          if ((length += bytes.length) >= total) resolve();
        },
        close: (error) => reject(error ?? new Error(`closed after ${length} of ${total} bytes`)),
      });
    });
    // Copied only now: any view reused by a later read would show here.
    return { chunks, bytes: Buffer.concat(chunks) };
  }

  it('delivers every byte in order, across many slabs, and no read overwrites an earlier one', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const port = await serve((socket) => {
      // Pieces of every size, so reads end anywhere in a slab.
      let at = 0;
      for (let n = 1; at < data.length; n = (n * 7 + 13) % 200_000) {
        socket.write(data.subarray(at, at + n));
        at += n;
      }
    });
    const { chunks, bytes } = await receiveAll(port, data.length);
    expect(bytes.equals(data)).toBe(true);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBeGreaterThan(1);
  });

  it('while small writes flood in, gathers them into far fewer reads than without coalescing', async () => {
    const frames = 3000;
    const frame = Buffer.from(`MESSAGE\ndestination:/queue/a\nmessage-id:0123456789\n\n${'x'.repeat(60)}\0`);
    const port = await serve((socket) => {
      // One small write per turn of the loop, like a broker pushing a queue out message by message.
      let sent = 0;
      const next = () => {
        if (socket.destroyed) return;
        socket.write(frame);
        if (++sent < frames) setImmediate(next);
      };
      next();
    });
    const total = frames * frame.length;
    const plain = await receiveAll(port, total, 0);
    const coalesced = await receiveAll(port, total, 1);
    expect(plain.bytes.equals(Buffer.concat(Array.from({ length: frames }, () => frame)))).toBe(true);
    expect(coalesced.bytes.equals(plain.bytes)).toBe(true);
    expect(coalesced.chunks.length).toBeLessThan(plain.chunks.length / 2);
  });
});
