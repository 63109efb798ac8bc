import { describe as group, expect, it } from 'vitest';
import { broker, eventually, header, RawPeer, sleep, text } from './broker-kit';

group('sandbox broker: fault switches', () => {
  it('dropAfterFrames: N handles frames 1..N-1 and drops the socket on the Nth, unhandled', async () => {
    const b = await broker({ faults: { dropAfterFrames: 3 } });
    const peer = await RawPeer.connectVersion(b.port, '1.2'); // frame 1
    await peer.request('SEND', { destination: '/queue/d' }, 'handled'); // frame 2
    peer.send('SEND', { destination: '/queue/d', receipt: 'never' }, 'dropped'); // frame 3
    await peer.closedByBroker();
    expect(peer.received.filter((item) => item.type === 'frame').map((item) => item.type === 'frame' && item.frame.command)).toEqual(['CONNECTED', 'RECEIPT']);
    expect(b.destinations().queues[0].enqueued).toBe(1);
    await eventually(() => expect(b.stats().connectionsDropped).toBe(1));
  });

  it('dropAfterFrames: 1 drops on CONNECT; 0 drops on accept', async () => {
    const b = await broker({ faults: { dropAfterFrames: 1 } });
    const peer = await RawPeer.open(b.port);
    peer.send('CONNECT', { 'accept-version': '1.2', host: 'h' });
    await peer.closedByBroker();
    expect(peer.received).toHaveLength(0);
    b.setFaults({ dropAfterFrames: 0 });
    const early = await RawPeer.open(b.port);
    await early.closedByBroker();
  });

  it('dropAfterFrames set at run time counts frames already received', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('BEGIN', { transaction: 't' });
    b.setFaults({ dropAfterFrames: 2 });
    peer.send('ABORT', { transaction: 't', receipt: 'r' });
    await peer.closedByBroker();
    b.setFaults({ dropAfterFrames: undefined });
    expect(b.faults()).toEqual({});
    await RawPeer.connectVersion(b.port, '1.2');
  });

  it('stallHeartBeats: silence (no beats, no answers) until cleared, then everything held arrives', async () => {
    const b = await broker({ heartBeat: [30, 0] });
    const peer = await RawPeer.connectVersion(b.port, '1.2', { 'heart-beat': '0,30' });
    await sleep(80);
    expect(peer.heartBeats().length).toBeGreaterThan(0);
    b.setFaults({ stallHeartBeats: true });
    await sleep(15); // a beat written just before the stall may still be on its way
    const beatsBefore = peer.heartBeats().length;
    peer.send('SUBSCRIBE', { id: 's', destination: '/queue/stall', receipt: 'r1' });
    await peer.expectSilence(150);
    expect(peer.heartBeats().length).toBe(beatsBefore);
    expect(peer.closed).toBe(false);
    b.setFaults({ stallHeartBeats: false });
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('r1');
    await sleep(80);
    expect(peer.heartBeats().length).toBeGreaterThan(beatsBefore);
  });

  it('stallHeartBeats: a connection opened while stalled gets no CONNECTED until it clears', async () => {
    const b = await broker({ faults: { stallHeartBeats: true } });
    const peer = await RawPeer.open(b.port);
    peer.send('CONNECT', { 'accept-version': '1.2', host: 'h' });
    await peer.expectSilence(60);
    b.setFaults({ stallHeartBeats: false });
    expect((await peer.nextFrame()).command).toBe('CONNECTED');
  });

  it('stallHeartBeats: input is not read while stalled; a SEND takes effect once the stall ends', async () => {
    const b = await broker();
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    await consumer.request('SUBSCRIBE', { id: 's', destination: '/queue/q' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    b.setFaults({ stallHeartBeats: true });
    producer.send('SEND', { destination: '/queue/q' }, 'x');
    await sleep(30);
    expect(b.destinations().queues[0].enqueued).toBe(0);
    b.setFaults({ stallHeartBeats: false });
    const [message] = await consumer.messages(1);
    expect(text(message)).toBe('x');
  });

  it.each([
    ['1.2', 'undefined-escape', 'undefined-escape'],
    ['1.1', 'undefined-escape', 'undefined-escape'],
    ['1.0', 'undefined-escape', 'missing-nul-after-body'],
    ['1.2', 'content-length-without-nul', 'missing-nul-after-body'],
    ['1.0', 'unknown-command', 'unknown-command'],
  ] as const)('malformedAfterFrames under %s, kind %s: a strict parser fails with %s', async (version, kind, rule) => {
    const b = await broker({ faults: { malformedAfterFrames: 2, malformedKind: kind } });
    const peer = await RawPeer.connectVersion(b.port, version);
    await peer.request('SUBSCRIBE', { id: 'sub', destination: '/queue/m' });
    const error = await peer.nextParseError();
    expect(error.rule).toBe(rule);
    expect(b.stats().malformedSent).toBe(1);
  });

  it('malformedAfterFrames defaults to an undefined escape under 1.2 and writes once per connection', async () => {
    const b = await broker({ faults: { malformedAfterFrames: 1 } });
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    expect((await peer.nextParseError()).rule).toBe('undefined-escape');
    const wire: Buffer[] = [];
    const other = await RawPeer.open(b.port);
    other.socket.on('data', (chunk: Buffer) => wire.push(chunk));
    other.send('CONNECT', { 'accept-version': '1.2', host: 'h' });
    await other.nextFrame();
    await other.nextParseError();
    await sleep(20);
    const raw = Buffer.concat(wire).toString('latin1');
    expect(raw).toContain('x-sandbox-escape:tab\\there');
    expect(raw.split('MESSAGE').length - 1).toBe(1);
    expect(b.stats().malformedSent).toBe(2);
  });

  it('malformedAfterFrames: 0 writes garbage before CONNECT', async () => {
    const b = await broker({ faults: { malformedAfterFrames: 0 } });
    const peer = await RawPeer.open(b.port);
    expect((await peer.nextParseError()).rule).toBe('missing-nul-after-body');
  });

  it('sendMalformed() writes to every connected session now', async () => {
    const b = await broker();
    const one = await RawPeer.connectVersion(b.port, '1.2');
    const two = await RawPeer.connectVersion(b.port, '1.0');
    await RawPeer.open(b.port); // not connected: left alone
    expect(b.sendMalformed()).toBe(2);
    expect((await one.nextParseError()).rule).toBe('undefined-escape');
    expect((await two.nextParseError()).rule).toBe('missing-nul-after-body');
    expect(b.sendMalformed('unknown-command')).toBe(2);
  });

  it('rejectConnect answers CONNECT with ERROR carrying the message, then closes', async () => {
    const b = await broker({ faults: { rejectConnect: 'Broker is going down' } });
    const peer = await RawPeer.open(b.port);
    peer.send('CONNECT', { 'accept-version': '1.2', host: 'h' });
    const error = await peer.nextFrame();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe('Broker is going down');
    expect(text(error)).toContain('rejectConnect');
    await peer.closedByBroker();
    b.setFaults({ rejectConnect: undefined });
    await RawPeer.connectVersion(b.port, '1.2');
  });

  it('delayReceiptsMs delays receipts and keeps their order, also across a change of delay', async () => {
    const b = await broker({ faults: { delayReceiptsMs: 120 } });
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    const start = Date.now();
    peer.send('SEND', { destination: '/queue/r', receipt: 'slow' }, 'x');
    await sleep(10);
    b.setFaults({ delayReceiptsMs: 0 });
    peer.send('SEND', { destination: '/queue/r', receipt: 'fast' }, 'y');
    const first = await peer.nextFrame();
    expect(header(first, 'receipt-id')).toBe('slow');
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('fast');
    // The SENDs themselves were not delayed.
    expect(b.destinations().queues[0].enqueued).toBe(2);
  });

  it('delayReceiptsMs delays the DISCONNECT receipt and the close after it', async () => {
    const b = await broker({ faults: { delayReceiptsMs: 80 } });
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    const start = Date.now();
    peer.send('DISCONNECT', { receipt: 'bye' });
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('bye');
    expect(Date.now() - start).toBeGreaterThanOrEqual(70);
    await peer.closedByBroker();
  });

  it('dropAllConnections closes every socket abruptly and requeues unacked messages', async () => {
    const b = await broker();
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    await consumer.request('SUBSCRIBE', { id: 's', destination: '/queue/q', ack: 'client' });
    consumer.send('SEND', { destination: '/queue/q' }, 'x');
    await consumer.messages(1);
    const idle = await RawPeer.connectVersion(b.port, '1.0');
    b.dropAllConnections();
    await consumer.closedByBroker();
    await idle.closedByBroker();
    await eventually(() => expect(b.connections).toBe(0));
    expect(b.destinations().queues[0]).toMatchObject({ depth: 1, inFlight: 0 });
    expect(consumer.received.some((item) => item.type === 'frame' && item.frame.command === 'ERROR')).toBe(false);
  });

  it('refuses switch values it cannot honour', async () => {
    const b = await broker();
    expect(() => b.setFaults({ dropAfterFrames: -1 })).toThrow(RangeError);
    expect(() => b.setFaults({ delayReceiptsMs: 1.5 })).toThrow(RangeError);
    expect(() => b.setFaults({ malformedKind: 'gibberish' as never })).toThrow(RangeError);
    expect(b.faults()).toEqual({});
  });
});
