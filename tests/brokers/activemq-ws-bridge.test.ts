// ActiveMQ's WebSocket endpoint is scripts/brokers/activemq-ws-bridge.mjs (Debian's activemq has no
// ws transport): check that it behaves like one -- one whole STOMP frame per WebSocket message,
// binary bodies byte-exact, heart-beats passed through, large frames both ways.
import { randomBytes, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { brokers } from './brokers';
import { connectTcp, connectFrame, frame, handshake, type RawConnection } from './raw-stomp';

const login = { host: brokers.activemq.vhost, login: brokers.login, passcode: brokers.passcode };

interface WsMessage {
  data: Buffer;
  isBinary: boolean;
}

/** A raw WebSocket that records every message as it came (no frame parsing). */
async function rawWs(): Promise<{ ws: WebSocket; next: (timeoutMs?: number) => Promise<WsMessage> }> {
  const ws = new WebSocket(brokers.activemq.wsUrl, ['v12.stomp'], { perMessageDeflate: false });
  const queue: WsMessage[] = [];
  const waiters: ((m: WsMessage) => void)[] = [];
  ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
    const m = { data: Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer), isBinary };
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (timeoutMs = 10_000) =>
    new Promise<WsMessage>((resolve, reject) => {
      const m = queue.shift();
      if (m) return resolve(m);
      const timer = setTimeout(() => reject(new Error(`no WebSocket message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
  return { ws, next };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const tcp = async (): Promise<RawConnection> => {
  const c = await connectTcp(brokers.host, brokers.activemq.stompPort);
  cleanups.push(() => c.close());
  expect((await handshake(c, login)).command).toBe('CONNECTED');
  return c;
};

describe('ActiveMQ WebSocket bridge', () => {
  it('delivers a binary body with NULs byte-exact, as one binary WebSocket message', async () => {
    const queue = `/queue/ws-bridge-${randomUUID()}`;
    const { ws, next } = await rawWs();
    cleanups.push(() => ws.close());
    ws.send(connectFrame(login));
    const connected = await next();
    expect(connected.data.toString('utf8')).toMatch(/^CONNECTED\n/);
    expect(connected.isBinary).toBe(false);
    ws.send(frame('SUBSCRIBE', { id: 's', destination: queue, ack: 'auto', receipt: 'sub' }));
    expect((await next()).data.toString('utf8')).toMatch(/^RECEIPT\n/);

    const body = Buffer.concat([Buffer.from([0, 0xff, 0, 0xfe]), randomBytes(1 << 20), Buffer.from([0])]);
    const producer = await tcp();
    const head = Buffer.from(`SEND\ndestination:${queue}\ncontent-length:${body.length}\n\n`);
    producer.send(Buffer.concat([head, body, Buffer.from([0])]));

    const msg = await next();
    expect(msg.isBinary).toBe(true);
    const sep = msg.data.indexOf('\n\n');
    expect(msg.data.subarray(0, 8).toString()).toBe('MESSAGE\n');
    const received = msg.data.subarray(sep + 2, msg.data.length - 1);
    expect(received.equals(body)).toBe(true);
    expect(msg.data[msg.data.length - 1]).toBe(0);
  });

  it('relays a 20 MiB text frame from WebSocket to TCP and back', async () => {
    const queue = `/queue/ws-bridge-big-${randomUUID()}`;
    const { ws, next } = await rawWs();
    cleanups.push(() => ws.close());
    ws.send(connectFrame(login));
    await next();
    const text = 'x'.repeat(20 << 20);
    ws.send(frame('SEND', { destination: queue, 'content-length': text.length, receipt: 'big' }, text));
    expect((await next(30_000)).data.toString('utf8')).toMatch(/^RECEIPT\nreceipt-id:big/);
    ws.send(frame('SUBSCRIBE', { id: 's', destination: queue, ack: 'auto' }));
    const msg = await next(30_000);
    expect(msg.data.length).toBeGreaterThan(text.length);
    expect(msg.data.subarray(msg.data.length - 1001, msg.data.length - 1).toString()).toBe('x'.repeat(1000));
  });

  it('passes heart-beats through as "\\n" messages', async () => {
    const { ws, next } = await rawWs();
    cleanups.push(() => ws.close());
    ws.send(connectFrame(login).replace('heart-beat:0,0', 'heart-beat:0,500'));
    const connected = (await next()).data.toString('utf8');
    expect(connected).toMatch(/heart-beat:\d+,0|heart-beat:0,\d+|heart-beat:\d+,\d+/);
    const beat = await next(5_000);
    expect(beat.data.toString()).toBe('\n');
  });

  it('closes the WebSocket when the broker closes the connection (e.g. bad login)', async () => {
    const { ws, next } = await rawWs();
    ws.send(connectFrame({ ...login, passcode: 'wrong' }));
    expect((await next()).data.toString('utf8')).toMatch(/^ERROR\n/);
    const code = await new Promise<number>((resolve) => ws.once('close', (c: number) => resolve(c)));
    expect(code).toBe(1000);
  });
});
