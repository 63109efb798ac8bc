import { describe as group, expect, it } from 'vitest';
import { broker, header, RawPeer, text } from './broker-kit';

group('sandbox broker: malformed input from a client', () => {
  it('answers an undefined escape with ERROR naming the rule and byte offset, then closes', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    const connectBytes = 'CONNECT\naccept-version:1.2\nhost:sandbox\n\n\0'.length;
    const frame = 'SEND\ndestination:/queue/x\nbad:a\\tb\n\nbody\0';
    peer.sendRaw(frame);
    const error = await peer.nextFrame();
    expect(error.command).toBe('ERROR');
    const offset = connectBytes + frame.indexOf('\\t');
    expect(header(error, 'message')).toBe(`Malformed frame: undefined-escape at byte ${offset}`);
    expect(text(error)).toContain('undefined escape \\t');
    expect(text(error)).toContain(`at byte ${offset}, rule undefined-escape`);
    await peer.closedByBroker();
    expect(b.destinations().queues).toEqual([]);
  });

  it('handles the frames before the malformed one in the same chunk', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    peer.sendRaw('SEND\ndestination:/queue/x\nreceipt:ok\n\ngood\0SEND\ndestination:/queue/x\ncontent-length:2\n\nabc\0');
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('ok');
    const error = await peer.nextFrame();
    expect(header(error, 'message')).toMatch(/^Malformed frame: missing-nul-after-body at byte \d+$/);
    await peer.closedByBroker();
    expect(b.destinations().queues[0].enqueued).toBe(1);
  });

  it.each([
    ['an unknown command', 'FROB\n\n\0', 'unknown-command'],
    ['a header without colon', 'SEND\ndestination:/queue/x\nnocolon\n\n\0', 'header-without-colon'],
    ['a body on SUBSCRIBE', 'SUBSCRIBE\nid:1\ndestination:/queue/x\n\nbody\0', 'body-not-allowed'],
    ['a bad content-length', 'SEND\ndestination:/queue/x\ncontent-length:lots\n\nx\0', 'invalid-content-length'],
    ['invalid UTF-8 in a header', 'SEND\ndestination:/queue/\xff\n\nx\0', 'invalid-utf8'],
  ])('refuses %s', async (_, bytes, rule) => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.1');
    peer.sendRaw(bytes);
    expect(header(await peer.nextFrame(), 'message')).toContain(`Malformed frame: ${rule} at byte`);
    await peer.closedByBroker();
  });

  it('refuses CR LF line ends under 1.1 but accepts them under 1.2', async () => {
    const b = await broker();
    const old = await RawPeer.connectVersion(b.port, '1.1');
    old.sendRaw('SEND\r\ndestination:/queue/x\r\n\r\nx\0');
    expect(header(await old.nextFrame(), 'message')).toContain('crlf-not-allowed');
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SEND', { destination: '/queue/ok' });
    peer.sendRaw('SEND\r\ndestination:/queue/ok\r\nreceipt:crlf\r\n\r\nx\0\r\n');
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('crlf');
  });

  it('refuses a frame larger than maxFrameSize', async () => {
    const b = await broker({ maxFrameSize: 1024 });
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    await peer.request('SEND', { destination: '/queue/x' }, 'small');
    peer.send('SEND', { destination: '/queue/x' }, new Uint8Array(2000));
    expect(header(await peer.nextFrame(), 'message')).toMatch(/^Malformed frame: frame-too-large at byte \d+$/);
    await peer.closedByBroker();
  });

  it('a malformed CONNECT gets an ERROR too', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('CONNECT\naccept-version\n\n\0');
    const error = await peer.nextFrame();
    expect(header(error, 'message')).toBe('Malformed frame: header-without-colon at byte 8');
    await peer.closedByBroker();
  });

  it('survives a frame fed one byte at a time', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    peer.socket.setNoDelay(true);
    const bytes = Buffer.from('SEND\ndestination:/queue/slow\nreceipt:r\ncontent-length:3\n\na\0b\0');
    for (const byte of bytes) {
      peer.sendRaw(Uint8Array.of(byte));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('r');
    const consumer = await RawPeer.connectVersion(b.port, '1.2');
    consumer.send('SUBSCRIBE', { id: 's', destination: '/queue/slow' });
    expect(Buffer.from((await consumer.messages(1))[0].body)).toEqual(Buffer.from('a\0b'));
  });
});
