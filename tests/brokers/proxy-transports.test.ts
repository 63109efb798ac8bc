/**
 * The proxy's upstream side over every transport the core has, against the real brokers: TLS
 * (verified against the test CA, and refused without it, the client told why), WebSocket, and a
 * failover URI whose first broker is dead.
 */
import { describe, expect, it } from 'vitest';
import { StompClient } from '../../src-core/client';
import { startStompProxy, type ProxyOptions } from '../../src-core/proxy';
import { readFileSync } from 'node:fs';
import { brokers } from './brokers';
import { proxyFor } from './proxy-kit';
import { ACTIVEMQ, Inbox, onCleanup, queueName, RABBITMQ, type BrokerTarget } from './support/client-kit';

async function proxy(upstream: string, options: Partial<ProxyOptions> = {}) {
  const started = await startStompProxy({ listen: { host: '127.0.0.1', port: 0 }, upstream, connectTimeout: 5000, ...options });
  onCleanup(() => started.close());
  return started;
}

/** Our client through the proxy: a message there and back, byte-exact. */
async function roundTrip(port: number, target: BrokerTarget): Promise<void> {
  const client = new StompClient({ uri: `tcp://127.0.0.1:${port}`, host: target.host, login: brokers.login, passcode: brokers.passcode, reconnect: false });
  onCleanup(() => client.disconnect({ timeout: 2000 }).catch(() => undefined));
  await client.connect();
  const destination = queueName(target, 'proxy-transport');
  const inbox = new Inbox();
  await client.subscribe(destination, inbox.handler, { receipt: true });
  const body = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
  await client.send(destination, body, { receipt: true });
  const [message] = await inbox.waitFor(1);
  expect(Buffer.from(message.body).equals(Buffer.from(body))).toBe(true);
}

describe('proxy upstream transports', () => {
  it('TLS to RabbitMQ, verified against the CA given with --tls-ca (the CLI)', async () => {
    const { cli, port } = await proxyFor({ ...RABBITMQ, uri: `ssl://localhost:${brokers.rabbitmq.stompTlsPort}` }, ['--tls-ca', brokers.tls.caCert]);
    expect(cli.first.upstream).toBe(`ssl://localhost:${brokers.rabbitmq.stompTlsPort}`);
    await roundTrip(port, RABBITMQ);
    expect(cli.lines.find((l) => l.type === 'open')).toMatchObject({ broker: `ssl://localhost:${brokers.rabbitmq.stompTlsPort}` });
    expect(await cli.stop()).toBe(0);
  });

  it('TLS refused without the CA: the client hears why in an ERROR frame', async () => {
    const p = await proxy(`ssl://localhost:${brokers.rabbitmq.stompTlsPort}`);
    const client = new StompClient({ uri: `tcp://127.0.0.1:${p.address.port}`, login: brokers.login, passcode: brokers.passcode, reconnect: false });
    await expect(client.connect()).rejects.toThrow(/cannot reach the broker|not signed by a trusted CA|certificate/);
  });

  it('TLS with the CA as settings of the core proxy', async () => {
    const p = await proxy(`ssl://localhost:${brokers.rabbitmq.stompTlsPort}`, { tls: { ca: readFileSync(brokers.tls.caCert) } });
    await roundTrip(p.address.port, RABBITMQ);
  });

  it.each([
    ['RabbitMQ web-STOMP', () => brokers.rabbitmq.wsUrl, RABBITMQ],
    ['the ActiveMQ WebSocket bridge', () => brokers.activemq.wsUrl, ACTIVEMQ],
  ] as const)('WebSocket to %s', async (_name, url, target) => {
    const p = await proxy(url());
    await roundTrip(p.address.port, target);
  });

  it('a failover URI past a dead broker', async () => {
    const p = await proxy(`failover:(tcp://127.0.0.1:1,tcp://127.0.0.1:${brokers.activemq.stompPort})?randomize=false&initialReconnectDelay=10`);
    const opened = new Promise<string>((resolve) => p.on('open', (e) => resolve(e.broker)));
    await roundTrip(p.address.port, ACTIVEMQ);
    expect(await opened).toBe(`tcp://127.0.0.1:${brokers.activemq.stompPort}`);
  });
});
