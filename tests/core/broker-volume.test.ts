import { describe as group, expect, it } from 'vitest';
import { broker, eventually, header, RawPeer, text } from './broker-kit';

group('sandbox broker: volume and flow control', () => {
  it('moves 5k messages through a queue with one ACK each, in order', async () => {
    const b = await broker();
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    await consumer.request('SUBSCRIBE', { id: 's', destination: '/queue/many', ack: 'client-individual', 'prefetch-count': '500' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    const count = 5_000;
    const chunk: Uint8Array[] = [];
    for (let n = 0; n < count; n++) chunk.push(Buffer.from(`SEND\ndestination:/queue/many\n\n${n}\0`));
    producer.sendRaw(Buffer.concat(chunk));
    let acks: string[] = [];
    for (let n = 0; n < count; n++) {
      const message = await consumer.nextFrame(1500);
      if (text(message) !== String(n)) throw new Error(`message ${n} arrived as ${text(message)}`);
      acks.push(`ACK\nid:${header(message, 'ack')!.replaceAll(':', '\\c')}\n\n\0`);
      // One write per 100 ACKs: the test measures the broker, not a syscall per frame.
      if (acks.length === 100) {
        consumer.sendRaw(acks.join(''));
        acks = [];
      }
    }
    await eventually(() => expect(b.destinations().queues[0]).toMatchObject({ depth: 0, inFlight: 0, enqueued: count }));
  });

  it('stops writing to a consumer that does not read, and gives the rest to one that does', async () => {
    const b = await broker();
    const stuck = await RawPeer.connectVersion(b.port, '1.2');
    await stuck.request('SUBSCRIBE', { id: 's', destination: '/queue/flow' });
    stuck.socket.pause();
    const reader = await RawPeer.connectVersion(b.port, '1.2');
    await reader.request('SUBSCRIBE', { id: 's', destination: '/queue/flow' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    const count = 300;
    const body = new Uint8Array(64 * 1024).fill(0x61);
    for (let n = 0; n < count; n++) producer.send('SEND', { destination: '/queue/flow' }, body);
    // The reader takes whatever the stuck consumer cannot.
    await eventually(() => expect(b.stats().messagesDelivered).toBe(count), 1500);
    expect(b.destinations().queues[0]).toMatchObject({ depth: 0, enqueued: count });
    const messagesOf = (peer: RawPeer): number => peer.received.filter((item) => item.type === 'frame' && item.frame.command === 'MESSAGE').length;
    stuck.socket.resume();
    await eventually(() => expect(messagesOf(stuck) + messagesOf(reader)).toBe(count), 1500);
    // The stuck one got what fits in the socket buffers (a few MiB), not its round-robin half.
    expect(messagesOf(stuck)).toBeGreaterThan(0);
    expect(messagesOf(stuck)).toBeLessThan(count / 2);
  });
});
