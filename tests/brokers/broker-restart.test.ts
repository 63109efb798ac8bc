// The restart helpers work mid-test and the brokers keep persistent messages across a restart
// (tests restart brokers mid-stream to exercise reconnection and redelivery).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { brokers, isBrokerUp, restartBroker, runBrokerScript } from './brokers';
import { connectTcp, frame, handshake } from './raw-stomp';

const cases = [
  { name: 'activemq' as const, port: brokers.activemq.stompPort, host: brokers.activemq.vhost },
  { name: 'rabbitmq' as const, port: brokers.rabbitmq.stompPort, host: brokers.rabbitmq.vhost },
];

describe.each(cases)('restartBroker($name)', ({ name, port, host }) => {
  const login = { host, login: brokers.login, passcode: brokers.passcode };

  it('drops open connections, comes back, and keeps a persistent message', async () => {
    const queue = `/queue/restart-test-${randomUUID()}`;
    const body = `kept across a restart ${Date.now()}`;

    const producer = await connectTcp(brokers.host, port);
    expect((await handshake(producer, login)).command).toBe('CONNECTED');
    producer.send(frame('SEND', { destination: queue, persistent: 'true', receipt: 'sent', 'content-type': 'text/plain' }, body));
    expect((await producer.nextFrame()).headers['receipt-id']).toBe('sent');

    const t0 = performance.now();
    await restartBroker(name);
    const restartMs = performance.now() - t0;
    // The old connection is gone.
    await expect(producer.nextFrame(5_000)).rejects.toThrow();
    producer.close();
    expect(await isBrokerUp(name)).toBe(true);

    const consumer = await connectTcp(brokers.host, port);
    try {
      expect((await handshake(consumer, login)).command).toBe('CONNECTED');
      consumer.send(frame('SUBSCRIBE', { id: '1', destination: queue, ack: 'auto' }));
      const message = await consumer.nextFrame(10_000);
      expect(message.command).toBe('MESSAGE');
      expect(message.body).toBe(body);
      consumer.send(frame('UNSUBSCRIBE', { id: '1' }));
    } finally {
      consumer.close();
      // /queue/... is a durable queue on RabbitMQ: leave none behind.
      if (name === 'rabbitmq') await runBrokerScript('rabbitmq.sh', ['ctl', 'delete_queue', queue.slice('/queue/'.length)], 30_000);
    }
    console.log(`[brokers] restartBroker('${name}') took ${(restartMs / 1000).toFixed(1)} s`);
  });
});
