import { describe as group, expect, it } from 'vitest';
import { broker, header, RawPeer, text } from './broker-kit';

group('sandbox broker: queue browsing', () => {
  it('delivers a snapshot without consuming, then a browser:end MESSAGE as ActiveMQ does', async () => {
    const b = await broker();
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    for (const body of ['a', 'b', 'c']) producer.send('SEND', { destination: '/queue/b', 'x-n': body }, body);
    await producer.request('DISCONNECT');

    const browser = await RawPeer.connectVersion(b.port, '1.2');
    await browser.request('SUBSCRIBE', { id: 'look', destination: '/queue/b', browser: 'true', ack: 'client' });
    const seen = await browser.messages(4);
    expect(seen.slice(0, 3).map(text)).toEqual(['a', 'b', 'c']);
    expect(seen.slice(0, 3).map((m) => header(m, 'ack'))).toEqual([undefined, undefined, undefined]);
    expect(header(seen[0], 'x-n')).toBe('a');
    const end = seen[3];
    expect(header(end, 'browser')).toBe('end');
    expect(header(end, 'subscription')).toBe('look');
    expect(header(end, 'destination')).toBe('/queue/b');
    expect(header(end, 'message-id')).toBe('0');
    expect(end.body.length).toBe(0);
    expect(b.destinations().queues[0]).toMatchObject({ depth: 3, consumers: 0 });

    // Later messages are not browsed; the messages are all still there for a consumer.
    await browser.request('SEND', { destination: '/queue/b' }, 'd');
    await browser.expectSilence(20);
    await browser.request('UNSUBSCRIBE', { id: 'look' });
    const consumer = await RawPeer.connectVersion(b.port, '1.1');
    consumer.send('SUBSCRIBE', { id: 's', destination: '/queue/b' });
    expect((await consumer.messages(4)).map(text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('an empty queue or a topic browses to the end marker at once', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.0');
    peer.send('SUBSCRIBE', { id: 'q', destination: '/queue/empty', browser: 'true' });
    peer.send('SUBSCRIBE', { id: 't', destination: '/topic/any', browser: 'true' });
    const [q, t] = await peer.messages(2);
    expect([header(q, 'browser'), header(q, 'subscription')]).toEqual(['end', 'q']);
    expect([header(t, 'browser'), header(t, 'subscription')]).toEqual(['end', 't']);
  });
});
