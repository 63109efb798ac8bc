/**
 * Faults, as Toxiproxy injects them plus the STOMP-aware ones: latency, a bandwidth limit, a
 * connection cut after N frames or on demand, swallowed RECEIPTs, a corrupted byte.
 */
import { describe, expect, it } from 'vitest';
import { startSandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';
import { FaultSettingsError } from '../../src-core/proxy';
import { CONNECT_12, CONNECTED_12, frameText, loggedProxy, onCleanup, rawClient, rawUpstream, sleep } from './proxy-kit';

async function session(options: Partial<Parameters<typeof loggedProxy>[0]> = {}) {
  const upstream = await rawUpstream();
  const logged = await loggedProxy({ upstream: upstream.url, ...options });
  const client = await rawClient(logged.port);
  client.write(CONNECT_12);
  const broker = await upstream.nextPeer();
  await broker.received.untilText('CONNECT');
  broker.write(CONNECTED_12);
  await client.received.untilText('CONNECTED');
  return { ...logged, client, broker, upstream };
}

const send = (body: string) => frameText('SEND', [['destination', '/queue/a']], body);

describe('proxy faults', () => {
  it('delays one direction by the latency asked for, keeping order; taking it away flushes what waits', async () => {
    const s = await session();
    s.proxy.setFaults({ latency: { ms: 200, direction: 'client-to-broker' } });
    const started = performance.now();
    s.client.write(send('one'));
    s.client.write(send('two'));
    s.broker.write(frameText('RECEIPT', [['receipt-id', 'fast']]));
    await s.client.received.untilText('fast');
    expect(performance.now() - started).toBeLessThan(200);
    await s.broker.received.untilText('two');
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    expect(s.broker.received.text()).toBe(CONNECT_12 + send('one') + send('two'));

    s.proxy.setFaults({ latency: { ms: 10_000 } });
    s.client.write(send('three'));
    await sleep(50);
    expect(s.broker.received.text()).not.toContain('three');
    const cleared = performance.now();
    s.proxy.setFaults({});
    await s.broker.received.untilText('three');
    expect(performance.now() - cleared).toBeLessThan(1000);
  });

  it('limits bandwidth: 60 KB at 100 KB/s takes about 0.6 s, bytes intact', async () => {
    const s = await session({ faults: { bandwidth: { bytesPerSecond: 100_000, direction: 'client-to-broker' } } });
    const body = 'b'.repeat(60_000);
    const started = performance.now();
    s.client.write(send(body));
    await s.broker.received.untilText(body + '\0', 5000);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    expect(s.broker.received.text()).toBe(CONNECT_12 + send(body));
  });

  it('cuts the connection after N frames from the client: the Nth arrives, nothing after it', async () => {
    const s = await session({ faults: { dropAfterFrames: { count: 3, direction: 'client-to-broker' } } });
    // CONNECT was the first; two more pass, the fourth never does.
    s.client.write(send('2') + send('3') + send('4'));
    await s.broker.received.untilEnded();
    await s.client.received.untilEnded();
    expect(s.broker.received.text()).toBe(CONNECT_12 + send('2') + send('3'));
    expect(await s.waitFor('close')).toMatchObject({ initiator: 'fault', reason: expect.stringContaining('dropped after 3 frame(s)') });
  });

  it('drops a connection on demand, both sides', async () => {
    const s = await session();
    s.proxy.drop(1);
    await s.client.received.untilEnded();
    await s.broker.received.untilEnded();
    expect(await s.waitFor('close')).toMatchObject({ initiator: 'fault', reason: 'dropped on demand' });
  });

  it('flips one byte of the next frame (the middle of its body), or of the nth', async () => {
    const s = await session();
    s.proxy.corruptNext('client-to-broker');
    s.client.write(send('hello world'));
    await s.broker.received.untilText('\0', 2000);
    await s.broker.received.untilLength(CONNECT_12.length + send('hello world').length);
    const got = Buffer.from(s.broker.received.text().slice(CONNECT_12.length), 'latin1');
    const sent = Buffer.from(send('hello world'), 'latin1');
    const differing = [...sent.keys()].filter((i) => got[i] !== sent[i]);
    expect(differing).toEqual([sent.indexOf('hello world') + 5]);
    expect(got[differing[0]]).toBe(sent[differing[0]] ^ 0xff);
    expect(s.of('altered')[0]).toMatchObject({ action: 'corrupted', detail: expect.stringMatching(/flipped from 0x20 to 0xdf/) });

    // The next one passes untouched: the corruption was one-shot.
    s.client.write(send('intact'));
    await s.broker.received.untilText('intact');

    s.proxy.setFaults({ corruptFrame: { nth: 1, direction: 'broker-to-client' } });
    const second = await rawClient(s.port);
    second.write(CONNECT_12);
    const broker2 = await s.upstream.nextPeer();
    await broker2.received.untilText('CONNECT');
    broker2.write(CONNECTED_12);
    await second.received.untilLength(CONNECTED_12.length);
    // CONNECTED has no body: its command's first byte is flipped, so the client sees garbage.
    expect(second.received.bytes[0]).toBe('C'.charCodeAt(0) ^ 0xff);
  });

  it('swallows RECEIPTs: the broker confirms, the client never hears it (sandbox broker, our client)', async () => {
    const broker = await startSandboxBroker({});
    onCleanup(() => broker.close());
    const s = await loggedProxy({ upstream: broker.url, faults: { swallowReceipts: true } });
    const client = new StompClient({ uri: `tcp://127.0.0.1:${s.port}`, receiptTimeout: 400, reconnect: false });
    onCleanup(() => client.disconnect({ timeout: 200 }).catch(() => undefined));
    await client.connect();
    await expect(client.send('/queue/swallow', 'hi', { receipt: true })).rejects.toThrow(/receipt/i);
    const swallowed = await s.waitFor('altered', (a) => a.action === 'swallowed');
    expect(swallowed.direction).toBe('broker-to-client');
    expect(broker.destinations().queues.find((q) => q.name === '/queue/swallow')?.depth).toBe(1);
  });

  it('refuses fault settings out of range, naming the field', async () => {
    const { proxy } = await loggedProxy({ upstream: 'tcp://127.0.0.1:1' });
    expect(() => proxy.setFaults({ latency: { ms: -1 } })).toThrow(FaultSettingsError);
    expect(() => proxy.setFaults({ bandwidth: { bytesPerSecond: 0 } })).toThrow(/bandwidth.bytesPerSecond: must be a whole number from 1/);
    expect(() => proxy.setFaults({ dropAfterFrames: { count: 1.5 } })).toThrow(/dropAfterFrames.count/);
    expect(proxy.faults()).toEqual({});
  });
});
