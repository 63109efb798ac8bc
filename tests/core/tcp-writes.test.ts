// The socket transport's write path: small writes of one turn are joined and leave together at
// the end of the turn; large ones go as they are, in order with the small ones around them; past
// the high-water mark the caller gets a promise to wait on.
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTcp } from '../../src-core/client/transports/tcp';
import type { Transport } from '../../src-core/client/transport';
import { WriteBatch } from '../../src-core/client/transports/write-batch';

describe('WriteBatch', () => {
  it('joins what was added into one buffer, once', () => {
    const batch = new WriteBatch();
    expect(batch.take()).toBeNull();
    batch.add(Uint8Array.of(1, 2));
    batch.add(Uint8Array.of());
    batch.add(Uint8Array.of(3));
    expect(batch.size).toBe(3);
    expect([...batch.take()!]).toEqual([1, 2, 3]);
    expect(batch.size).toBe(0);
    expect(batch.take()).toBeNull();
  });

  it('hands a lone part over as it is', () => {
    const batch = new WriteBatch();
    const part = Uint8Array.of(7, 8);
    batch.add(part);
    expect(batch.take()).toBe(part);
  });
});

describe('SocketTransport writes (over openTcp)', () => {
  let server: Server | undefined;
  let transport: Transport | undefined;

  afterEach(async () => {
    transport?.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A server that records each read it makes; resolves with them once `total` bytes came. */
  async function connectTo(total: number): Promise<{ transport: Transport; reads: Promise<Buffer[]>; peer: Promise<Socket> }> {
    let resolveReads!: (reads: Buffer[]) => void;
    let resolvePeer!: (socket: Socket) => void;
    const reads = new Promise<Buffer[]>((resolve) => (resolveReads = resolve));
    const peer = new Promise<Socket>((resolve) => (resolvePeer = resolve));
    server = createServer((socket) => {
      resolvePeer(socket);
      const got: Buffer[] = [];
      let length = 0;
      socket.on('data', (data) => {
        got.push(data);
        if ((length += data.length) >= total) resolveReads(got);
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    transport = await openTcp({ scheme: 'tcp', host: '127.0.0.1', port }, { connectTimeout: 5000 });
    transport.setListeners({ data: () => undefined, close: () => undefined });
    return { transport, reads, peer };
  }

  it('sends 200 small frames written in one turn together, and in order', async () => {
    const frames = Array.from({ length: 200 }, (_, i) => Buffer.from(`ACK\nid:${i}\n\n\0`));
    const total = frames.reduce((n, f) => n + f.length, 0);
    const { transport: t, reads } = await connectTo(total);
    for (const frame of frames) expect(t.write(frame)).toBeUndefined();
    const got = await reads;
    expect(Buffer.concat(got).equals(Buffer.concat(frames))).toBe(true);
    // One write at the end of the turn: loopback delivers it in one piece or very few.
    expect(got.length).toBeLessThanOrEqual(3);
  });

  it('keeps a large body in its place between small frames, byte-exact', async () => {
    const body = randomBytes(256 * 1024);
    const parts = [Buffer.from('SEND\ndestination:/q\n\n'), body, Buffer.from('\0'), Buffer.from('ACK\nid:1\n\n\0')];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const { transport: t, reads } = await connectTo(total);
    t.writeParts!(parts.slice(0, 3));
    t.write(parts[3]!);
    expect(Buffer.concat(await reads).equals(Buffer.concat(parts))).toBe(true);
  });

  it('past the high-water mark, asks the writer to wait; a writer that waits each time gets everything through', async () => {
    const frame = Buffer.alloc(1000, 0x61);
    const count = 20_000;
    const { transport: t, reads, peer } = await connectTo(frame.length * count);
    const socket = await peer;
    socket.pause(); // a slow reader at first
    let waited: Promise<void> | undefined;
    let written = 0;
    while (!waited && written < count) {
      waited = t.write(frame);
      written++;
    }
    expect(waited).toBeInstanceOf(Promise);
    expect(written).toBeLessThan(count);
    socket.resume();
    await waited;
    while (written < count) {
      const wait = t.write(frame);
      written++;
      if (wait) await wait;
    }
    const got = Buffer.concat(await reads);
    expect(got.length).toBe(frame.length * count);
    expect(got.every((b) => b === 0x61)).toBe(true);
  });
});
