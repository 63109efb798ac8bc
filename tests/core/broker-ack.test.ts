import { describe as group, expect, it } from 'vitest';
import type { ParsedFrame } from '../../src-core/protocol/frame';
import { broker, eventually, header, RawPeer, text } from './broker-kit';

/** A connected consumer of `queue` and a producer that already put `bodies` on it. */
async function setup(version: '1.0' | '1.1' | '1.2', subscribe: Record<string, string>, bodies: string[]) {
  const b = await broker();
  const producer = await RawPeer.connectVersion(b.port, '1.2');
  for (const body of bodies) producer.send('SEND', { destination: '/queue/q' }, body);
  await producer.request('DISCONNECT');
  const consumer = await RawPeer.connectVersion(b.port, version);
  consumer.send('SUBSCRIBE', { id: 's', destination: '/queue/q', ...subscribe });
  return { b, consumer };
}

/** ACK/NACK headers naming `message` the way `version` does. */
function ackHeaders(version: string, message: ParsedFrame): Record<string, string> {
  if (version === '1.2') return { id: header(message, 'ack')! };
  if (version === '1.1') return { 'message-id': header(message, 'message-id')!, subscription: header(message, 'subscription')! };
  return { 'message-id': header(message, 'message-id')! };
}

group('sandbox broker: acknowledgements', () => {
  it('auto: messages are settled on delivery and never come back', async () => {
    const { b, consumer } = await setup('1.2', {}, ['a', 'b']);
    const messages = await consumer.messages(2);
    expect(messages.map((m) => header(m, 'ack'))).toEqual([undefined, undefined]);
    consumer.destroy();
    await eventually(() => expect(b.destinations().queues[0]).toMatchObject({ depth: 0, inFlight: 0, consumers: 0 }));
  });

  it('auto: an ACK names nothing pending, which is an error', async () => {
    const { consumer } = await setup('1.1', {}, ['a']);
    const [message] = await consumer.messages(1);
    consumer.send('ACK', ackHeaders('1.1', message));
    const error = await consumer.nextFrame();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toMatch(/^Unexpected ACK for message-id/);
    await consumer.closedByBroker();
  });

  it.each(['1.0', '1.1', '1.2'] as const)('identifies the acked message as %s does', async (version) => {
    const { b, consumer } = await setup(version, { ack: 'client-individual' }, ['a', 'b']);
    const [first, second] = await consumer.messages(2);
    if (version === '1.2') expect(header(first, 'ack')).toMatch(/:/);
    else expect(header(first, 'ack')).toBeUndefined();
    await consumer.request('ACK', ackHeaders(version, second));
    expect(b.destinations().queues[0]).toMatchObject({ depth: 0, inFlight: 1 });
    await consumer.request('ACK', ackHeaders(version, first));
    expect(b.destinations().queues[0]).toMatchObject({ depth: 0, inFlight: 0 });
    expect(b.stats().messagesAcked).toBe(2);
  });

  it('client: an ACK is cumulative over earlier messages of the subscription', async () => {
    const { b, consumer } = await setup('1.2', { ack: 'client' }, ['a', 'b', 'c', 'd']);
    const messages = await consumer.messages(4);
    await consumer.request('ACK', { id: header(messages[2], 'ack')! });
    expect(b.destinations().queues[0]).toMatchObject({ inFlight: 1 });
    expect(b.stats().messagesAcked).toBe(3);
    // The first was covered by the cumulative ACK: acking it again is an error.
    consumer.send('ACK', { id: header(messages[0], 'ack')! });
    expect((await consumer.nextFrame()).command).toBe('ERROR');
  });

  it('client-individual: an ACK settles only its message; the rest return on disconnect', async () => {
    const { b, consumer } = await setup('1.2', { ack: 'client-individual' }, ['a', 'b', 'c']);
    const messages = await consumer.messages(3);
    await consumer.request('ACK', { id: header(messages[2], 'ack')! });
    consumer.destroy();
    await eventually(() => expect(b.destinations().queues[0]).toMatchObject({ depth: 2, inFlight: 0 }));
    const again = await RawPeer.connectVersion(b.port, '1.2');
    again.send('SUBSCRIBE', { id: 's', destination: '/queue/q' });
    const redelivered = await again.messages(2);
    expect(redelivered.map(text)).toEqual(['a', 'b']);
    expect(redelivered.map((m) => header(m, 'redelivered'))).toEqual(['true', 'true']);
    expect(redelivered.map((m) => header(m, 'message-id'))).toEqual(messages.slice(0, 2).map((m) => header(m, 'message-id')));
  });

  it('NACK puts the message back at the head of the queue, marked redelivered', async () => {
    const { b, consumer } = await setup('1.2', { ack: 'client-individual', 'activemq.prefetchSize': '1' }, ['a', 'b']);
    const [first] = await consumer.messages(1);
    expect(header(first, 'redelivered')).toBeUndefined();
    consumer.send('NACK', { id: header(first, 'ack')! });
    const [again] = await consumer.messages(1);
    expect(text(again)).toBe('a');
    expect(header(again, 'redelivered')).toBe('true');
    expect(header(again, 'message-id')).toBe(header(first, 'message-id'));
    expect(header(again, 'ack')).not.toBe(header(first, 'ack'));
    consumer.send('ACK', { id: header(again, 'ack')! });
    const [next] = await consumer.messages(1);
    expect(text(next)).toBe('b');
    expect(b.stats().messagesNacked).toBe(1);
  });

  it('NACK in client mode is cumulative and keeps the order', async () => {
    const { consumer } = await setup('1.1', { ack: 'client' }, ['a', 'b', 'c']);
    const messages = await consumer.messages(3);
    consumer.send('NACK', ackHeaders('1.1', messages[1]));
    const again = await consumer.messages(2);
    expect(again.map(text)).toEqual(['a', 'b']);
    expect(again.every((m) => header(m, 'redelivered') === 'true')).toBe(true);
  });

  it('NACK does not exist in 1.0: the strict parser refuses it', async () => {
    const { consumer } = await setup('1.0', { ack: 'client' }, ['a']);
    const [message] = await consumer.messages(1);
    consumer.send('NACK', ackHeaders('1.0', message));
    const error = await consumer.nextFrame();
    expect(header(error, 'message')).toMatch(/^Malformed frame: command-not-in-version at byte \d+$/);
    await consumer.closedByBroker();
  });

  it('UNSUBSCRIBE gives unacked messages to the other consumers', async () => {
    const b = await broker();
    const one = await RawPeer.connectVersion(b.port, '1.2');
    const two = await RawPeer.connectVersion(b.port, '1.2');
    await one.request('SUBSCRIBE', { id: 'a', destination: '/queue/q', ack: 'client' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    await producer.request('SEND', { destination: '/queue/q' }, 'x');
    await one.messages(1);
    await two.request('SUBSCRIBE', { id: 'b', destination: '/queue/q', ack: 'client' });
    await two.expectSilence(20);
    one.send('UNSUBSCRIBE', { id: 'a' });
    const [moved] = await two.messages(1);
    expect(text(moved)).toBe('x');
    expect(header(moved, 'redelivered')).toBe('true');
  });

  it.each([['activemq.prefetchSize'], ['prefetch-count']])('limits unacked messages in flight with %s', async (name) => {
    const { b, consumer } = await setup('1.2', { ack: 'client-individual', [name]: '2' }, ['a', 'b', 'c', 'd', 'e']);
    const first = await consumer.messages(2);
    await consumer.expectSilence(30);
    expect(b.destinations().queues[0]).toMatchObject({ depth: 3, inFlight: 2 });
    consumer.send('ACK', { id: header(first[0], 'ack')! });
    const [third] = await consumer.messages(1);
    expect(text(third)).toBe('c');
    await consumer.expectSilence(20);
  });

  it('sends everything at once without a prefetch header', async () => {
    const { consumer } = await setup('1.2', { ack: 'client' }, Array.from({ length: 50 }, (_, i) => `m${i}`));
    expect((await consumer.messages(50)).map(text)[49]).toBe('m49');
  });

  it('round-robin skips a consumer whose prefetch is full', async () => {
    const b = await broker();
    const slow = await RawPeer.connectVersion(b.port, '1.2');
    const fast = await RawPeer.connectVersion(b.port, '1.2');
    await slow.request('SUBSCRIBE', { id: 'a', destination: '/queue/q', ack: 'client', 'prefetch-count': '1' });
    await fast.request('SUBSCRIBE', { id: 'b', destination: '/queue/q' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    for (let n = 0; n < 5; n++) producer.send('SEND', { destination: '/queue/q' }, `m${n}`);
    expect((await slow.messages(1)).map(text)).toEqual(['m0']);
    expect((await fast.messages(4)).map(text)).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('refuses an invalid ack mode and prefetch', async () => {
    const b = await broker();
    const one = await RawPeer.connectVersion(b.port, '1.2');
    one.send('SUBSCRIBE', { id: 'a', destination: '/queue/q', ack: 'sometimes' });
    expect(header(await one.nextFrame(), 'message')).toBe('Invalid ack mode sometimes');
    const two = await RawPeer.connectVersion(b.port, '1.2');
    two.send('SUBSCRIBE', { id: 'a', destination: '/queue/q', 'prefetch-count': '-1' });
    expect(header(await two.nextFrame(), 'message')).toBe('Invalid prefetch-count header');
  });

  it('1.2 ACK needs the id header; 1.1 ACK may omit subscription', async () => {
    const { consumer } = await setup('1.2', { ack: 'client' }, ['a']);
    const [message] = await consumer.messages(1);
    consumer.send('ACK', { 'message-id': header(message, 'message-id')!, subscription: 's' });
    expect(header(await consumer.nextFrame(), 'message')).toBe('ACK frame is missing the id header');

    const older = await setup('1.1', { ack: 'client' }, ['b']);
    const [m] = await older.consumer.messages(1);
    await older.consumer.request('ACK', { 'message-id': header(m, 'message-id')! });
    expect(older.b.destinations().queues[0].inFlight).toBe(0);
  });

  it('gives topic subscribers acks and NACK redelivery too', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SUBSCRIBE', { id: 't', destination: '/topic/t', ack: 'client-individual' });
    peer.send('SEND', { destination: '/topic/t' }, 'x');
    const [first] = await peer.messages(1);
    peer.send('NACK', { id: header(first, 'ack')! });
    const [again] = await peer.messages(1);
    expect(header(again, 'redelivered')).toBe('true');
    await peer.request('ACK', { id: header(again, 'ack')! });
  });
});
