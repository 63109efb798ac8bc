// Every broker endpoint answers a real STOMP CONNECT, over plain node:net / node:tls / ws (not
// src-core): if these fail, the brokers or their scripts are broken, not the client.
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { brokers } from './brokers';
import { connectTcp, connectTls, connectWs, handshake, type RawConnection } from './raw-stomp';

const open: RawConnection[] = [];
const track = (c: RawConnection) => (open.push(c), c);
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

const rabbitLogin = { host: brokers.rabbitmq.vhost, login: brokers.login, passcode: brokers.passcode };
const activeLogin = { host: brokers.activemq.vhost, login: brokers.login, passcode: brokers.passcode };
const ca = readFileSync(brokers.tls.caCert);

/** Error out of a TLS connection attempt (or null when it got as far as CONNECTED). */
async function tlsAttempt(options: tls.ConnectionOptions): Promise<Error | null> {
  try {
    const c = track(await connectTls(brokers.host, brokers.rabbitmq.stompTlsPort, options));
    const f = await handshake(c, rabbitLogin);
    return f.command === 'CONNECTED' ? null : new Error(`got ${f.command}`);
  } catch (err) {
    return err as Error;
  }
}

describe('global set-up', () => {
  it('provides the same endpoints as brokers.ts', () => {
    expect(inject('brokers')).toEqual(brokers);
  });
});

describe('RabbitMQ', () => {
  it('answers CONNECT with CONNECTED over TCP', async () => {
    const c = track(await connectTcp(brokers.host, brokers.rabbitmq.stompPort));
    const f = await handshake(c, rabbitLogin);
    expect(f.command).toBe('CONNECTED');
    expect(f.headers.version).toBe('1.2');
    expect(f.headers.server).toMatch(/^RabbitMQ\/3\.10\./);
  });

  it('refuses a wrong passcode', async () => {
    const c = track(await connectTcp(brokers.host, brokers.rabbitmq.stompPort));
    const f = await handshake(c, { ...rabbitLogin, passcode: 'wrong' });
    expect(f.command).toBe('ERROR');
  });

  describe('STOMP over TLS', () => {
    it('verifies the server against the test CA and answers CONNECT', async () => {
      const c = track(await connectTls(brokers.host, brokers.rabbitmq.stompTlsPort, { ca }));
      expect(c.tlsSocket?.authorized).toBe(true);
      const cert = c.tlsSocket?.getPeerCertificate();
      expect(cert?.subject.CN).toBe('localhost');
      expect(cert?.subjectaltname).toContain('IP Address:127.0.0.1');
      const f = await handshake(c, rabbitLogin);
      expect(f.command).toBe('CONNECTED');
    });

    it('fails verification without the CA (system trust store only)', async () => {
      const err = await tlsAttempt({});
      expect(err).not.toBeNull();
      expect((err as NodeJS.ErrnoException).code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN/);
    });

    it('fails verification when only the self-signed certificate is trusted', async () => {
      const err = await tlsAttempt({ ca: readFileSync(brokers.tls.selfSignedCert) });
      expect((err as NodeJS.ErrnoException | null)?.code).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN/);
    });

    it('accepts a client certificate signed by the CA', async () => {
      const err = await tlsAttempt({ ca, cert: readFileSync(brokers.tls.clientCert), key: readFileSync(brokers.tls.clientKey) });
      expect(err).toBeNull();
    });

    it('rejects a client certificate the CA did not sign (verify_peer)', async () => {
      const err = await tlsAttempt({ ca, cert: readFileSync(brokers.tls.selfSignedCert), key: readFileSync(brokers.tls.selfSignedKey) });
      expect(err).not.toBeNull();
    });
  });

  it('answers CONNECT over Web-STOMP (v12.stomp, no permessage-deflate)', async () => {
    const c = track(await connectWs(brokers.rabbitmq.wsUrl, ['v12.stomp']));
    expect(c.protocol).toBe('v12.stomp');
    const f = await handshake(c, rabbitLogin);
    expect(f.command).toBe('CONNECTED');
    expect(f.headers.version).toBe('1.2');
  });
});

describe('ActiveMQ', () => {
  it('answers CONNECT with CONNECTED over TCP', async () => {
    const c = track(await connectTcp(brokers.host, brokers.activemq.stompPort));
    const f = await handshake(c, activeLogin);
    expect(f.command).toBe('CONNECTED');
    expect(f.headers.version).toBe('1.2');
    expect(f.headers.server).toMatch(/^ActiveMQ\/5\.17\./);
  });

  it('answers CONNECT with CONNECTED over WebSocket', async () => {
    const c = track(await connectWs(brokers.activemq.wsUrl, ['v12.stomp']));
    expect(c.protocol).toBe('v12.stomp');
    const f = await handshake(c, activeLogin);
    expect(f.command).toBe('CONNECTED');
    expect(f.headers.server).toMatch(/^ActiveMQ\/5\.17\./);
  });

  it('refuses a wrong passcode', async () => {
    const c = track(await connectTcp(brokers.host, brokers.activemq.stompPort));
    const f = await handshake(c, { ...activeLogin, passcode: 'wrong' });
    expect(f.command).toBe('ERROR');
    expect(f.headers.message).toMatch(/password is invalid/i);
  });

  it('refuses a CONNECT without login (anonymous access is off)', async () => {
    const c = track(await connectTcp(brokers.host, brokers.activemq.stompPort));
    c.send('CONNECT\naccept-version:1.2\nhost:localhost\n\n\0');
    const f = await c.nextFrame();
    expect(f.command).toBe('ERROR');
  });
});

describe('test certificates', () => {
  it('the self-signed server certificate is trusted only by itself, not by the test CA', async () => {
    const server = tls.createServer({ cert: readFileSync(brokers.tls.selfSignedCert), key: readFileSync(brokers.tls.selfSignedKey) }, (s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const attempt = (trust: Buffer) =>
      new Promise<string>((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: trust }, () => {
          resolve('ok');
          s.destroy();
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      });
    try {
      expect(await attempt(ca)).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(await attempt(readFileSync(brokers.tls.selfSignedCert))).toBe('ok');
    } finally {
      server.close();
    }
  });
});
