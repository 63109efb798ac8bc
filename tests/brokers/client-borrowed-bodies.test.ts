// Borrowed bodies (`bodies: 'borrowed'`) through both brokers, and over TLS: every body is intact
// for as long as its handler runs (across awaits too), read memory really is read into again
// afterwards (a body kept past its handler is empty, never another message's bytes), and a
// borrowed body the handler forwards without waiting arrives byte-exact.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClientOptions, StompMessage } from '../../src-core/client';
import { brokers } from './brokers';
import { connectedClient, deferred, Inbox, queueName, RABBITMQ, TARGETS, type BrokerTarget } from './support/client-kit';

const COUNT = 600;
const SIZE = 64 * 1024;

/** A body that says which message it is in every one of its bytes' 8-byte words. */
function bodyOf(n: number): Uint8Array {
  const body = new Uint8Array(SIZE);
  const view = new DataView(body.buffer);
  for (let at = 0; at + 8 <= SIZE; at += 8) {
    view.setUint32(at, n);
    view.setUint32(at + 4, at);
  }
  return body;
}

/** The message number a body carries, or an error naming the first word that is not as sent. */
function checkBody(body: Uint8Array): number {
  if (body.length !== SIZE) throw new Error(`body of ${body.length} bytes, expected ${SIZE}`);
  const view = new DataView(body.buffer, body.byteOffset, body.length);
  const n = view.getUint32(0);
  for (let at = 0; at + 8 <= SIZE; at += 8) {
    if (view.getUint32(at) !== n || view.getUint32(at + 4) !== at) throw new Error(`message ${n}: bytes at ${at} are not its own`);
  }
  return n;
}

async function publish(target: BrokerTarget, destination: string, count: number): Promise<void> {
  const producer = await connectedClient(target);
  for (let n = 0; n < count; n++) await producer.send(destination, bodyOf(n), { receipt: n === count - 1 });
}

/**
 * Drains COUNT messages with borrowed bodies: every body is whole while its handler runs (across
 * an await too), and read memory is reused after it (a body kept past its handler is empty).
 */
async function drainBorrowed(target: BrokerTarget, options: Partial<ClientOptions> = {}): Promise<void> {
  const q = queueName(target, 'borrowed');
  await publish(target, q, COUNT);
  const consumer = await connectedClient(target, { ...options, bodies: 'borrowed' });
  const seen: number[] = [];
  const problems: string[] = [];
  const kept: { n: number; body: Uint8Array }[] = [];
  const done = deferred();
  await consumer.subscribe(
    q,
    async (message: StompMessage) => {
      try {
        const before = checkBody(message.body);
        // Every fourth handler waits a little: its body must stay whole across the wait,
        // while later messages are read meanwhile.
        if (before % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
        const after = checkBody(message.body);
        if (after !== before) problems.push(`message ${before} became ${after} while its handler ran`);
        seen.push(before);
        if (before % 50 === 0) kept.push({ n: before, body: message.body });
      } catch (error) {
        problems.push((error as Error).message);
      }
      if (seen.length + problems.length === COUNT) done.resolve();
    },
    { ack: 'client-individual', headers: { [target.prefetchHeader]: '200' } },
  );
  await done.promise;
  expect(problems).toEqual([]);
  expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
  // Bodies kept past their handlers: each is either empty (its slab was read into again and the
  // view detached) or still its own bytes (its slab went to the garbage collector instead, as
  // the first, smaller ones do, and the last ones still wait) — never another message's.
  const detached = kept.filter((k) => k.body.length === 0);
  for (const k of kept) if (k.body.length > 0) expect(checkBody(k.body)).toBe(k.n);
  expect(detached.length).toBeGreaterThan(0);
}

describe.each(TARGETS)('borrowed bodies through $label', (target) => {
  it('each body is whole while its handler runs, and read memory is reused after it', () => drainBorrowed(target));

  it('a borrowed body forwarded without waiting arrives byte-exact', async () => {
    const from = queueName(target, 'borrowed-from');
    const to = queueName(target, 'borrowed-to');
    const count = 300;
    await publish(target, from, count);
    const forwarder = await connectedClient(target, { bodies: 'borrowed' });
    const forwarded = deferred();
    let n = 0;
    await forwarder.subscribe(
      from,
      (message) => {
        // Not awaited: the send is still queued when the handler returns and the body's memory
        // may be read into again.
        void forwarder.send(to, message.body, { receipt: ++n === count }).then(() => n === count && forwarded.resolve(), forwarded.reject);
      },
      { ack: 'client-individual' },
    );
    await forwarded.promise;
    const consumer = await connectedClient(target);
    const inbox = new Inbox();
    await consumer.subscribe(to, inbox.handler, { ack: 'client-individual' });
    const got = await inbox.waitFor(count, 60_000);
    expect(got.map((m) => checkBody(m.body)).sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  });
});

describe('borrowed bodies over TLS (RabbitMQ, stomp+ssl 61615)', () => {
  // node:tls decrypts into the same slabs, which are lent and read into again the same way.
  it('each body is whole while its handler runs, and read memory is reused after it', () =>
    drainBorrowed(RABBITMQ, { uri: `ssl://${brokers.host}:${brokers.rabbitmq.stompTlsPort}`, tls: { ca: readFileSync(brokers.tls.caCert) } }));
});
