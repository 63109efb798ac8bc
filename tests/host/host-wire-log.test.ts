/**
 * The complete wire log in the host: each frame's exact bytes (a CONNECT's passcode masked), filters
 * kept up to date as entries arrive, the NDJSON export a page at a time, a byte budget that lets the
 * oldest bytes go first, and the heart-beat timeline with missed beats and a declared-dead broker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker/index';
import { WireLog } from '../../src-main/host/connections/wire-log';
import { startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let broker: SandboxBroker;

beforeAll(async () => {
  kit = await startHostKit();
  broker = await startSandboxBroker({ users: [{ login: 'wire', passcode: 'sekret-pass' }], heartBeat: [200, 200] });
});
afterAll(async () => {
  await kit?.close();
  await broker?.close();
});

async function connect(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { profile } = await kit.call('profiles.create', { profile: { name, uri: `failover:(${broker.url})?initialReconnectDelay=50`, login: 'wire', passcode: 'sekret-pass', ...extra } });
  const { connection } = await kit.call('connections.open', { profileId: profile.id });
  expect(connection.state).toBe('connected');
  return connection.id;
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('latin1');

describe('frame bytes', () => {
  it('keeps each frame as it travelled, out and in, with the CONNECT passcode masked', async () => {
    const connectionId = await connect('Wire bytes');
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: '/queue/wire-bytes', ack: 'auto' });
    await kit.call('messages.send', { connectionId, destination: '/queue/wire-bytes', headers: [['x-colon', 'a:b']], body: { encoding: 'text', text: 'héllo' } });
    await waitFor(async () => ((await kit.call('captures.list', {})).captures.find((c) => c.id === subscription.captureId)?.count ?? 0) >= 1 || undefined);
    const { entries } = await kit.call('wire.list', { connectionId, offset: 0, limit: 100 });
    const connectEntry = entries.find((e) => e.command === 'CONNECT')!;
    const connectBytes = await kit.call('wire.frameBytes', { connectionId, seq: connectEntry.seq });
    expect(connectBytes).toMatchObject({ kept: true, masked: true });
    expect(decode(connectBytes.bytesBase64!)).toContain('passcode:');
    expect(Buffer.from(connectBytes.bytesBase64!, 'base64').toString()).toContain('passcode:••••••\n');
    expect(decode(connectBytes.bytesBase64!)).not.toContain('sekret-pass');

    const send = entries.find((e) => e.command === 'SEND')!;
    const sendBytes = Buffer.from((await kit.call('wire.frameBytes', { connectionId, seq: send.seq })).bytesBase64!, 'base64');
    // Escapes as written on the wire (1.2: ':' as \c), the UTF-8 body, content-length, the NUL.
    expect(sendBytes.toString('utf8')).toMatch(/^SEND\ndestination:\/queue\/wire-bytes\n/);
    expect(sendBytes.toString('utf8')).toContain('x-colon:a\\cb\n');
    expect(sendBytes.toString('utf8')).toContain(`content-length:${Buffer.byteLength('héllo')}\n`);
    expect(sendBytes.at(-1)).toBe(0);
    expect(sendBytes.length).toBe(send.size);

    const message = entries.find((e) => e.command === 'MESSAGE')!;
    const messageBytes = Buffer.from((await kit.call('wire.frameBytes', { connectionId, seq: message.seq })).bytesBase64!, 'base64');
    expect(messageBytes.toString('utf8')).toMatch(/^MESSAGE\n/);
    expect(messageBytes.toString('utf8')).toContain('héllo\0');
    expect(messageBytes.length).toBe(message.size);
    await kit.call('connections.close', { connectionId });
  });
});

describe('filters', () => {
  it('lists only the matching entries, and keeps up as more arrive', async () => {
    const connectionId = await connect('Wire filter');
    await kit.call('messages.send', { connectionId, destination: '/queue/wire-a', body: { encoding: 'text', text: 'alpha' } });
    await kit.call('messages.send', { connectionId, destination: '/queue/wire-b', body: { encoding: 'text', text: 'beta' } });
    const sends = await kit.call('wire.list', { connectionId, offset: 0, limit: 100, filter: { commands: ['SEND'] } });
    expect(sends.total).toBe(2);
    expect(sends.entries.map((e) => e.command)).toEqual(['SEND', 'SEND']);
    const toB = await kit.call('wire.list', { connectionId, offset: 0, limit: 100, filter: { destination: 'wire-b' } });
    expect(toB.entries.map((e) => e.command)).toEqual(['SEND']);
    const receipts = await kit.call('wire.list', { connectionId, offset: 0, limit: 100, filter: { commands: ['RECEIPT'], direction: 'in' } });
    expect(receipts.total).toBe(2);
    await kit.call('messages.send', { connectionId, destination: '/queue/wire-b', body: { encoding: 'text', text: 'gamma' } });
    expect((await kit.call('wire.list', { connectionId, offset: 0, limit: 100, filter: { commands: ['SEND'] } })).total).toBe(3);
    expect((await kit.call('wire.list', { connectionId, offset: 0, limit: 100, filter: { text: 'GAMMA' } })).entries).toHaveLength(1);
    await kit.call('connections.close', { connectionId });
  });
});

describe('export', () => {
  it('writes NDJSON pages: a header line, then every entry with its bytes', async () => {
    const connectionId = await connect('Wire export');
    await kit.call('messages.send', { connectionId, destination: '/queue/wire-export', body: { encoding: 'text', text: 'x' } });
    const first = await kit.call('wire.exportPage', { connectionId, offset: 0, limit: 2 });
    const lines = first.ndjson.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'stomp-explorer-wire-log', version: 1, profile: 'Wire export' });
    expect(lines.slice(1)).toHaveLength(2);
    expect(first.next).toBe(2);
    let all = first.ndjson;
    for (let next = first.next; next !== null; ) {
      const page = await kit.call('wire.exportPage', { connectionId, offset: next, limit: 2 });
      all += page.ndjson;
      next = page.next;
    }
    const entries = all.trim().split('\n').slice(1).map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    const send = entries.find((e) => e.command === 'SEND');
    expect(Buffer.from(send.bytes, 'base64').toString()).toMatch(/^SEND\n[\s\S]*x\0$/);
    await kit.call('connections.close', { connectionId });
  });
});

describe('the byte budget', () => {
  it('lets the oldest bytes go first and keeps the entries', () => {
    const log = new WireLog(100, 1_000);
    for (let seq = 0; seq < 10; seq++) log.append({ seq, at: seq, direction: 'out', kind: 'frame', command: 'SEND' }, [new Uint8Array(300).fill(seq)]);
    expect(log.total).toBe(10);
    expect(log.frameBytes(0)).toBeUndefined();
    expect(log.frameBytes(6)).toBeUndefined();
    expect(log.frameBytes(7)?.[0]).toBe(7);
    expect(log.frameBytes(9)?.length).toBe(300);
    expect(log.page(0, 10)).toHaveLength(10);
  });
});

describe('the heart-beat timeline', () => {
  it('shows beats both ways, then missed beats and the moment the silent broker was declared dead', async () => {
    const connectionId = await connect('Wire beats', { heartBeat: [200, 200] });
    await new Promise((r) => setTimeout(r, 900));
    let timeline = await kit.call('wire.heartbeats', { connectionId, sinceMs: 60_000 });
    expect(timeline).toMatchObject({ sendEvery: 200, expectEvery: 200, tolerance: 3 });
    expect(timeline.out.beats.length).toBeGreaterThanOrEqual(2);
    expect(timeline.in.beats.length).toBeGreaterThanOrEqual(2);
    expect(timeline.in.missed).toEqual([]);
    broker.setFaults({ stallHeartBeats: true });
    timeline = await waitFor(async () => {
      const t = await kit.call('wire.heartbeats', { connectionId, sinceMs: 60_000 });
      return t.dead.length ? t : undefined;
    });
    broker.setFaults({ stallHeartBeats: false });
    expect(timeline.dead[0].silentMs).toBeGreaterThanOrEqual(600);
    expect(timeline.in.missed.length).toBeGreaterThanOrEqual(1);
    expect(timeline.in.late.length).toBeGreaterThanOrEqual(1);
    // The missed beats lie between the last sign of life and the declaration.
    for (const due of timeline.in.missed) expect(due).toBeLessThanOrEqual(timeline.dead[0].at);
    await waitFor(async () => ((await kit.call('connections.list', {})).connections.find((c) => c.id === connectionId)?.state === 'connected') || undefined);
    await kit.call('connections.close', { connectionId });
  });
});
