// The client's transports against the real brokers: TLS to RabbitMQ (verified with the test CA,
// with a client certificate, refused without the CA, unverified only when asked, wrong name), STOMP
// over WebSocket (RabbitMQ web-STOMP; ActiveMQ through the project's bridge), and a failover URI
// whose first address is dead.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectFailedError, type AttemptFailure } from '../../src-core/client/index';
import { brokers } from './brokers';
import { connectedClient, Inbox, newClient, queueName, RABBITMQ, TARGETS, type BrokerTarget } from './support/client-kit';

const tlsUri = `ssl://${brokers.host}:${brokers.rabbitmq.stompTlsPort}`;
const ca = readFileSync(brokers.tls.caCert);
const clientCert = readFileSync(brokers.tls.clientCert);
const clientKey = readFileSync(brokers.tls.clientKey);

/** Sends a few bodies (text, every byte value, 1 MiB) through `client` to itself, byte-exact. */
async function roundTrip(target: BrokerTarget, client: Awaited<ReturnType<typeof connectedClient>>, tag: string): Promise<void> {
  const q = queueName(target, tag);
  const inbox = new Inbox();
  await client.subscribe(q, inbox.handler, { ack: 'client-individual', receipt: true });
  const bodies = [new TextEncoder().encode('hello ☃'), Uint8Array.from({ length: 256 }, (_, i) => i), new Uint8Array(randomBytes(1 << 20))];
  for (const body of bodies) await client.send(q, body, { receipt: true });
  const got = await inbox.waitFor(bodies.length, 30_000);
  got.forEach((m, i) => expect(Buffer.compare(Buffer.from(m.body), Buffer.from(bodies[i]))).toBe(0));
}

async function connectError(options: Parameters<typeof newClient>[1]): Promise<ConnectFailedError> {
  const client = newClient(RABBITMQ, { uri: tlsUri, ...options });
  const error = await client.connect().then(
    () => new Error('connected, but should not have'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectFailedError);
  expect(client.state).toBe('disconnected');
  return error as ConnectFailedError;
}

describe('TLS (RabbitMQ, stomp+ssl 61615)', () => {
  it('verifies the broker against the test CA', async () => {
    const client = await connectedClient(RABBITMQ, { uri: tlsUri, tls: { ca } });
    expect(client.connectedInfo).toMatchObject({ broker: tlsUri, verified: true, version: '1.2' });
    await roundTrip(RABBITMQ, client, 'tls');
  });

  it('connects by the name on the certificate (localhost) too', async () => {
    const client = await connectedClient(RABBITMQ, { uri: `ssl://localhost:${brokers.rabbitmq.stompTlsPort}`, tls: { ca } });
    expect(client.connectedInfo).toMatchObject({ verified: true });
  });

  it('presents a client certificate signed by the test CA, which the broker accepts', async () => {
    const client = await connectedClient(RABBITMQ, { uri: tlsUri, tls: { ca, cert: clientCert, key: clientKey } });
    expect(client.connectedInfo).toMatchObject({ verified: true });
    await roundTrip(RABBITMQ, client, 'tls-cert');
  });

  it('a client certificate the broker does not trust is refused, and the error says so', async () => {
    // RabbitMQ verifies a client certificate when one is sent (verify_peer): a self-signed one fails.
    const error = await connectError({ tls: { ca, cert: readFileSync(brokers.tls.selfSignedCert), key: readFileSync(brokers.tls.selfSignedKey) } });
    expect(error.attempts).toHaveLength(1);
    expect(error.attempts[0].reason).toMatch(/bad certificate/);
    expect(error.attempts[0].reason).toMatch(/the broker rejected the client certificate/);
  });

  it('without the CA, the default (verification on) refuses the broker, with a clear error', async () => {
    const error = await connectError({ tls: {} });
    expect(error.attempts).toHaveLength(1);
    const [attempt] = error.attempts;
    expect(attempt.broker).toBe(tlsUri);
    expect(attempt.reason).toMatch(/^cannot connect to ssl:\/\/127\.0\.0\.1:61615: TLS: self-signed certificate in certificate chain/);
    expect(attempt.reason).toMatch(/not signed by a trusted CA: give its CA file, or switch verification off explicitly/);
    expect(error.message).toContain(attempt.reason);
  });

  it('with rejectUnauthorized:false it connects, and the connected event says verified:false', async () => {
    const client = newClient(RABBITMQ, { uri: tlsUri, tls: { rejectUnauthorized: false } });
    const info = await client.connect();
    expect(info.verified).toBe(false);
    expect(info.broker).toBe(tlsUri);
    await roundTrip(RABBITMQ, client, 'tls-unverified');
  });

  it('a server name the certificate does not carry is refused, with a hint', async () => {
    const error = await connectError({ tls: { ca, servername: 'wrong.example.com' } });
    expect(error.attempts[0].reason).toMatch(/wrong\.example\.com\. is not in the cert's altnames/);
    expect(error.attempts[0].reason).toMatch(/the certificate does not name this host/);
  });
});

describe.each([
  { ...RABBITMQ, label: 'RabbitMQ web-STOMP', uri: brokers.rabbitmq.wsUrl },
  // Debian's ActiveMQ has no ws transport: this is the project's bridge to its STOMP connector.
  { ...TARGETS[1], label: 'ActiveMQ through the ws bridge', uri: brokers.activemq.wsUrl },
])('WebSocket: $label', (target) => {
  it('connects over ws://, negotiates 1.2, and carries bodies byte-exact both ways', async () => {
    const client = newClient(target, { heartBeat: [1_000, 1_000] });
    const info = await client.connect();
    expect(info.broker).toBe(target.uri);
    expect(info.version).toBe('1.2');
    expect(info.verified).toBeUndefined();
    await roundTrip(target, client, 'ws');
  });

  it('interoperates with a TCP client on the same broker', async () => {
    const tcpTarget = TARGETS.find((t) => t.name === target.name)!;
    const q = queueName(target, 'ws-tcp');
    const ws = await connectedClient(target);
    const tcp = await connectedClient(tcpTarget);
    const inbox = new Inbox();
    await ws.subscribe(q, inbox.handler, { receipt: true });
    const body = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    await tcp.send(q, body, { receipt: true });
    const [m] = await inbox.waitFor(1);
    expect(Buffer.compare(Buffer.from(m.body), Buffer.from(body))).toBe(0);
    expect(m.broker).toBe(target.uri);
  });
});

describe.each(TARGETS)('failover to $label past a dead first address', (target) => {
  it('connects to the second broker; attemptFailed names the first, connected the second', async () => {
    const dead = 'tcp://127.0.0.1:1';
    const client = newClient(target, { uri: `failover:(${dead},${target.uri})?randomize=false&initialReconnectDelay=10` });
    const failures: AttemptFailure[] = [];
    const retries: { attempt: number; delay: number; broker: string }[] = [];
    client.on('attemptFailed', (f) => failures.push(f));
    client.on('reconnecting', (r) => retries.push({ attempt: r.attempt, delay: r.delay, broker: r.broker }));
    const info = await client.connect();
    expect(info.broker).toBe(target.uri);
    expect(info.reconnect).toBe(false);
    expect(failures).toEqual([{ broker: dead, attempt: 1, reason: expect.stringMatching(/ECONNREFUSED/) }]);
    // One retry, 10 ms after the first attempt, named the same way as attemptFailed names brokers.
    expect(retries).toEqual([{ attempt: 2, delay: 10, broker: target.uri }]);
    await roundTrip(target, client, 'failover');
  });
});
