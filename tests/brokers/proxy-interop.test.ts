/**
 * Clients that are not ours, through the proxy, to the real brokers: stomp.py and stompit as
 * producers and consumers. Bodies of every byte value from 0 B to 1 MiB arrive byte-exact, and the
 * proxy's JSON lines list every frame of every connection in order, with the right direction.
 */
import { describe, expect, it } from 'vitest';
import { bodyOf, framesOf, header, proxyFor, stomppy, testBodies, type Line } from './proxy-kit';
import { queueName, stompitCollect, stompitConnect, stompitSend, TARGETS } from './support/client-kit';

/** The connection whose client sent `command` with the destination (connections are numbered as they came). */
function connectionSending(lines: readonly Line[], command: string, destination: string): number {
  const line = lines.find((l) => l.type === 'frame' && l.command === command && header(l, 'destination') === destination);
  if (!line) throw new Error(`no ${command} to ${destination} in the proxy's lines`);
  return Number(line.connection);
}

/** Every RECEIPT comes after the frame that asked for it, in the proxy's printed order. */
function expectReceiptsAfterRequests(lines: readonly Line[], connection: number): void {
  const asked = new Map<string, number>();
  lines.forEach((l, i) => {
    if (l.type !== 'frame' || l.connection !== connection) return;
    const receipt = header(l, 'receipt');
    if (l.direction === 'client-to-broker' && receipt !== undefined) asked.set(receipt, i);
    const id = header(l, 'receipt-id');
    if (l.direction === 'broker-to-client' && l.command === 'RECEIPT' && id !== undefined) {
      expect(asked.get(id), `RECEIPT ${id} printed before its request`).toBeLessThan(i);
    }
  });
}

