import { readFileSync } from 'node:fs';
import { describe as group, expect, it } from 'vitest';
import { SANDBOX_VERSION, SERVER_NAME } from '../../src-core/broker/index';
import { broker, header, RawPeer, text } from './broker-kit';

group('sandbox broker: CONNECT and version negotiation', () => {
  it('starts on a random loopback port and reports its url', async () => {
    const b = await broker();
    expect(b.host).toBe('127.0.0.1');
    expect(b.port).toBeGreaterThan(0);
    expect(b.url).toBe(`tcp://127.0.0.1:${b.port}`);
  });

  it.each([
    ['1.0,1.1,1.2', '1.2'],
    ['1.1', '1.1'],
    ['1.0', '1.0'],
    ['1.0,1.1', '1.1'],
    [' 1.2 , 1.1 ', '1.2'],
    ['1.1,2.0', '1.1'],
  ])('accept-version:%s negotiates %s', async (accept, version) => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw(`CONNECT\naccept-version:${accept}\nhost:sandbox\n\n\0`);
    const connected = await peer.nextFrame();
    expect(connected.command).toBe('CONNECTED');
    expect(header(connected, 'version')).toBe(version);
    expect(header(connected, 'server')).toBe(SERVER_NAME);
    expect(header(connected, 'session')).toMatch(/^sandbox-/);
  });

  it('treats a CONNECT without accept-version as 1.0 and sends no heart-beat header', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('CONNECT\nlogin:any\npasscode:any\n\n\0');
    const connected = await peer.nextFrame();
    expect(header(connected, 'version')).toBe('1.0');
    expect(header(connected, 'heart-beat')).toBeUndefined();
  });

  it.each(['1.1', '1.2'])('accepts the STOMP command under %s', async (version) => {
    const b = await broker();
    const peer = await RawPeer.connect(b.port, { 'accept-version': version, host: 'sandbox' }, 'STOMP');
    expect(peer.version).toBe(version);
  });

  it('answers the server heart-beat wishes in CONNECTED', async () => {
    const b = await broker({ heartBeat: [250, 500] });
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('CONNECT\naccept-version:1.2\nhost:h\nheart-beat:0,0\n\n\0');
    expect(header(await peer.nextFrame(), 'heart-beat')).toBe('250,500');
  });

  it('refuses a CONNECT that shares no version, naming the supported ones, and closes', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('CONNECT\naccept-version:2.0,3.1\nhost:h\n\n\0');
    const error = await peer.nextFrame();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'version')).toBe('1.0,1.1,1.2');
    expect(header(error, 'message')).toContain('1.0,1.1,1.2');
    await peer.closedByBroker();
  });

  it('checks login and passcode when users are configured', async () => {
    const b = await broker({ users: [{ login: 'guest', passcode: 'guest' }] });
    await RawPeer.connect(b.port, { 'accept-version': '1.2', host: 'h', login: 'guest', passcode: 'guest' });

    const wrong = await RawPeer.open(b.port);
    wrong.sendRaw('CONNECT\naccept-version:1.2\nhost:h\nlogin:guest\npasscode:nope\n\n\0');
    const error = await wrong.nextFrame();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe('Authentication failed');
    expect(text(error)).toContain('guest');
    await wrong.closedByBroker();

    const anonymous = await RawPeer.open(b.port);
    anonymous.sendRaw('CONNECT\naccept-version:1.2\nhost:h\n\n\0');
    expect((await anonymous.nextFrame()).command).toBe('ERROR');
    await anonymous.closedByBroker();
  });

  it('accepts any login when no users are configured', async () => {
    const b = await broker();
    await RawPeer.connect(b.port, { 'accept-version': '1.2', host: 'h', login: 'who', passcode: 'ever' });
    await RawPeer.connect(b.port, { 'accept-version': '1.2', host: 'h' });
  });

  it('refuses any frame before CONNECT', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('SEND\ndestination:/queue/a\nreceipt:7\n\nhi\0');
    const error = await peer.nextFrame();
    expect(error.command).toBe('ERROR');
    expect(header(error, 'message')).toBe('Not connected');
    expect(header(error, 'receipt-id')).toBe('7');
    await peer.closedByBroker();
  });

  it('refuses a second CONNECT', async () => {
    const b = await broker();
    const peer = await RawPeer.connectVersion(b.port, '1.2');
    peer.send('CONNECT', { 'accept-version': '1.2', host: 'h' });
    expect(header(await peer.nextFrame(), 'message')).toBe('Already connected');
    await peer.closedByBroker();
  });

  it('refuses a heart-beat header that is not two numbers', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('CONNECT\naccept-version:1.2\nhost:h\nheart-beat:soon\n\n\0');
    expect(header(await peer.nextFrame(), 'message')).toBe('Invalid heart-beat header');
    await peer.closedByBroker();
  });

  it('parses CONNECT and the next frame in one chunk with the negotiated version', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    // Under 1.0 `\t` is two plain bytes; parsed by 1.2 rules it would be an undefined escape.
    peer.sendRaw('CONNECT\naccept-version:1.0\n\n\0SUBSCRIBE\ndestination:/queue/v\nid:s\nreceipt:a\\tb\n\n\0');
    expect((await peer.nextFrame()).command).toBe('CONNECTED');
    const receipt = await peer.nextFrame();
    expect(receipt.command).toBe('RECEIPT');
    expect(header(receipt, 'receipt-id')).toBe('a\\tb');
  });

  it('answers a receipt on CONNECT after CONNECTED', async () => {
    const b = await broker();
    const peer = await RawPeer.open(b.port);
    peer.sendRaw('CONNECT\naccept-version:1.2\nhost:h\nreceipt:c1\n\n\0');
    expect((await peer.nextFrame()).command).toBe('CONNECTED');
    expect(header(await peer.nextFrame(), 'receipt-id')).toBe('c1');
  });

  it('names the package version in its server header', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(SANDBOX_VERSION).toBe(pkg.version);
  });
});
