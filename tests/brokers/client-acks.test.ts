// Ack modes, NACK, the failure policy of handlers (NACK by default, disconnect under 1.0, an error
// destination) and transactions, on both brokers, each checked by what a second connection sees.
//
// Broker differences this pins: RabbitMQ requeues a NACKed message at once with redelivered:true;
// ActiveMQ moves a NACKed persistent message to ActiveMQ.DLQ and discards a non-persistent one.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StompMessage } from '../../src-core/client/index';
import {
  ACTIVEMQ,
  connectedClient,
  deferred,
  firstMessageAfterMarker,
  framesOf,
  header,
  Inbox,
  nextEvent,
  queueName,
  RABBITMQ,
  recordWire,
  TARGETS,
} from './support/client-kit';

describe.each(TARGETS)('ack modes on $label', (target) => {
  it('client-individual: only the acked message is settled; the others come back redelivered', async () => {
    const q = queueName(target, 'individual');
    const client = await connectedClient(target);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { ack: 'client-individual', settle: 'manual', receipt: true });
    for (const text of ['one', 'two', 'three']) await client.send(q, text);
    const [, two] = await inbox.waitFor(3);
    await client.ack(two, { receipt: true });
    await client.disconnect();

    const other = await connectedClient(target);
    const again = new Inbox();
    await other.subscribe(q, again.handler, { ack: 'client-individual' });
    const got = await again.waitFor(2);
    expect(got.map((m) => m.text())).toEqual(['one', 'three']);
    expect(got.every((m) => m.redelivered)).toBe(true);
    await other.disconnect();
    const { first, marker } = await firstMessageAfterMarker(target, q);
    expect(first.text()).toBe(marker);
  });

  it('client: one ACK settles every message up to it (cumulative)', async () => {
    const q = queueName(target, 'cumulative');
    const client = await connectedClient(target);
    const wire = recordWire(client);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { ack: 'client', settle: 'manual', receipt: true });
    for (let i = 1; i <= 5; i++) await client.send(q, `m${i}`);
    const got = await inbox.waitFor(5);
    await client.ack(got[2], { receipt: true }); // m3
    expect(framesOf(wire, 'out', 'ACK')).toHaveLength(1);
    await client.disconnect();

    const other = await connectedClient(target);
    const again = new Inbox();
    await other.subscribe(q, again.handler, { ack: 'client-individual' });
    const rest = await again.waitFor(2);
    expect(rest.map((m) => m.text())).toEqual(['m4', 'm5']);
    await other.disconnect();
    const { first, marker } = await firstMessageAfterMarker(target, q);
    expect(first.text()).toBe(marker);
  });

  it('client mode with async handlers: handled one after another, so each ACK covers only finished work', async () => {
    const q = queueName(target, 'client-async');
    const client = await connectedClient(target);
    const wire = recordWire(client);
    const running: string[] = [];
    let overlap = false;
    const done = new Inbox();
    await client.subscribe(
      q,
      async (m) => {
        if (running.length > 0) overlap = true;
        running.push(m.text());
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20));
        running.pop();
        done.handler(m);
      },
      { ack: 'client', receipt: true },
    );
    for (let i = 1; i <= 6; i++) await client.send(q, `a${i}`);
    await done.waitFor(6);
    await client.disconnect(); // waits for the last ACK to be written and processed
    expect(overlap).toBe(false);
    expect(done.texts).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    const acks = framesOf(wire, 'out', 'ACK');
    expect(acks).toHaveLength(6);
    expect(acks.map((f) => header(f, 'id'))).toEqual(done.messages.map((m) => m.headers.ack));
    const { first, marker } = await firstMessageAfterMarker(target, q);
    expect(first.text()).toBe(marker);
  });

  it('auto: the client sends no ACK and refuses one', async () => {
    const q = queueName(target, 'auto');
    const client = await connectedClient(target);
    const wire = recordWire(client);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { receipt: true });
    await client.send(q, 'fire and forget');
    const [m] = await inbox.waitFor(1);
    expect(m.needsAck).toBe(false);
    await expect(client.ack(m)).rejects.toThrow(/auto mode/);
    expect(framesOf(wire, 'out', 'ACK')).toHaveLength(0);
  });
});