describe.each(TARGETS)('clients that are not ours through the proxy to $label', (target) => {
  it('stomp.py produces, stompit consumes: every body byte-exact, every frame listed in order', async () => {
    const { cli, port, via } = await proxyFor(target);
    const destination = queueName(target, 'proxy-py');
    const bodies = testBodies();
    const consumer = await stompitConnect(via);
    const inbox = stompitCollect(consumer, { destination, ack: 'client-individual', id: 'sub-1' });
    // The SUBSCRIBE is through the proxy (and so at the broker) before anything is produced.
    await cli.waitForLine((l) => l.type === 'frame' && l.command === 'SUBSCRIBE');
    const sent = await stomppy(['produce', '127.0.0.1', String(port), target.host, destination], JSON.stringify(bodies.map((b) => b.toString('base64'))));
    expect(sent).toEqual({ sent: bodies.length });
    const got = await inbox.waitFor(bodies.length, 30_000);
    got.forEach((message, i) => expect(message.body.equals(bodies[i]), `body ${i} (${bodies[i].length} B)`).toBe(true));

    await cli.waitForLine((l) => l.type === 'close' && l.connection === 2);
    // stompit acks each message once its body has streamed in: its last ACK may still be on its way.
    await expect.poll(() => cli.lines.filter((l) => l.type === 'frame' && l.connection === 1 && l.command === 'ACK').length).toBe(bodies.length);
    const lines = cli.lines;
    const producer = connectionSending(lines, 'SEND', destination);
    const up = framesOf(lines, producer, 'client-to-broker');
    expect(up.map((l) => l.command)).toEqual(['STOMP', ...bodies.map(() => 'SEND'), 'DISCONNECT']);
    up.slice(1, -1).forEach((l, i) => expect(bodyOf(l).equals(bodies[i]), `SEND ${i} as printed`).toBe(true));
    expect(framesOf(lines, producer, 'broker-to-client').map((l) => l.command)).toEqual(['CONNECTED', ...bodies.map(() => 'RECEIPT'), 'RECEIPT']);
    expectReceiptsAfterRequests(lines, producer);

    const consuming = connectionSending(lines, 'SUBSCRIBE', destination);
    const down = framesOf(lines, consuming, 'broker-to-client');
    expect(down.map((l) => l.command)).toEqual(['CONNECTED', ...bodies.map(() => 'MESSAGE')]);
    down.slice(1).forEach((l, i) => expect(bodyOf(l).equals(bodies[i]), `MESSAGE ${i} as printed`).toBe(true));
    expect(framesOf(lines, consuming, 'client-to-broker').map((l) => l.command).slice(0, 2 + bodies.length)).toEqual(['CONNECT', 'SUBSCRIBE', ...bodies.map(() => 'ACK')]);
    // Nothing these well-behaved clients sent broke a framing rule.
    expect(lines.filter((l) => l.type === 'diagnostic' && !['receipt-not-awaited', 'disconnect-without-receipt'].includes(String(l.rule)))).toEqual([]);
    expect(await cli.stop()).toBe(0);
  });

  it('stompit produces, stomp.py consumes: every body byte-exact, every frame listed in order', async () => {
    const { cli, port, via } = await proxyFor(target);
    const destination = queueName(target, 'proxy-stompit');
    const bodies = testBodies();
    const producer = await stompitConnect(via);
    // stompit writes no content-length of its own: a body with a NUL needs one (see the next test).
    for (const [i, body] of bodies.entries()) await stompitSend(producer, { destination, 'x-index': String(i), 'content-length': String(body.length) }, body);
    const got = await stomppy(['consume', '127.0.0.1', String(port), target.host, destination, String(bodies.length), '30']);
    const received = (got.bodies as string[]).map((b) => Buffer.from(b, 'base64'));
    expect(got.indexes).toEqual(bodies.map((_, i) => String(i)));
    received.forEach((body, i) => expect(body.equals(bodies[i]), `body ${i} (${bodies[i].length} B)`).toBe(true));

    await cli.waitForLine((l) => l.type === 'close' && l.connection === 2);
    const lines = cli.lines;
    const sending = connectionSending(lines, 'SEND', destination);
    const up = framesOf(lines, sending, 'client-to-broker');
    expect(up.map((l) => l.command)).toEqual(['CONNECT', ...bodies.map(() => 'SEND')]);
    up.slice(1).forEach((l, i) => expect(bodyOf(l).equals(bodies[i]), `SEND ${i} as printed`).toBe(true));
    expectReceiptsAfterRequests(lines, sending);
    expect(lines.filter((l) => l.type === 'diagnostic' && l.connection === sending)).toEqual([]);
    const consuming = connectionSending(lines, 'SUBSCRIBE', destination);
    const down = framesOf(lines, consuming, 'broker-to-client').filter((l) => l.command === 'MESSAGE');
    down.forEach((l, i) => expect(bodyOf(l).equals(bodies[i]), `MESSAGE ${i} as printed`).toBe(true));
    expect(framesOf(lines, consuming, 'client-to-broker').map((l) => l.command)).toEqual(['STOMP', 'SUBSCRIBE', ...bodies.map(() => 'ACK'), 'DISCONNECT']);
    expect(await cli.stop()).toBe(0);
  });

  it('catches stompit sending a body with a NUL and no content-length: relayed as it came, cut short at the broker, diagnosed', async () => {
    const { cli, via } = await proxyFor(target);
    const destination = queueName(target, 'proxy-nul');
    const producer = await stompitConnect(via);
    const consumer = await stompitConnect(target);
    const inbox = stompitCollect(consumer, { destination, ack: 'client-individual', id: 'sub-1' });
    await stompitSend(producer, { destination }, Buffer.from('before\0after'));
    const diagnostic = await cli.waitForLine((l) => l.type === 'diagnostic' && l.rule === 'nul-in-body-without-content-length');
    const send = cli.lines.find((l) => l.type === 'frame' && l.command === 'SEND')!;
    expect(diagnostic).toMatchObject({ direction: 'client-to-broker', connection: send.connection });
    expect(bodyOf(send).toString()).toBe('before');
    // The broker read it the same way: the message it delivers was cut at the NUL.
    const [delivered] = await inbox.waitFor(1);
    expect(delivered.body.toString()).toBe('before');
    expect(await cli.stop()).toBe(0);
  });
});
