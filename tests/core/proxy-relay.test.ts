/**
 * The proxy as a relay: bytes pass unchanged both ways whatever they are, the parsed copy reports
 * every frame, heart-beat and broken rule in order with its direction, the parser follows the
 * version negotiation, back-pressure holds both ways, and both sides close cleanly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECT_12, CONNECTED_12, frameText, loggedProxy, rawClient, rawUpstream, sleep } from './proxy-kit';

describe('proxy relay', () => {
  it('relays any bytes unchanged both ways, however they are cut', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 6 }), fc.array(fc.uint8Array({ minLength: 1, maxLength: 3000 }), { minLength: 1, maxLength: 6 }), async (up, down) => {
        const upstream = await rawUpstream();
        const { port } = await loggedProxy({ upstream: upstream.url });
        const client = await rawClient(port);
        for (const chunk of up) client.write(chunk);
        const broker = await upstream.nextPeer();
        for (const chunk of down) broker.write(chunk);
        const upBytes = Buffer.concat(up);
        const downBytes = Buffer.concat(down);
        await broker.received.untilLength(upBytes.length);
        await client.received.untilLength(downBytes.length);
        expect(broker.received.bytes.equals(upBytes)).toBe(true);
        expect(client.received.bytes.equals(downBytes)).toBe(true);
        client.socket.destroy();
      }),
      { numRuns: 15 },
    );
  });

  it('reports every frame in order with its direction, seq and the negotiated session', async () => {
    const upstream = await rawUpstream();
    const { port, log, waitFor, frames } = await loggedProxy({ upstream: upstream.url });
    const client = await rawClient(port);
    client.write(CONNECT_12.replace('\0', '') + '\0');
    const broker = await upstream.nextPeer();
    await broker.received.untilLength(CONNECT_12.length);
    broker.write(frameText('CONNECTED', [['version', '1.2'], ['heart-beat', '0,0'], ['server', 'raw/1']]));
    await client.received.untilText('CONNECTED');
    client.write(frameText('SUBSCRIBE', [['id', '0'], ['destination', '/queue/a']]) + frameText('SEND', [['destination', '/queue/a'], ['receipt', 'r1']], 'hello'));
    await broker.received.untilText('hello');
    broker.write(frameText('RECEIPT', [['receipt-id', 'r1']]) + '\n' + frameText('MESSAGE', [['destination', '/queue/a'], ['message-id', 'm1'], ['subscription', '0'], ['content-length', '5']], 'hello'));
    await waitFor('frame', (f) => f.frame.command === 'MESSAGE');
    expect(frames().map((f) => [f.seq, f.direction, f.frame.command])).toEqual([
      [1, 'client-to-broker', 'CONNECT'],
      [2, 'broker-to-client', 'CONNECTED'],
      [3, 'client-to-broker', 'SUBSCRIBE'],
      [4, 'client-to-broker', 'SEND'],
      [5, 'broker-to-client', 'RECEIPT'],
      [6, 'broker-to-client', 'MESSAGE'],
    ]);
    const message = frames().at(-1)!.frame;
    expect(Buffer.from(message.body).toString()).toBe('hello');
    expect(message.framing).toBe('content-length');
    const beat = await waitFor('heartbeat');
    expect(beat).toMatchObject({ direction: 'broker-to-client', connection: 1 });
    expect(log.find((e) => e.type === 'negotiated')).toMatchObject({ session: { version: '1.2', clientBeatsEvery: 0, brokerBeatsEvery: 0, server: 'raw/1' } });
    expect(log[0]).toMatchObject({ type: 'open', connection: 1, broker: upstream.url });
  });

  it('parses by the negotiated version: 1.0 has no escapes and no heart-beats, switching right after CONNECTED', async () => {
    const upstream = await rawUpstream();
    const { port, waitFor, of } = await loggedProxy({ upstream: upstream.url });
    const client = await rawClient(port);
    client.write(frameText('CONNECT', [['accept-version', '1.0,1.2'], ['host', '/']]));
    const broker = await upstream.nextPeer();
    await broker.received.untilText('CONNECT');
    // CONNECTED and a MESSAGE in one chunk: the MESSAGE must already be read by 1.0 rules.
    broker.write(frameText('CONNECTED', [['version', '1.0']]) + frameText('MESSAGE', [['destination', '/q'], ['x', 'a\\cb']], 'x') + '\n\n');
    const message = await waitFor('frame', (f) => f.frame.command === 'MESSAGE');
    expect(message.frame.headers).toContainEqual(['x', 'a\\cb']);
    client.write(frameText('SEND', [['destination', '/q'], ['y', 'c\\cd']], 'z') + '\n');
    const send = await waitFor('frame', (f) => f.frame.command === 'SEND');
    expect(send.frame.headers).toContainEqual(['y', 'c\\cd']);
    await sleep(50);
    expect(of('heartbeat')).toEqual([]);

    // The same bytes under 1.2: decoded, and the EOL is a heart-beat.
    const second = await rawClient(port);
    second.write(CONNECT_12);
    const broker2 = await upstream.nextPeer();
    await broker2.received.untilText('CONNECT');
    broker2.write(CONNECTED_12 + frameText('MESSAGE', [['destination', '/q'], ['x', 'a\\cb']], 'x') + '\n');
    const decoded = await waitFor('frame', (f) => f.connection === 2 && f.frame.command === 'MESSAGE');
    expect(decoded.frame.headers).toContainEqual(['x', 'a:b']);
    await waitFor('heartbeat', (h) => h.connection === 2);
  });

  it('relays a broken stream unchanged and diagnoses it with stream offsets', async () => {
    const upstream = await rawUpstream();
    const { port, waitFor } = await loggedProxy({ upstream: upstream.url });
    const client = await rawClient(port);
    const bad = CONNECT_12 + 'BOGUS\n\n\0' + frameText('SEND', [['destination', '/q'], ['content-length', '2']], 'abc');
    client.write(bad);
    const broker = await upstream.nextPeer();
    await broker.received.untilLength(bad.length);
    expect(broker.received.text()).toBe(bad);
    const unknown = await waitFor('diagnostic', (d) => d.diagnostic.rule === 'unknown-command');
    expect(unknown).toMatchObject({ direction: 'client-to-broker', diagnostic: { offset: CONNECT_12.length } });
    const wrongLength = await waitFor('diagnostic', (d) => d.diagnostic.rule === 'missing-nul-after-body');
    expect(wrongLength.diagnostic.offset).toBe(bad.length - 2);
  });

  it('holds back-pressure both ways: a reader that stops makes the proxy stop reading, and nothing is lost', async () => {
    const upstream = await rawUpstream({ autoRead: false });
    const { proxy, port } = await loggedProxy({ upstream: upstream.url });
    const client = await rawClient(port);
    const broker = await upstream.nextPeer();
    const total = 64 * 1024 * 1024;
    const block = Buffer.alloc(1024 * 1024, 7);
    // Without back-pressure the proxy would read all 64 MiB while the broker reads nothing.
    // With it, it reads its own 4 MiB buffer's worth plus what the kernel's socket buffers hold.
    const bound = 24 * 1024 * 1024;

    for (let sent = 0; sent < total; sent += block.length) client.socket.write(block);
    await sleep(400);
    expect(proxy.connections()[0].bytes['client-to-broker']).toBeLessThan(bound);
    broker.socket.resume();
    await broker.received.untilLength(total, 20_000);
    expect(broker.received.length).toBe(total);

    client.socket.pause();
    for (let sent = 0; sent < total; sent += block.length) broker.socket.write(block);
    await sleep(400);
    expect(proxy.connections()[0].bytes['broker-to-client']).toBeLessThan(bound);
    client.socket.resume();
    await client.received.untilLength(total, 20_000);
    expect(client.received.length).toBe(total);
  });

  it('closes both sides cleanly: what was sent arrives, then the other side ends', async () => {
    const upstream = await rawUpstream();
    const { port, waitFor } = await loggedProxy({ upstream: upstream.url });
    const client = await rawClient(port);
    client.write(CONNECT_12);
    const broker = await upstream.nextPeer();
    await broker.received.untilText('CONNECT');
    broker.write(CONNECTED_12 + frameText('ERROR', [['message', 'bye']]));
    broker.socket.end();
    await client.received.untilEnded();
    expect(client.received.text()).toBe(CONNECTED_12 + frameText('ERROR', [['message', 'bye']]));
    const close = await waitFor('close');
    expect(close).toMatchObject({ connection: 1, initiator: 'broker' });

    const second = await rawClient(port);
    second.write(CONNECT_12 + frameText('DISCONNECT', []));
    const broker2 = await upstream.nextPeer();
    second.socket.end();
    await broker2.received.untilEnded();
    expect(broker2.received.text()).toBe(CONNECT_12 + frameText('DISCONNECT', []));
    expect(await waitFor('close', (c) => c.connection === 2)).toMatchObject({ initiator: 'client' });
  });

  it('tells a client why when no broker answers, in an ERROR frame, then closes', async () => {
    const { port, waitFor } = await loggedProxy({ upstream: 'tcp://127.0.0.1:1', connectTimeout: 2000 });
    const client = await rawClient(port);
    client.write(CONNECT_12);
    await client.received.untilEnded();
    expect(client.received.text()).toMatch(/^ERROR\nmessage:STOMP Explorer proxy cannot reach the broker\n/);
    expect(client.received.text()).toContain('tcp://127.0.0.1:1');
    expect(await waitFor('close')).toMatchObject({ initiator: 'proxy', reason: expect.stringContaining('cannot reach the broker') });
  });

  it('walks a failover URI to the first broker that answers', async () => {
    const upstream = await rawUpstream();
    const { port, waitFor } = await loggedProxy({ upstream: `failover:(tcp://127.0.0.1:1,tcp://127.0.0.1:${upstream.port})?randomize=false&initialReconnectDelay=10` });
    const client = await rawClient(port);
    client.write(CONNECT_12);
    const broker = await upstream.nextPeer();
    await broker.received.untilText('CONNECT');
    expect(await waitFor('open')).toMatchObject({ broker: upstream.url });
  });
});
