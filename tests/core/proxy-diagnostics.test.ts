/**
 * What the proxy points out beyond the parser's rules: raw colons under 1.1/1.2, a NUL-ended body
 * that was cut short, receipts not waited for, silent heart-beats, a broken negotiation, a
 * connection closed inside a frame. Every diagnostic names the direction and the byte.
 */
import { describe, expect, it } from 'vitest';
import { CONNECT_12, CONNECTED_12, frameText, loggedProxy, rawClient, rawUpstream } from './proxy-kit';

async function session(connect = CONNECT_12, connected = CONNECTED_12) {
  const upstream = await rawUpstream();
  const logged = await loggedProxy({ upstream: upstream.url });
  const client = await rawClient(logged.port);
  client.write(connect);
  const broker = await upstream.nextPeer();
  await broker.received.untilText('\0');
  broker.write(connected);
  await client.received.untilLength(connected.length);
  return { ...logged, client, broker };
}

describe('proxy diagnostics', () => {
  it('points at a raw colon in a 1.2 header value, and relays the frame as it came', async () => {
    const s = await session();
    const frame = frameText('SEND', [['destination', '/queue/a'], ['x-url', 'http://h']], 'b');
    s.client.write(frame);
    const d = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'unescaped-colon');
    expect(d.direction).toBe('client-to-broker');
    expect(d.diagnostic.offset).toBe(CONNECT_12.length + frame.indexOf('http:') + 4);
    expect(d.diagnostic.message).toMatch(/header "x-url" of SEND has a raw ':'/);
    await s.broker.received.untilText('b\0');
    expect(s.broker.received.text()).toBe(CONNECT_12 + frame);
  });

  it('says nothing of colons where they are allowed: escaped, in CONNECT, or under 1.0', async () => {
    const s = await session(frameText('CONNECT', [['accept-version', '1.0'], ['x', 'a:b']]), frameText('CONNECTED', [['session', 's:1']]));
    s.client.write(frameText('SEND', [['destination', '/q'], ['x', 'c:d']], 'one'));
    const escaped = await session();
    escaped.client.write(frameText('SEND', [['destination', '/q'], ['x', 'c\\cd']], 'two'));
    await s.waitFor('frame', (f) => f.frame.command === 'SEND');
    await escaped.waitFor('frame', (f) => f.frame.command === 'SEND');
    expect(s.of('diagnostic')).toEqual([]);
    expect(escaped.of('diagnostic')).toEqual([]);
  });

  it('explains a NUL-ended body followed by bytes that are no frame: a NUL in a body without content-length', async () => {
    const s = await session();
    const bytes = 'SEND\ndestination:/queue/a\n\nab\0cd\0';
    s.client.write(bytes);
    const d = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'nul-in-body-without-content-length');
    expect(d.diagnostic.offset).toBe(CONNECT_12.length + bytes.indexOf('\0'));
    expect(d.diagnostic.message).toMatch(/no content-length.*body most likely contains a NUL/);
  });

  it('follows receipts: an unknown one, a DISCONNECT without one, and a client that closes before its receipts', async () => {
    const s = await session();
    s.broker.write(frameText('RECEIPT', [['receipt-id', 'nobody-asked']]));
    expect((await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'unexpected-receipt')).direction).toBe('broker-to-client');
    const sendWithReceipt = frameText('SEND', [['destination', '/q'], ['receipt', 'r-1']], 'x');
    s.client.write(sendWithReceipt + frameText('DISCONNECT', []));
    const bare = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'disconnect-without-receipt');
    expect(bare.diagnostic.offset).toBe(CONNECT_12.length + sendWithReceipt.length);
    s.client.socket.end();
    const notAwaited = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'receipt-not-awaited');
    expect(notAwaited.diagnostic).toMatchObject({ offset: CONNECT_12.length, message: expect.stringContaining('1 receipt(s) outstanding (the first, "r-1", asked for by SEND') });
  });

  it('reports a side that stays silent past its heart-beat period, once per silence', async () => {
    const s = await session(frameText('CONNECT', [['accept-version', '1.2'], ['heart-beat', '50,0']]), frameText('CONNECTED', [['version', '1.2'], ['heart-beat', '0,50']]));
    const d = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'heartbeat-missed', 2000);
    expect(d.direction).toBe('client-to-broker');
    expect(d.diagnostic.message).toMatch(/nothing from the client for .* s; it agreed to send something every 0.1 s/);
    expect(s.of('diagnostic').filter((e) => e.diagnostic.rule === 'heartbeat-missed')).toHaveLength(1);
    s.client.write('\n');
    await s.waitFor('heartbeat', (h) => h.direction === 'client-to-broker');
  });

  it('reports a negotiation the broker broke, and a connection closed inside a frame', async () => {
    const s = await session(frameText('CONNECT', [['accept-version', '1.1']]), frameText('CONNECTED', [['version', '1.2']]));
    const broken = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'negotiation');
    expect(broken.diagnostic.message).toMatch(/the broker chose version 1.2, which was not offered/);
    s.client.write('SEND\ndestination:/q\ncontent-length:10\n\nabc');
    s.client.socket.end();
    const truncated = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'truncated-frame');
    expect(truncated.diagnostic.message).toMatch(/the connection closed inside a frame/);
  });
});

describe('proxy diagnostics, cut-short bodies that look like frames', () => {
  it('explains the unknown command that the rest of a cut-short body makes', async () => {
    const upstream = await rawUpstream();
    const s = await loggedProxy({ upstream: upstream.url });
    const client = await rawClient(s.port);
    client.write(CONNECT_12);
    const bytes = 'SEND\ndestination:/queue/a\n\nab\0CD\n\n\0';
    client.write(bytes);
    const d = await s.waitFor('diagnostic', (e) => e.diagnostic.rule === 'nul-in-body-without-content-length');
    expect(d.diagnostic.offset).toBe(CONNECT_12.length + bytes.indexOf('\0'));
    expect(s.of('diagnostic').map((e) => e.diagnostic.rule)).toEqual(['unknown-command', 'nul-in-body-without-content-length']);
  });
});
