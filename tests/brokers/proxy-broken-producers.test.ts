/**
 * Deliberately broken producers (raw sockets) through the CLI proxy to the real brokers: the bytes
 * are relayed as they came, the broker reacts to them as it would without the proxy, and the
 * proxy's JSON lines point at the broken rule and its byte.
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { StompClient } from '../../src-core/client';
import { brokers } from './brokers';
import { proxyFor, type Line } from './proxy-kit';
import { queueName, TARGETS } from './support/client-kit';

function rawSocket(port: number): Promise<{ socket: Socket; text: () => string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, text: () => received }));
  });
}

describe.each(TARGETS)('broken producers through the proxy to $label', (target) => {
  const connectFrame = `CONNECT\naccept-version:1.2\nhost:${target.host}\nlogin:${brokers.login}\npasscode:${brokers.passcode}\n\n\0`;

  it('a 1.2 SEND with an unescaped colon: relayed, delivered as the broker reads it, diagnosed at the colon', async () => {
    const { cli, port } = await proxyFor(target);
    const destination = queueName(target, 'proxy-colon');
    const consumer = new StompClient({ uri: target.uri, host: target.host, login: brokers.login, passcode: brokers.passcode, reconnect: false });
    await consumer.connect();
    let deliver: (value: string | undefined) => void = () => undefined;
    const delivered = new Promise<string | undefined>((resolve) => (deliver = resolve));
    await consumer.subscribe(destination, (m) => deliver(m.headers['x-url']), { receipt: true });
    const raw = await rawSocket(port);
    raw.socket.write(connectFrame);
    await cli.waitForLine((l) => l.type === 'frame' && l.command === 'CONNECTED');
    const send = `SEND\ndestination:${destination}\nx-url:http://example.org/a\nreceipt:r1\n\nbody\0`;
    raw.socket.write(send);
    await cli.waitForLine((l) => l.type === 'frame' && l.command === 'RECEIPT');
    expect(await delivered).toBe('http://example.org/a');
    const diagnostic = cli.lines.find((l) => l.type === 'diagnostic' && l.rule === 'unescaped-colon') as Line;
    expect(diagnostic).toMatchObject({ type: 'diagnostic', direction: 'client-to-broker', offset: connectFrame.length + send.indexOf('http:') + 4 });
    raw.socket.destroy();
    await consumer.disconnect();
    expect(await cli.stop()).toBe(0);
  });

  it('a SEND whose content-length is wrong: relayed, refused by the broker, diagnosed where the NUL should be', async () => {
    const { cli, port } = await proxyFor(target);
    const raw = await rawSocket(port);
    raw.socket.write(connectFrame);
    await cli.waitForLine((l) => l.type === 'frame' && l.command === 'CONNECTED');
    const send = `SEND\ndestination:${queueName(target, 'proxy-length')}\nreceipt:r1\ncontent-length:3\n\nhello\0`;
    raw.socket.write(send);
    const diagnostic = await cli.waitForLine((l) => l.type === 'diagnostic' && l.rule === 'missing-nul-after-body');
    expect(diagnostic).toMatchObject({ direction: 'client-to-broker', offset: connectFrame.length + send.indexOf('hello') + 3 });
    // The broker got the same bytes and hung up on them (ActiveMQ says why first).
    const close = await cli.waitForLine((l) => l.type === 'close');
    expect(close).toMatchObject({ initiator: 'broker' });
    if (target.name === 'activemq') {
      const error = cli.lines.find((l) => l.type === 'frame' && l.command === 'ERROR')!;
      expect((error.headers as [string, string][]).find(([n]) => n === 'message')?.[1]).toMatch(/no trailing null byte/);
      expect(raw.text()).toContain('no trailing null byte');
    }
    expect(cli.lines.some((l) => l.type === 'frame' && l.command === 'RECEIPT')).toBe(false);
    expect(await cli.stop()).toBe(0);
  });
});
