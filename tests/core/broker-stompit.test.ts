/**
 * Interop with stompit, a third-party client, so the sandbox is checked against someone else's
 * reading of the spec and not only against our own parser and serializer.
 */
import { describe as group, expect, it } from 'vitest';
import { broker, collect, eventually, sleep, stompitConnect, type StompitClient } from './broker-kit';

function sendString(client: StompitClient, headers: Record<string, string>, body: string | Buffer): Promise<void> {
  return new Promise((resolve) => {
    const frame = client.send(headers, { onReceipt: () => resolve() });
    frame.write(body);
    frame.end();
  });
}

group('sandbox broker with stompit', () => {
  it.each(['1.0', '1.1', '1.2'])('negotiates %s and moves a message through a queue', async (version) => {
    const b = await broker();
    const { client } = await stompitConnect(b.port, { 'accept-version': version });
    expect(client.headers.version).toBe(version);
    expect(client.headers.server).toMatch(/^STOMP-Explorer-Sandbox\//);
    const inbox = collect(client, { destination: '/queue/stompit' });
    await sendString(client, { destination: '/queue/stompit', 'x-custom': 'a:b' }, 'hello');
    await inbox.until(1);
    expect(inbox.messages[0].body).toBe('hello');
    expect(inbox.messages[0].headers['x-custom']).toBe('a:b');
    expect(inbox.messages[0].headers['message-id']).toMatch(/^ID:sandbox-/);
  });

  it('negotiates the highest version stompit offers by default (1.2)', async () => {
    const b = await broker();
    const { client } = await stompitConnect(b.port, {});
    expect(client.headers.version).toBe('1.2');
  });

  it('fans a topic out to two stompit clients', async () => {
    const b = await broker();
    const { client: one } = await stompitConnect(b.port, { 'accept-version': '1.1' });
    const { client: two } = await stompitConnect(b.port, { 'accept-version': '1.0' });
    const a = collect(one, { destination: '/topic/t' });
    const c = collect(two, { destination: '/topic/t' });
    await eventually(() => expect(b.destinations().topics[0]?.subscribers).toBe(2));
    await sendString(one, { destination: '/topic/t' }, 'to all');
    await a.until(1);
    await c.until(1);
  });

  it.each(['1.1', '1.2'])('client-individual acks and NACK redelivery under %s', async (version) => {
    const b = await broker();
    const { client, errors } = await stompitConnect(b.port, { 'accept-version': version });
    await sendString(client, { destination: '/queue/acks' }, 'first');
    await sendString(client, { destination: '/queue/acks' }, 'second');
    const inbox = collect(client, { destination: '/queue/acks', ack: 'client-individual' });
    await inbox.until(2);
    client.nack(inbox.messages[0].raw);
    await inbox.until(3);
    expect(inbox.messages[2].body).toBe('first');
    expect(inbox.messages[2].headers.redelivered).toBe('true');
    client.ack(inbox.messages[1].raw);
    client.ack(inbox.messages[2].raw);
    await eventually(() => expect(b.destinations().queues[0]).toMatchObject({ depth: 0, inFlight: 0 }));
    expect(errors).toEqual([]);
  });

  it('cumulative client acks under 1.0', async () => {
    const b = await broker();
    const { client, errors } = await stompitConnect(b.port, { 'accept-version': '1.0' });
    for (const body of ['a', 'b', 'c']) await sendString(client, { destination: '/queue/cum' }, body);
    const inbox = collect(client, { destination: '/queue/cum', ack: 'client' });
    await inbox.until(3);
    client.ack(inbox.messages[1].raw);
    await eventually(() => expect(b.destinations().queues[0].inFlight).toBe(1));
    expect(b.stats().messagesAcked).toBe(2);
    expect(errors).toEqual([]);
  });

  it('transactions commit and abort', async () => {
    const b = await broker();
    const { client } = await stompitConnect(b.port, { 'accept-version': '1.1' });
    const inbox = collect(client, { destination: '/queue/tx' });
    const kept = client.begin();
    kept.send({ destination: '/queue/tx' }).end('kept');
    kept.commit();
    const dropped = client.begin();
    dropped.send({ destination: '/queue/tx' }).end('dropped');
    dropped.abort();
    await sendString(client, { destination: '/queue/tx' }, 'last');
    await inbox.until(2);
    await sleep(20);
    expect(inbox.messages.map((m) => m.body)).toEqual(['kept', 'last']);
  });

  it('binary bodies survive stompit both ways', async () => {
    const b = await broker();
    const { client } = await stompitConnect(b.port, { 'accept-version': '1.2' });
    const body = Buffer.from([0, 1, 2, 0, 255, 0]);
    const received = new Promise<Buffer>((resolve) => {
      client.subscribe({ destination: '/queue/bin' }, (error, message) => {
        const chunks: Buffer[] = [];
        message.on('data', (chunk: Buffer) => chunks.push(chunk));
        message.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });
    await sendString(client, { destination: '/queue/bin', 'content-length': String(body.length) }, body);
    expect((await received).equals(body)).toBe(true);
  });

  it('stompit detects a stalled broker through heart-beats', async () => {
    const b = await broker({ heartBeat: [50, 0] });
    const { errors } = await stompitConnect(b.port, { 'accept-version': '1.2', 'heart-beat': '0,50' });
    await sleep(150);
    expect(errors).toEqual([]);
    b.setFaults({ stallHeartBeats: true });
    await eventually(() => expect(errors.map((e) => e.message)).toContain('connection timed out'), 1000);
  });

  it('stompit keeps the broker happy with its own heart-beats', async () => {
    const b = await broker({ heartBeat: [0, 40] });
    const { errors } = await stompitConnect(b.port, { 'accept-version': '1.1', 'heart-beat': '40,0' });
    await sleep(300);
    expect(b.connections).toBe(1);
    expect(b.stats().heartBeatsReceived).toBeGreaterThan(3);
    expect(errors).toEqual([]);
  });

  // Not tested here: a rejected CONNECT. stompit 1.0.0 reads a text/plain ERROR body and then
  // calls `this.destroy(error)` inside a plain function where `this` is the body stream, so the
  // error escapes as an uncaught exception (with ActiveMQ and RabbitMQ too, which send the same
  // content-type). The raw-socket tests in broker-faults cover rejectConnect.

  it('stompit sees a receipt-ful disconnect complete', async () => {
    const b = await broker();
    const { client } = await stompitConnect(b.port, { 'accept-version': '1.2' });
    await new Promise<void>((resolve, reject) => client.disconnect((error) => (error ? reject(error) : resolve())));
    await eventually(() => expect(b.connections).toBe(0));
  });
});
