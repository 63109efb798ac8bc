import { describe as group, expect, it } from 'vitest';
import { broker, eventually, header, RawPeer, text } from './broker-kit';

group('sandbox broker: transactions', () => {
  it('stages SENDs until COMMIT', async () => {
    const b = await broker();
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    await consumer.request('SUBSCRIBE', { id: 's', destination: '/queue/tx' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    await producer.request('BEGIN', { transaction: 't1' });
    await producer.request('SEND', { destination: '/queue/tx', transaction: 't1' }, 'one');
    await producer.request('SEND', { destination: '/queue/tx', transaction: 't1', 'x-kept': 'yes' }, 'two');
    await consumer.expectSilence(30);
    expect(b.destinations().queues[0].enqueued).toBe(0);
    await producer.request('COMMIT', { transaction: 't1' });
    const messages = await consumer.messages(2);
    expect(messages.map(text)).toEqual(['one', 'two']);
    expect(header(messages[1], 'x-kept')).toBe('yes');
    expect(header(messages[1], 'transaction')).toBeUndefined();
  });

  it('discards staged SENDs on ABORT', async () => {
    const b = await broker();
    const producer = await RawPeer.connectVersion(b.port, '1.1');
    await producer.request('BEGIN', { transaction: 't' });
    await producer.request('SEND', { destination: '/queue/tx', transaction: 't' }, 'gone');
    await producer.request('ABORT', { transaction: 't' });
    await producer.request('SEND', { destination: '/queue/tx' }, 'kept');
    expect(b.destinations().queues[0]).toMatchObject({ depth: 1, enqueued: 1 });
  });

  it('aborts open transactions when the client disconnects', async () => {
    const b = await broker();
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    await producer.request('BEGIN', { transaction: 't' });
    await producer.request('SEND', { destination: '/queue/tx', transaction: 't' }, 'gone');
    await producer.request('DISCONNECT');
    await eventually(() => expect(b.connections).toBe(0));
    expect(b.destinations().queues.length === 0 || b.destinations().queues[0].enqueued === 0).toBe(true);
  });

  it('stages ACKs and NACKs until COMMIT', async () => {
    const b = await broker();
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    for (const body of ['a', 'b']) producer.send('SEND', { destination: '/queue/ack' }, body);
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    consumer.send('SUBSCRIBE', { id: 's', destination: '/queue/ack', ack: 'client-individual' });
    const [a, bee] = await consumer.messages(2);
    await consumer.request('BEGIN', { transaction: 't' });
    await consumer.request('ACK', { id: header(a, 'ack')!, transaction: 't' });
    await consumer.request('NACK', { id: header(bee, 'ack')!, transaction: 't' });
    expect(b.destinations().queues[0].inFlight).toBe(2);
    consumer.send('COMMIT', { transaction: 't' });
    const [again] = await consumer.messages(1);
    expect(text(again)).toBe('b');
    expect(header(again, 'redelivered')).toBe('true');
    expect(b.stats()).toMatchObject({ messagesAcked: 1, messagesNacked: 1 });
  });

  it('an aborted ACK leaves the message unacked', async () => {
    const b = await broker();
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    await consumer.request('SUBSCRIBE', { id: 's', destination: '/queue/ack', ack: 'client' });
    consumer.send('SEND', { destination: '/queue/ack' }, 'a');
    const [a] = await consumer.messages(1);
    await consumer.request('BEGIN', { transaction: 't' });
    await consumer.request('ACK', { id: header(a, 'ack')!, transaction: 't' });
    await consumer.request('ABORT', { transaction: 't' });
    expect(b.destinations().queues[0].inFlight).toBe(1);
    await consumer.request('ACK', { id: header(a, 'ack')! });
    expect(b.destinations().queues[0].inFlight).toBe(0);
  });

  it('refuses unknown and duplicate transactions', async () => {
    const b = await broker();
    for (const [command, headers] of [
      ['COMMIT', { transaction: 'nope' }],
      ['ABORT', { transaction: 'nope' }],
      ['SEND', { transaction: 'nope', destination: '/queue/x' }],
    ] as const) {
      const peer = await RawPeer.connectVersion(b.port, '1.2');
      peer.send(command, { ...headers, receipt: 'r' });
      const error = await peer.nextFrame();
      expect(header(error, 'message')).toBe('Unknown transaction nope');
      expect(header(error, 'receipt-id')).toBe('r');
      await peer.closedByBroker();
    }
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('BEGIN', { transaction: 't' });
    peer.send('BEGIN', { transaction: 't' });
    expect(header(await peer.nextFrame(), 'message')).toBe('Transaction t is already open');
  });

  it('a committed transaction id can be used again', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.0');
    for (let round = 0; round < 2; round++) {
      await peer.request('BEGIN', { transaction: 'same' });
      await peer.request('SEND', { destination: '/topic/x', transaction: 'same' }, 'x');
      await peer.request('COMMIT', { transaction: 'same' });
    }
    expect(b.destinations().topics[0].published).toBe(2);
  });
});
