/**
 * Hold (a breakpoint for frames): frames matching a rule wait for forward, edit-then-forward or
 * drop, holding everything behind them in their direction; the other direction flows on.
 */
import { describe, expect, it } from 'vitest';
import { HoldRuleError } from '../../src-core/proxy';
import { CONNECT_12, CONNECTED_12, frameText, loggedProxy, rawClient, rawUpstream, sleep } from './proxy-kit';

async function session(options: Parameters<typeof loggedProxy>[0] extends infer O ? Partial<O> : never = {}) {
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

const send = (destination: string, body: string, extra: [string, string][] = []) => frameText('SEND', [['destination', destination], ...extra], body);

describe('proxy hold', () => {
  it('holds a matching frame and everything behind it until forwarded, in order', async () => {
    const s = await session({ holdRules: [{ id: 'orders', commands: ['SEND'], destination: '/queue/orders.*' }] });
    const before = send('/queue/other', 'one');
    const held = send('/queue/orders.eu', 'two');
    const after = send('/queue/other', 'three');
    s.client.write(before + held + after);
    const hold = await s.waitFor('hold');
    expect(hold).toMatchObject({ connection: 1, direction: 'client-to-broker', rule: 'orders', frame: { command: 'SEND' } });
    await sleep(50);
    expect(s.broker.received.text()).toBe(CONNECT_12 + before);
    expect(s.proxy.connections()[0].held).toEqual([{ direction: 'client-to-broker', seq: hold.seq }]);
    // The other direction is not held.
    s.broker.write(frameText('RECEIPT', [['receipt-id', 'x']]));
    await s.client.received.untilText('RECEIPT');

    s.proxy.release(1, hold.seq, { action: 'forward' });
    await s.broker.received.untilText('three');
    expect(s.broker.received.text()).toBe(CONNECT_12 + before + held + after);
    expect(await s.waitFor('released')).toMatchObject({ seq: hold.seq, action: 'forwarded' });
  });

  it('forwards an edited frame in place of the held one, serialized by the negotiated version', async () => {
    const s = await session({ holdRules: [{ id: 'h', commands: ['SEND'] }] });
    s.client.write(send('/queue/a', 'original', [['x-kind', 'a:b']]) + send('/queue/b', 'next'));
    const hold = await s.waitFor('hold');
    s.proxy.release(1, hold.seq, { action: 'edit', frame: { command: 'SEND', headers: [['destination', '/queue/edited'], ['x-kind', 'c:d']], body: new TextEncoder().encode('edited') } });
    // The SEND behind it is held too (it matches the rule): let it go as it is.
    const next = await s.waitFor('hold', (h) => h.seq !== hold.seq);
    s.proxy.release(1, next.seq, { action: 'forward' });
    await s.broker.received.untilText('next');
    // 1.2 escapes the colon; no content-length header was given and the body has no NUL, so none is written.
    expect(s.broker.received.text()).toBe(CONNECT_12 + 'SEND\ndestination:/queue/edited\nx-kind:c\\cd\n\nedited\0' + send('/queue/b', 'next'));
    expect(s.of('altered')[0]).toMatchObject({ action: 'edited', seq: hold.seq, direction: 'client-to-broker' });
  });

  it('drops a held frame: the broker never sees it, what follows goes on', async () => {
    const s = await session({ holdRules: [{ id: 'secret', direction: 'client-to-broker', text: 'secret' }] });
    s.client.write(send('/queue/a', 'top secret') + send('/queue/a', 'public'));
    const hold = await s.waitFor('hold');
    s.proxy.release(1, hold.seq, { action: 'drop' });
    await s.broker.received.untilText('public');
    expect(s.broker.received.text()).toBe(CONNECT_12 + send('/queue/a', 'public'));
    expect(s.of('altered')[0]).toMatchObject({ action: 'dropped', size: send('/queue/a', 'top secret').length });
  });

  it('matches broker frames by header and text (re:), and keeps the client side flowing meanwhile', async () => {
    const s = await session({ holdRules: [{ id: 'urgent', direction: 'broker-to-client', commands: ['MESSAGE'], header: { name: 'priority', value: '9' }, text: 're:^urgent' }] });
    const plain = frameText('MESSAGE', [['destination', '/q'], ['priority', '9']], 'not urgent');
    const urgent = frameText('MESSAGE', [['destination', '/q'], ['priority', '9']], 'urgent: now');
    s.broker.write(plain + urgent);
    const hold = await s.waitFor('hold');
    expect(Buffer.from(hold.frame.body).toString()).toBe('urgent: now');
    s.client.write(send('/queue/a', 'meanwhile'));
    await s.broker.received.untilText('meanwhile');
    expect(s.client.received.text()).toBe(CONNECTED_12 + plain);
    s.proxy.release(1, hold.seq, { action: 'forward' });
    await s.client.received.untilText('now');
  });

  it('keeps the receiving side alive with heart-beats while a frame is held', async () => {
    const upstream = await rawUpstream();
    const s = await loggedProxy({ upstream: upstream.url, holdRules: [{ id: 'h', commands: ['SEND'] }] });
    const client = await rawClient(s.port);
    client.write(frameText('CONNECT', [['accept-version', '1.2'], ['host', '/'], ['heart-beat', '100,0']]));
    const broker = await upstream.nextPeer();
    await broker.received.untilText('CONNECT');
    broker.write(frameText('CONNECTED', [['version', '1.2'], ['heart-beat', '0,100']]));
    await client.received.untilText('CONNECTED');
    const connectLength = broker.received.length;
    client.write(send('/queue/a', 'wait'));
    const hold = await s.waitFor('hold');
    await sleep(450);
    const beats = broker.received.text().slice(connectLength);
    expect(beats).toMatch(/^\n{2,}$/);
    s.proxy.release(1, hold.seq, { action: 'forward' });
    await broker.received.untilText('wait');
  });

  it('discards a held frame when its client leaves, and says so', async () => {
    const s = await session({ holdRules: [{ id: 'h', commands: ['SEND'] }] });
    s.client.write(send('/queue/a', 'never'));
    const hold = await s.waitFor('hold');
    s.client.socket.end();
    expect(await s.waitFor('released')).toMatchObject({ seq: hold.seq, action: 'discarded' });
    await s.broker.received.untilEnded();
    expect(s.broker.received.text()).toBe(CONNECT_12);
  });

  it('holds a CONNECT and forwards an edit with the real passcode, shown masked', async () => {
    const upstream = await rawUpstream();
    const s = await loggedProxy({ upstream: upstream.url, holdRules: [{ id: 'c', commands: ['CONNECT'] }] });
    const client = await rawClient(s.port);
    client.write(frameText('CONNECT', [['accept-version', '1.2'], ['host', '/'], ['login', 'guest'], ['passcode', 'guest']]));
    const hold = await s.waitFor('hold');
    const broker = await upstream.nextPeer();
    // The UI edits what it was shown: the passcode masked; the proxy puts the real one back.
    s.proxy.release(1, hold.seq, { action: 'edit', frame: { command: 'CONNECT', headers: [['accept-version', '1.2'], ['host', 'vhost2'], ['login', 'guest'], ['passcode', '*****']], body: new Uint8Array(0) } });
    await broker.received.untilText('\0');
    expect(broker.received.text()).toBe(frameText('CONNECT', [['accept-version', '1.2'], ['host', 'vhost2'], ['login', 'guest'], ['passcode', 'guest']]));
  });

  it('refuses a bad rule with the rule and field named, keeping the rules it had', async () => {
    const { proxy } = await loggedProxy({ upstream: 'tcp://127.0.0.1:1', holdRules: [{ id: 'ok', commands: ['SEND'] }] });
    expect(() => proxy.setHoldRules([{ id: 'bad', destination: 're:(' }])).toThrow(HoldRuleError);
    expect(() => proxy.setHoldRules([{ id: 'bad', destination: 're:(' }])).toThrow(/hold rule bad: destination: "re:\(" is not a valid regular expression/);
    expect(proxy.holdRules()).toEqual([{ id: 'ok', commands: ['SEND'] }]);
    expect(() => proxy.setHoldRules([{ id: 'a' }, { id: 'a' }])).toThrow(/two hold rules have the id "a"/);
  });

  it('lets a frame already on its way pass when a rule arrives mid-frame', async () => {
    const s = await session();
    const whole = send('/queue/a', 'x'.repeat(1000));
    s.client.write(whole.slice(0, 500));
    await s.broker.received.untilLength(CONNECT_12.length + 500);
    s.proxy.setHoldRules([{ id: 'h', commands: ['SEND'] }]);
    s.client.write(whole.slice(500) + send('/queue/b', 'held'));
    await s.broker.received.untilLength(CONNECT_12.length + whole.length);
    const hold = await s.waitFor('hold');
    expect(hold.frame.headers).toContainEqual(['destination', '/queue/b']);
    expect(s.broker.received.text()).toBe(CONNECT_12 + whole);
  });
});
