/** The CLI's send and subscribe against the real brokers, plain and through a failover URI. */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../core/cli-kit';
import { brokers } from './brokers';
import { deleteRabbitQueues } from './support/client-kit';

const login = ['--login', brokers.login, '--passcode', brokers.passcode];
const queue = `cli-${process.pid}-${Date.now()}`;

afterAll(async () => {
  await deleteRabbitQueues([queue]);
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