describe('NACK and the default failure policy', () => {
  it('RabbitMQ: a handler that throws → NACK → redelivered at once with redelivered:true, then acked', async () => {
    const q = queueName(RABBITMQ, 'nack');
    const client = await connectedClient(RABBITMQ);
    const wire = recordWire(client);
    const seen: StompMessage[] = [];
    const failed = nextEvent(client, 'handlerFailed');
    const handled = deferred<StompMessage>();
    await client.subscribe(
      q,
      (m) => {
        seen.push(m);
        if (!m.redelivered) throw new Error('first try fails');
        handled.resolve(m);
      },
      { ack: 'client-individual', receipt: true },
    );
    await client.send(q, 'try again', { headers: { persistent: 'true' } });
    const failure = await failed;
    expect(failure.action).toBe('nack');
    expect((failure.error as Error).message).toBe('first try fails');
    const again = await handled.promise;
    expect(again.text()).toBe('try again');
    expect(again.redelivered).toBe(true);
    expect(seen).toHaveLength(2);
    await client.disconnect();
    expect(framesOf(wire, 'out').map((f) => f.command)).toEqual(['SUBSCRIBE', 'SEND', 'NACK', 'ACK', 'DISCONNECT']);
    const { first, marker } = await firstMessageAfterMarker(RABBITMQ, q);
    expect(first.text()).toBe(marker);
  });

  it('ActiveMQ: a NACKed persistent message goes to ActiveMQ.DLQ, with its properties and origin', async () => {
    const q = queueName(ACTIVEMQ, 'nack-dlq');
    const run = `r${randomUUID().replace(/-/g, '')}`;
    const client = await connectedClient(ACTIVEMQ);
    const failed = nextEvent(client, 'handlerFailed');
    await client.subscribe(
      q,
      () => {
        throw new Error('poison');
      },
      { ack: 'client-individual', receipt: true },
    );
    await client.send(q, Uint8Array.of(0, 1, 2, 255), { headers: { persistent: 'true', testrun: run } });
    expect((await failed).action).toBe('nack');

    // The shared DLQ may hold other runs' messages: select ours by a property.
    const dlq = new Inbox();
    await client.subscribe('/queue/ActiveMQ.DLQ', dlq.handler, { ack: 'client-individual', headers: { selector: `testrun = '${run}'` } });
    const [dead] = await dlq.waitFor(1);
    expect([...dead.body]).toEqual([0, 1, 2, 255]);
    expect(dead.headers['original-destination']).toBe(q);
    expect(dead.headers.persistent).toBe('true');
    expect(dead.headers.testrun).toBe(run);
    await client.disconnect(); // the DLQ copy was acked by the auto settle
    const { first, marker } = await firstMessageAfterMarker(ACTIVEMQ, q);
    expect(first.text()).toBe(marker);
  });

  it('ActiveMQ: a NACKed non-persistent message is discarded (neither requeued nor dead-lettered)', async () => {
    const q = queueName(ACTIVEMQ, 'nack-drop');
    const run = `r${randomUUID().replace(/-/g, '')}`;
    const client = await connectedClient(ACTIVEMQ);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { ack: 'client-individual', settle: 'manual', receipt: true });
    await client.send(q, 'fleeting', { headers: { testrun: run } });
    const [m] = await inbox.waitFor(1);
    await client.nack(m, { receipt: true });
    // If it had gone to the DLQ it would sit before this marker (sent after the NACK was processed).
    await client.send('/queue/ActiveMQ.DLQ', 'dlq marker', { receipt: true, headers: { testrun: run, persistent: 'true' } });
    const dlq = new Inbox();
    await client.subscribe('/queue/ActiveMQ.DLQ', dlq.handler, { ack: 'client-individual', headers: { selector: `testrun = '${run}'` } });
    expect((await dlq.waitFor(1))[0].text()).toBe('dlq marker');
    await client.disconnect();
    const { first, marker } = await firstMessageAfterMarker(ACTIVEMQ, q);
    expect(first.text()).toBe(marker);
    expect(inbox.messages).toHaveLength(1);
  });

  it.each(TARGETS)('$label under STOMP 1.0 (no NACK): a handler that throws makes the client disconnect; the message stays', async (target) => {
    const q = queueName(target, 'v10-fail');
    const client = await connectedClient(target, { versions: ['1.0'], heartBeat: [0, 0] });
    const failed = nextEvent(client, 'handlerFailed');
    const ended = nextEvent(client, 'state', (s) => s === 'disconnected');
    await client.subscribe(
      q,
      () => {
        throw new Error('cannot handle');
      },
      { ack: 'client', receipt: true },
    );
    await client.send(q, 'hand it back');
    expect((await failed).action).toBe('disconnect');
    await ended;
    const other = await connectedClient(target);
    const inbox = new Inbox();
    await other.subscribe(q, inbox.handler, { ack: 'client-individual' });
    const [m] = await inbox.waitFor(1);
    expect(m.text()).toBe('hand it back');
    expect(m.redelivered).toBe(true);
  });
});

