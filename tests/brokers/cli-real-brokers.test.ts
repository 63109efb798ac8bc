/** The CLI's send and subscribe against the real brokers, plain and through a failover URI. */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../core/cli-kit';
import { brokers } from './brokers';
import { connectedClient, deleteRabbitQueues, TARGETS } from './support/client-kit';

const login = ['--login', brokers.login, '--passcode', brokers.passcode];
const queue = `cli-${process.pid}-${Date.now()}`;
const large = `cli-large-${process.pid}-${Date.now()}`;

afterAll(async () => {
  await deleteRabbitQueues([queue, large]);
});

describe.each([
  { name: 'RabbitMQ', port: brokers.rabbitmq.stompPort },
  { name: 'ActiveMQ', port: brokers.activemq.stompPort },
])('cli against $name', ({ port }) => {
  it('sends through a failover URI past a dead address and subscribes with acks', async () => {
    const uri = `failover:(tcp://127.0.0.1:1,tcp://127.0.0.1:${port})?randomize=false&initialReconnectDelay=10`;
    const sent = await runCli(['send', uri, `/queue/${queue}`, '--body', 'from the cli', '--count', '2', ...login]);
    expect(sent.code).toBe(0);
    expect(sent.lines[0]).toMatchObject({ type: 'sent', count: 2, broker: `tcp://127.0.0.1:${port}` });
    const got = await runCli(['subscribe', `tcp://127.0.0.1:${port}`, `/queue/${queue}`, '--ack', 'client', '--count', '2', '--timeout', '15', ...login]);
    expect(got.code).toBe(0);
    expect(got.lines.map((l) => Buffer.from(String(l.body), 'base64').toString())).toEqual(['from the cli', 'from the cli']);
  });
});

describe.each(TARGETS)('cli subscribe against $label, many large messages', (target) => {
  // subscribe borrows bodies (each becomes a JSON line before its handler returns): 40 MiB through
  // it reads into the same slabs again and again, and every line must still carry its own bytes.
  it('prints each of 600 × 64 KiB messages byte-exact', async () => {
    const count = 600;
    const destination = `/queue/${large}-${target.name}`;
    const bodyOf = (n: number) => Buffer.alloc(64 * 1024, `message ${n};`);
    const producer = await connectedClient(target);
    for (let n = 0; n < count; n++) await producer.send(destination, bodyOf(n), { receipt: n === count - 1 });
    const got = await runCli(['subscribe', target.uri, destination, '--ack', 'client-individual', '--count', String(count), '--timeout', '60', ...login]);
    expect(got.code).toBe(0);
    expect(got.lines.length).toBe(count);
    got.lines.forEach((line, n) => expect(Buffer.from(String(line.body), 'base64').equals(bodyOf(n)), `message ${n}`).toBe(true));
  });
});
