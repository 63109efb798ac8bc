import { describe as group, expect, it } from 'vitest';
import { getAllHeaders } from '../../src-core/protocol/frame';
import { broker, eventually, header, RawPeer, text } from './broker-kit';

group('sandbox broker: queues and topics', () => {
  it('keeps queue messages until a consumer comes, in order', async () => {
    const b = await broker();
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    for (const n of [1, 2, 3]) producer.send('SEND', { destination: '/queue/wait' }, `m${n}`);
    await producer.request('DISCONNECT');
    expect(b.destinations().queues).toEqual([{ name: '/queue/wait', depth: 3, inFlight: 0, consumers: 0, enqueued: 3 }]);

    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    consumer.send('SUBSCRIBE', { id: 's', destination: '/queue/wait' });
    expect((await consumer.messages(3)).map(text)).toEqual(['m1', 'm2', 'm3']);
    expect(b.destinations().queues[0]).toMatchObject({ depth: 0, consumers: 1 });
  });

  it('hands queue messages round-robin to its consumers, each message to one', async () => {
    const b = await broker();
    const one = await RawPeer.connectVersion(b.port, '1.2');
    const two = await RawPeer.connectVersion(b.port, '1.1');
    await one.request('SUBSCRIBE', { id: 'a', destination: '/queue/rr' });
    await two.request('SUBSCRIBE', { id: 'b', destination: '/queue/rr' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    for (let n = 0; n < 6; n++) producer.send('SEND', { destination: '/queue/rr' }, `m${n}`);
    expect((await one.messages(3)).map(text)).toEqual(['m0', 'm2', 'm4']);
    expect((await two.messages(3)).map(text)).toEqual(['m1', 'm3', 'm5']);
    await one.expectSilence(30);
  });

  it('fans topic messages out to current subscribers only', async () => {
    const b = await broker();
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    await producer.request('SEND', { destination: '/topic/news' }, 'before anyone listened');
    const one = await RawPeer.connectVersion(b.port, '1.2');
    const two = await RawPeer.connectVersion(b.port, '1.0');
    await one.request('SUBSCRIBE', { id: 'a', destination: '/topic/news' });
    await two.request('SUBSCRIBE', { id: 'b', destination: '/topic/news' });
    await producer.request('SEND', { destination: '/topic/news' }, 'hello all');
    const [m1] = await one.messages(1);
    const [m2] = await two.messages(1);
    expect([text(m1), text(m2)]).toEqual(['hello all', 'hello all']);
    expect(header(m1, 'message-id')).toBe(header(m2, 'message-id'));
    expect(header(m1, 'subscription')).toBe('a');
    expect(header(m2, 'subscription')).toBe('b');
    await one.request('UNSUBSCRIBE', { id: 'a' });
    await producer.request('SEND', { destination: '/topic/news' }, 'second');
    expect(text((await two.messages(1))[0])).toBe('second');
    await one.expectSilence(30);
    expect(b.destinations().topics).toEqual([{ name: '/topic/news', subscribers: 1, published: 3 }]);
  });

  it('refuses destinations outside /queue/ and /topic/', async () => {
    const b = await broker();
    for (const destination of ['/exchange/x', 'plain', '/queue/', '/temp-queue/t']) {
      const peer = await RawPeer.connectVersion(b.port, '1.2');
      peer.send('SEND', { destination }, 'x');
      const error = await peer.nextFrame();
      expect(error.command).toBe('ERROR');
      expect(header(error, 'message')).toBe(`Unknown destination ${destination}`);
      expect(text(error)).toContain('/queue/<name>');
      await peer.closedByBroker();
    }
  });

  it('requires a destination on SEND and SUBSCRIBE', async () => {
    const b = await broker();
    for (const command of ['SEND', 'SUBSCRIBE']) {
      const peer = await RawPeer.connectVersion(b.port, '1.2');
      peer.send(command, { id: 'x' });
      expect(header(await peer.nextFrame(), 'message')).toBe(`${command} frame is missing the destination header`);
      await peer.closedByBroker();
    }
  });

  it('delivers MESSAGE with subscription, unique colon-bearing message-id, destination, content-length and the sender headers', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SUBSCRIBE', { id: 'sub-1', destination: '/queue/h' });
    peer.send('SEND', [
      ['destination', '/queue/h'],
      ['content-type', 'text/plain'],
      ['x-dup', 'first'],
      ['x-dup', 'second'],
      ['message-id', 'forged'],
      ['subscription', 'forged'],
      ['redelivered', 'true'],
      ['priority', '4'],
    ], 'body');
    peer.send('SEND', { destination: '/queue/h' }, 'two');
    const [first, second] = await peer.messages(2);
    expect(first.headers.slice(0, 3).map(([name]) => name)).toEqual(['subscription', 'message-id', 'destination']);
    expect(header(first, 'subscription')).toBe('sub-1');
    expect(header(first, 'destination')).toBe('/queue/h');
    expect(header(first, 'message-id')).toMatch(/^ID:sandbox-.+:\d+$/);
    expect(header(first, 'message-id')).not.toBe(header(second, 'message-id'));
    expect(header(first, 'content-length')).toBe('4');
    expect(header(first, 'content-type')).toBe('text/plain');
    expect(header(first, 'priority')).toBe('4');
    expect(getAllHeaders(first, 'x-dup')).toEqual(['first', 'second']);
    expect(getAllHeaders(first, 'message-id')).toHaveLength(1);
    expect(getAllHeaders(first, 'subscription')).toEqual(['sub-1']);
    expect(header(first, 'redelivered')).toBeUndefined();
    expect(first.framing).toBe('content-length');
  });

  it('escapes the colons of message ids on the wire under 1.1 and 1.2, not under 1.0', async () => {
    const b = await broker();
    for (const version of ['1.0', '1.1', '1.2'] as const) {
      const peer = await RawPeer.connectVersion(b.port, version);
      await peer.request('SUBSCRIBE', { id: 's', destination: `/queue/esc-${version}` });
      const wire: Buffer[] = [];
      peer.socket.on('data', (chunk: Buffer) => wire.push(chunk));
      peer.send('SEND', { destination: `/queue/esc-${version}` }, 'x');
      const [message] = await peer.messages(1);
      const raw = Buffer.concat(wire).toString('latin1');
      const id = header(message, 'message-id')!;
      expect(id).toContain(':');
      expect(raw).toContain(`message-id:${version === '1.0' ? id : id.replaceAll(':', '\\c')}\n`);
    }
  });

  it('requires a subscription id from 1.1 on, and under 1.0 sends MESSAGE without subscription when none was given', async () => {
    const b = await broker();
    for (const version of ['1.1', '1.2'] as const) {
      const peer = await RawPeer.connectVersion(b.port, version);
      peer.send('SUBSCRIBE', { destination: '/queue/noid' });
      expect(header(await peer.nextFrame(), 'message')).toBe('SUBSCRIBE frame is missing the id header');
      await peer.closedByBroker();
    }
    const old = await RawPeer.connectVersion(b.port, '1.0');
    await old.request('SUBSCRIBE', { destination: '/queue/noid' });
    old.send('SEND', { destination: '/queue/noid' }, 'x');
    const [message] = await old.messages(1);
    expect(header(message, 'subscription')).toBeUndefined();
    await old.request('UNSUBSCRIBE', { destination: '/queue/noid' });
    expect(b.destinations().queues[0].consumers).toBe(0);
  });

  it('refuses a duplicate subscription id and an unknown UNSUBSCRIBE', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SUBSCRIBE', { id: 'a', destination: '/queue/d' });
    peer.send('SUBSCRIBE', { id: 'a', destination: '/topic/d' });
    expect(header(await peer.nextFrame(), 'message')).toBe('Duplicate subscription a');
    await peer.closedByBroker();
    const other = await RawPeer.connectVersion(b.port, '1.2');
    other.send('UNSUBSCRIBE', { id: 'nope' });
    expect(header(await other.nextFrame(), 'message')).toBe('No subscription matched');
  });

  it('carries binary bodies with NUL bytes byte for byte', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.1');
    await peer.request('SUBSCRIBE', { id: 's', destination: '/queue/bin' });
    const body = new Uint8Array(4096);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7) % 256;
    body[0] = 0;
    body[body.length - 1] = 0;
    peer.send('SEND', { destination: '/queue/bin', 'content-type': 'application/octet-stream' }, body);
    const [message] = await peer.messages(1);
    expect(Buffer.from(message.body).equals(Buffer.from(body))).toBe(true);
    expect(header(message, 'content-length')).toBe('4096');
  });

  it('carries a 1 MiB body', async () => {
    const b = await broker();
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    await consumer.request('SUBSCRIBE', { id: 's', destination: '/queue/big' });
    const producer = await RawPeer.connectVersion(b.port, '1.2');
    const body = new Uint8Array(1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 8)) & 0xff;
    await producer.request('SEND', { destination: '/queue/big' }, body);
    const [message] = await consumer.messages(1, 1500);
    expect(message.body.length).toBe(body.length);
    expect(Buffer.from(message.body).equals(Buffer.from(body))).toBe(true);
  });

  it('answers receipts in order, after the frames before them took effect', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    for (let n = 1; n <= 20; n++) {
      if (n % 2) peer.send('SEND', { destination: '/queue/r', receipt: `r${n}` }, 'x');
      else peer.send('BEGIN', { transaction: `t${n}`, receipt: `r${n}` });
    }
    const ids: string[] = [];
    for (let n = 1; n <= 20; n++) ids.push(header(await peer.nextFrame(), 'receipt-id')!);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => `r${i + 1}`));
    expect(b.destinations().queues[0].depth).toBe(10);
  });

  it('closes after DISCONNECT with its receipt, and only then', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    peer.send('DISCONNECT', { receipt: 'bye' });
    const receipt = await peer.nextFrame();
    expect(receipt.command).toBe('RECEIPT');
    expect(header(receipt, 'receipt-id')).toBe('bye');
    await peer.closedByBroker();
    const quiet = await RawPeer.connectVersion(b.port, '1.0');
    quiet.send('DISCONNECT');
    await quiet.closedByBroker();
    await eventually(() => expect(b.connections).toBe(0));
  });

  it('ignores frames a client sends after DISCONNECT', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    peer.sendRaw('DISCONNECT\nreceipt:d\n\n\0SEND\ndestination:/queue/late\n\nx\0');
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('d');
    await peer.closedByBroker();
    expect(b.destinations().queues).toEqual([]);
  });

  it('refuses server frames from a client', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    peer.send('MESSAGE', { destination: '/queue/x' }, 'x');
    expect(header(await peer.nextFrame(), 'message')).toBe('Unexpected MESSAGE frame');
    await peer.closedByBroker();
  });
});