describe.each(TARGETS)('error destination on $label', (target) => {
  it('a failed message is copied there with message-failed, reserved headers dropped, and the original acked in one transaction', async () => {
    const q = queueName(target, 'work');
    const errors = queueName(target, 'errors');
    const client = await connectedClient(target);
    const wire = recordWire(client);
    const failed = nextEvent(client, 'handlerFailed');
    const body = Uint8Array.of(0, 10, 255, 0x41);
    await client.subscribe(
      q,
      () => {
        throw new Error('cannot parse\r\nline two');
      },
      { ack: 'client-individual', errorDestination: errors, receipt: true },
    );
    await client.send(q, body, { headers: { 'x-custom': 'kept', 'content-type': 'application/octet-stream' } });
    const failure = await failed;
    expect(failure.action).toBe('error-destination');
    const original = failure.message;

    const inbox = new Inbox();
    await client.subscribe(errors, inbox.handler, { ack: 'client-individual' });
    const [copy] = await inbox.waitFor(1);
    expect([...copy.body]).toEqual([...body]);
    expect(copy.headers['message-failed']).toBe('cannot parse line two');
    expect(copy.headers['x-custom']).toBe('kept');
    expect(copy.headers['content-type']).toBe('application/octet-stream');
    expect(copy.destination).toBe(errors);
    expect(copy.messageId).not.toBe(original.messageId);
    expect(copy.redelivered).toBe(false);

    // The copy and the ack went in one transaction.
    const out = framesOf(wire, 'out').filter((f) => ['BEGIN', 'SEND', 'ACK', 'COMMIT'].includes(f.command) && f !== undefined);
    const tx = header(out.find((f) => f.command === 'BEGIN')!, 'transaction');
    const inTx = out.filter((f) => header(f, 'transaction') === tx).map((f) => f.command);
    expect(inTx).toEqual(['BEGIN', 'SEND', 'ACK', 'COMMIT']);
    const sent = out.find((f) => f.command === 'SEND' && header(f, 'transaction') === tx)!;
    for (const reserved of ['message-id', 'subscription', 'ack', 'redelivered']) expect(header(sent, reserved)).toBeUndefined();
    expect(header(sent, 'destination')).toBe(errors);
    await client.disconnect();

    const { first, marker } = await firstMessageAfterMarker(target, q);
    expect(first.text()).toBe(marker);
  });

  it('a failure policy can ack a poison message, or ignore it (then it comes back after the connection ends)', async () => {
    const q = queueName(target, 'policy');
    const client = await connectedClient(target);
    const actions: string[] = [];
    client.on('handlerFailed', (f) => actions.push(f.action));
    const inbox = new Inbox();
    await client.subscribe(
      q,
      (m) => {
        inbox.handler(m);
        throw new Error(`failed ${m.text()}`);
      },
      { ack: 'client-individual', receipt: true, onMessageFailed: (m) => (m.text() === 'poison' ? { kind: 'ack' } : { kind: 'ignore' }) },
    );
    await client.send(q, 'poison');
    await client.send(q, 'ignored');
    await inbox.waitFor(2);
    await client.disconnect();
    expect(actions).toEqual(['ack', 'ignore']);
    const other = await connectedClient(target);
    const again = new Inbox();
    await other.subscribe(q, again.handler, { ack: 'client-individual' });
    const [back] = await again.waitFor(1);
    expect(back.text()).toBe('ignored');
    expect(back.redelivered).toBe(true);
  });
});

describe.each(TARGETS)('transactions on $label, as a second connection sees them', (target) => {
  it('sends inside a transaction appear only at COMMIT, and never after ABORT', async () => {
    const q = queueName(target, 'tx');
    const producer = await connectedClient(target);
    const observer = await connectedClient(target);
    const seen = new Inbox();
    await observer.subscribe(q, seen.handler, { receipt: true });

    const tx = await producer.begin({ receipt: true });
    await tx.send(q, 'tx-1');
    let receipted = false;
    const txReceipt = tx.send(q, 'tx-2', { receipt: true }).then((r) => ((receipted = true), r));
    await producer.send(q, 'outside', { receipt: true });
    // Processed before the commit, so the observer gets it first: the transaction's sends are held.
    expect((await seen.waitFor(1))[0].text()).toBe('outside');
    // ActiveMQ answers a transactional SEND as it takes it; RabbitMQ only once COMMIT applies it.
    expect(receipted).toBe(target.name === 'activemq');
    const committed = await tx.commit();
    expect(committed?.latencyMs).toBeGreaterThan(0);
    expect(await txReceipt).toMatchObject({ receiptId: expect.any(String) });
    expect((await seen.waitFor(3)).map((m) => m.text())).toEqual(['outside', 'tx-1', 'tx-2']);
    expect(() => tx.send(q, 'late')).toThrow(/already committed/);

    const aborted = await producer.begin();
    await aborted.send(q, 'never');
    await aborted.abort();
    await producer.send(q, 'after abort', { receipt: true });
    expect((await seen.waitFor(4)).map((m) => m.text())).toEqual(['outside', 'tx-1', 'tx-2', 'after abort']);
  });

  it('an ACK inside an aborted transaction does not settle; inside a committed one it does', async () => {
    const q = queueName(target, 'tx-ack');
    const client = await connectedClient(target);
    const inbox = new Inbox();
    await client.subscribe(q, inbox.handler, { ack: 'client-individual', settle: 'manual', receipt: true });
    await client.send(q, 'x-aborted');
    await client.send(q, 'y-committed');
    const [x, y] = await inbox.waitFor(2);
    const t1 = await client.begin();
    await t1.ack(x);
    await t1.abort();
    const t2 = await client.begin();
    await t2.ack(y);
    await t2.commit();
    await client.disconnect();

    const other = await connectedClient(target);
    const again = new Inbox();
    await other.subscribe(q, again.handler, { ack: 'client-individual' });
    const [back] = await again.waitFor(1);
    expect(back.text()).toBe('x-aborted');
    expect(back.redelivered).toBe(true);
    await other.disconnect();
    const { first, marker } = await firstMessageAfterMarker(target, q);
    expect(first.text()).toBe(marker);
  });
});
