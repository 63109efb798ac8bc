// Bodies byte-exact through both brokers: every byte value, NULs, empty, 1 MiB — client to client,
// client to stompit and stompit to client. The client frames every non-empty body with
// content-length; stompit sends one only when told, which on ActiveMQ decides between a binary
// message (content-length) and a text message (none, and none on delivery either).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectedClient, Inbox, queueName, stompitCollect, stompitConnect, stompitSend, TARGETS } from './support/client-kit';

const all256 = Uint8Array.from({ length: 256 }, (_, i) => i);
const BODIES: readonly { name: string; body: Uint8Array }[] = [
  { name: 'all 256 byte values', body: all256 },
  { name: 'only NULs', body: new Uint8Array(64) },
  { name: 'NUL, LF and CR at both ends', body: Uint8Array.of(0, 10, 13, 10, 0, 65, 0, 13, 10, 0) },
  { name: 'empty (0 B)', body: new Uint8Array(0) },
  { name: '1 MiB of random bytes', body: new Uint8Array(randomBytes(1 << 20)) },
];

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;

describe.each(TARGETS)('binary bodies through $label', (target) => {
  it('client → client: every body arrives byte-exact, framed by content-length when not empty', async () => {
    const q = queueName(target, 'binary');
    const producer = await connectedClient(target);
    const consumer = await connectedClient(target);
    const inbox = new Inbox();
    await consumer.subscribe(q, inbox.handler, { receipt: true });
    for (const { name, body } of BODIES) await producer.send(q, body, { headers: { 'x-body': name } });
    const got = await inbox.waitFor(BODIES.length, 30_000);
    for (const [i, { name, body }] of BODIES.entries()) {
      expect(got[i].headers['x-body']).toBe(name);
      expect(got[i].body.length, name).toBe(body.length);
      expect(same(got[i].body, body), name).toBe(true);
      if (body.length > 0) {
        expect(got[i].frame.framing, name).toBe('content-length');
        expect(got[i].headers['content-length'], name).toBe(String(body.length));
      }
    }
  });

  it('client → stompit: stompit reads the client’s bodies byte-exact', async () => {
    const q = queueName(target, 'to-stompit');
    const client = await connectedClient(target);
    const stompit = await stompitConnect(target);
    // A queue keeps the messages until stompit's SUBSCRIBE is in place.
    const received = stompitCollect(stompit, { destination: q, ack: 'client-individual' });
    for (const { name, body } of BODIES) await client.send(q, body, { headers: { 'x-body': name } });
    const got = await received.waitFor(BODIES.length, 30_000);
    for (const [i, { name, body }] of BODIES.entries()) {
      expect(got[i].headers['x-body']).toBe(name);
      expect(same(got[i].body, body), name).toBe(true);
    }
  });

  it('stompit → client: bodies sent with content-length arrive byte-exact', async () => {
    const q = queueName(target, 'from-stompit');
    const client = await connectedClient(target);
    const stompit = await stompitConnect(target);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { ack: 'client-individual', receipt: true });
    for (const { name, body } of BODIES) {
      await stompitSend(stompit, { destination: q, 'content-length': String(body.length), 'x-body': name }, Buffer.from(body));
    }
    const got = await inbox.waitFor(BODIES.length, 30_000);
    for (const [i, { name, body }] of BODIES.entries()) {
      expect(got[i].headers['x-body']).toBe(name);
      expect(same(got[i].body, body), name).toBe(true);
      if (body.length > 0) expect(got[i].frame.framing).toBe('content-length');
    }
  });

  it('stompit text without content-length → client: byte-exact UTF-8, framed as the broker chose', async () => {
    const q = queueName(target, 'text');
    const client = await connectedClient(target);
    const stompit = await stompitConnect(target);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { receipt: true });
    const text = 'Grüße ☃ 𝄞 — line one\nline two\r\n';
    await stompitSend(stompit, { destination: q, 'content-type': 'text/plain;charset=utf-8' }, Buffer.from(text, 'utf8'));
    const [m] = await inbox.waitFor(1);
    expect(same(m.body, new TextEncoder().encode(text))).toBe(true);
    expect(m.text()).toBe(text);
    if (target.name === 'activemq') {
      // A SEND without content-length is a text message on ActiveMQ, delivered without one.
      expect(m.headers['content-length']).toBeUndefined();
      expect(m.frame.framing).toBe('nul');
    } else {
      // RabbitMQ adds content-length to every MESSAGE.
      expect(m.headers['content-length']).toBe(String(Buffer.byteLength(text)));
      expect(m.frame.framing).toBe('content-length');
    }
  });

  it('a text body from the client reaches stompit as the same UTF-8 bytes', async () => {
    const q = queueName(target, 'text-out');
    const client = await connectedClient(target);
    const stompit = await stompitConnect(target);
    const received = stompitCollect(stompit, { destination: q, ack: 'auto' });
    const text = 'Grüße ☃ 𝄞';
    await client.send(q, text, { receipt: true });
    const [m] = await received.waitFor(1);
    expect(m.body.toString('utf8')).toBe(text);
    // The client always frames a body by content-length, so ActiveMQ stores it as a binary message.
    expect(String(m.headers['content-length'])).toBe(String(Buffer.byteLength(text)));
  });
});
