// The client against both real brokers, command by command: CONNECT (and STOMP through the client's
// connection attempt), SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK, DISCONNECT; version negotiation one
// version at a time with each version's ack identity; receipts (latency, order); negotiated
// heart-beats on the wire; graceful disconnect. Transactions and ack modes: client-acks.test.ts.
import { describe, expect, it } from 'vitest';
import { ClientStateError, ConnectFailedError, type StompMessage } from '../../src-core/client/index';
import { attemptConnect } from '../../src-core/client/connect-attempt';
import { openTransport } from '../../src-core/client/open-transport';
import type { WireEntry } from '../../src-core/client/wire-entry';
import { connect as buildConnect } from '../../src-core/protocol/commands/connect';
import { connected as readConnected } from '../../src-core/protocol/commands/connected';
import { createFrame } from '../../src-core/protocol/frame';
import { parseFailoverUri } from '../../src-core/protocol/failover-uri';
import type { StompVersion } from '../../src-core/protocol/spec';
import { brokers } from './brokers';
import {
  connectedClient,
  deferred,
  firstMessageAfterMarker,
  framesOf,
  header,
  Inbox,
  newClient,
  nextEvent,
  queueName,
  recordWire,
  TARGETS,
} from './support/client-kit';

describe.each(TARGETS)('client against $label', (target) => {
  describe('CONNECT / STOMP', () => {
    it('CONNECT offers every version and the broker picks 1.2; the connected event says who answered', async () => {
      const client = newClient(target);
      const wire = recordWire(client);
      const states: string[] = [];
      client.on('state', (s) => states.push(s));
      const info = await client.connect();

      expect(info.version).toBe('1.2');
      expect(info.broker).toBe(target.uri);
      expect(info.reconnect).toBe(false);
      expect(info.verified).toBeUndefined(); // plain TCP: nothing to verify
      expect(info.server).toMatch(target.name === 'rabbitmq' ? /^RabbitMQ\/3\./ : /^ActiveMQ\/5\./);
      expect(info.session).toBeTruthy();
      expect(client.state).toBe('connected');
      expect(client.connectedInfo).toEqual(info);
      expect(states).toEqual(['connecting', 'connected']);

      const [connect] = framesOf(wire, 'out');
      expect(connect.command).toBe('CONNECT');
      expect(header(connect, 'accept-version')).toBe('1.0,1.1,1.2');
      expect(header(connect, 'host')).toBe(target.host);
      expect(header(connect, 'login')).toBe(brokers.login);
      expect(header(connect, 'passcode')).toBe(brokers.passcode);
      expect(header(connect, 'heart-beat')).toBe('10000,10000');
      expect(framesOf(wire, 'in')[0].command).toBe('CONNECTED');
    });

    it('STOMP (the 1.1 alias of CONNECT) opens a session through the client connection attempt', async () => {
      // StompClient always writes CONNECT; its connection attempt takes any handshake frame.
      const versions: StompVersion[] = ['1.1', '1.2'];
      const frame = buildConnect({ command: 'STOMP', host: target.host, login: brokers.login, passcode: brokers.passcode, versions, heartBeat: [0, 0] });
      const wire: WireEntry[] = [];
      const attempt = await attemptConnect(
        parseFailoverUri(target.uri).brokers[0],
        { frame, accept: (f) => readConnected(f, { versions, heartBeat: [0, 0] }) },
        {
          open: openTransport,
          transport: { connectTimeout: 5_000 },
          connectedTimeout: 10_000,
          heartBeatTolerance: 2,
          strict: true,
          versions,
          onWire: (entry) => wire.push(entry),
        },
      );
      try {
        expect(attempt.broker).toBe(target.uri);
        expect(attempt.info.version).toBe('1.2');
        expect(framesOf(wire, 'out')[0].command).toBe('STOMP');
        // The session is usable: DISCONNECT with a receipt is answered.
        const receipt = new Promise<string | undefined>((resolve) =>
          attempt.connection.on('frame', (f) => f.command === 'RECEIPT' && resolve(header(f, 'receipt-id'))),
        );
        void attempt.connection.send(createFrame('DISCONNECT', [['receipt', 'bye']]));
        expect(await receipt).toBe('bye');
      } finally {
        attempt.connection.destroy();
      }
    });

    it('a wrong passcode is refused once, with the broker’s reason, and not retried', async () => {
      // A failover URI retries for ever by default; a refused CONNECT must end the walk anyway.
      const client = newClient(target, { uri: `failover:(${target.uri})?initialReconnectDelay=10`, passcode: 'wrong' });
      const failed: string[] = [];
      client.on('attemptFailed', (f) => failed.push(f.reason));
      const error = await client.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectFailedError);
      expect((error as ConnectFailedError).gaveUpBecause).toBe('the broker refused the CONNECT');
      expect((error as ConnectFailedError).attempts).toHaveLength(1);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatch(/sent ERROR/);
      expect(client.state).toBe('disconnected');
    });
  });

  describe('SEND, SUBSCRIBE, UNSUBSCRIBE', () => {
    it('delivers in order with headers kept, and an unsubscribed subscription gets nothing more', async () => {
      const q = queueName(target, 'send');
      const client = await connectedClient(target);
      const inbox = new Inbox();
      const sub = await client.subscribe(q, inbox.handler, { id: 'first', receipt: true });
      expect(sub).toMatchObject({ id: 'first', destination: q, ack: 'auto' });
      expect(client.subscriptions).toMatchObject([{ id: 'first', destination: q, ack: 'auto', messages: 0 }]);

      for (let i = 1; i <= 3; i++) {
        await client.send(q, `message ${i}`, { headers: { 'x-seq': String(i), 'content-type': 'text/plain', 'x-colon': 'a:b', 'x-utf8': 'Grüße ☃' } });
      }
      const got = await inbox.waitFor(3);
      expect(got.map((m) => m.text())).toEqual(['message 1', 'message 2', 'message 3']);
      for (const [i, m] of got.entries()) {
        expect(m.headers['x-seq']).toBe(String(i + 1));
        expect(m.headers['x-colon']).toBe('a:b');
        expect(m.headers['x-utf8']).toBe('Grüße ☃');
        expect(m.destination).toBe(q);
        expect(m.subscriptionId).toBe('first');
        expect(m.messageId).toBeTruthy();
        expect(m.broker).toBe(target.uri);
      }
      expect(new Set(got.map((m) => m.messageId)).size).toBe(3);

      await sub.unsubscribe({ receipt: true });
      expect(client.subscriptions).toEqual([]);
      await client.send(q, 'after unsubscribe', { receipt: true });
      // The message stayed in the queue: a new subscription gets it, the old one never did.
      const second = new Inbox();
      await client.subscribe(q, second.handler, { id: 'second' });
      const [late] = await second.waitFor(1);
      expect(late.text()).toBe('after unsubscribe');
      expect(late.subscriptionId).toBe('second');
      expect(inbox.messages).toHaveLength(3);
    });

    it('refuses to send before connect and after disconnect, with ClientStateError', async () => {
      const client = newClient(target);
      await expect(client.send('/queue/x', 'x')).rejects.toBeInstanceOf(ClientStateError);
      await expect(client.subscribe('/queue/x', () => undefined)).rejects.toThrow(/not connected \(client is idle\)/);
      await client.connect();
      await client.disconnect();
      await expect(client.send('/queue/x', 'x')).rejects.toBeInstanceOf(ClientStateError);
    });
  });

  describe.each(['1.0', '1.1', '1.2'] as const)('STOMP %s offered alone', (version) => {
    it('is negotiated; ACK (and NACK from 1.1) name the message the way the version says', async () => {
      const q = queueName(target, `v${version}`);
      const client = newClient(target, { versions: [version], ...(version === '1.0' ? { heartBeat: [0, 0] as const } : {}) });
      const wire = recordWire(client);
      const info = await client.connect();
      expect(info.version).toBe(version);
      expect(client.version).toBe(version);
      expect(header(framesOf(wire, 'out', 'CONNECT')[0], 'accept-version')).toBe(version);

      const inbox = new Inbox();
      const ack = version === '1.0' ? 'client' : 'client-individual';
      await client.subscribe(q, inbox.handler, { ack, settle: 'manual', receipt: true });
      await client.send(q, 'first', { headers: { 'x-colon': 'a:b' } });
      const [first] = await inbox.waitFor(1);
      expect(first.text()).toBe('first');
      // 1.0 has no escapes; RabbitMQ escapes `:` as `\c` all the same (ActiveMQ does not), and the
      // client, rightly, leaves a 1.0 header as it came.
      expect(first.headers['x-colon']).toBe(version === '1.0' && target.name === 'rabbitmq' ? 'a\\cb' : 'a:b');
      // Only 1.2 names a message by an `ack` header.
      if (version === '1.2') expect(first.headers.ack).toBeTruthy();
      else expect(first.headers.ack).toBeUndefined();

      expect(await client.ack(first, { receipt: true })).toMatchObject({ receiptId: expect.any(String) });
      const [ackFrame] = framesOf(wire, 'out', 'ACK');
      const names = ackFrame.headers.map(([n]) => n).filter((n) => n !== 'receipt');
      if (version === '1.0') {
        expect(names).toEqual(['message-id']);
        expect(header(ackFrame, 'message-id')).toBe(first.messageId);
      } else if (version === '1.1') {
        expect(names.sort()).toEqual(['message-id', 'subscription']);
        expect(header(ackFrame, 'message-id')).toBe(first.messageId);
        expect(header(ackFrame, 'subscription')).toBe(first.subscriptionId);
      } else {
        expect(names).toEqual(['id']);
        expect(header(ackFrame, 'id')).toBe(first.headers.ack);
      }

      if (version === '1.0') {
        // 1.0 has no NACK: the client says so instead of sending a frame the broker cannot read.
        await client.send(q, 'second');
        const [, second] = await inbox.waitFor(2);
        await expect(client.nack(second)).rejects.toThrow(/1\.0 has no NACK/);
        await client.ack(second, { receipt: true });
      } else {
        await client.send(q, 'second');
        const [, second] = await inbox.waitFor(2);
        await client.nack(second, { receipt: true });
        const [nackFrame] = framesOf(wire, 'out', 'NACK');
        if (version === '1.1') expect(header(nackFrame, 'message-id')).toBe(second.messageId);
        else expect(header(nackFrame, 'id')).toBe(second.headers.ack);
        if (target.name === 'rabbitmq') {
          // RabbitMQ requeues a NACKed message at once, flagged as redelivered.
          const [, , again] = await inbox.waitFor(3);
          expect(again.text()).toBe('second');
          expect(again.redelivered).toBe(true);
          await client.ack(again, { receipt: true });
        }
        // ActiveMQ discards a NACKed non-persistent message (persistent ones go to ActiveMQ.DLQ).
      }
      await client.disconnect();
      // Every message was settled: the broker holds nothing before a fresh marker.
      const { first: next, marker } = await firstMessageAfterMarker(target, q);
      expect(next.text()).toBe(marker);
    });
  });

  describe('receipts', () => {
    it('every command that takes a receipt gets one; receipts resolve in order with their latency', async () => {
      const q = queueName(target, 'receipts');
      const client = await connectedClient(target);
      const wire = recordWire(client);

      const sub = await client.subscribe(q, () => undefined, { receipt: true });
      const tx = await client.begin({ receipt: true });
      await tx.commit(); // receipt by default
      const tx2 = await client.begin();
      expect(await tx2.abort()).toMatchObject({ receiptId: expect.any(String) });
      await sub.unsubscribe({ receipt: true });

      const n = 200;
      const order: number[] = [];
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          client.send(q, `r${i}`, { receipt: true }).then((r) => {
            order.push(i);
            return r!;
          }),
        ),
      );
      expect(order).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(new Set(results.map((r) => r.receiptId)).size).toBe(n);
      // Each RECEIPT answers the frame that asked for it, in the order they were written.
      const asked = framesOf(wire, 'out').flatMap((f) => (header(f, 'receipt') ? [header(f, 'receipt')] : []));
      const answered = framesOf(wire, 'in', 'RECEIPT').map((f) => header(f, 'receipt-id'));
      expect(answered).toEqual(asked);
      const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
      expect(latencies[0]).toBeGreaterThan(0);
      expect(latencies.at(-1)!).toBeLessThan(5_000);
      const single = await client.send(q, 'alone', { receipt: true });
      expect(single!.latencyMs).toBeGreaterThan(0);
      expect(single!.latencyMs).toBeLessThan(1_000);
      console.log(
        `[client] ${target.label}: ${n} pipelined receipts, latency median ${latencies[n >> 1].toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms; one alone ${single!.latencyMs.toFixed(2)} ms`,
      );

      // Drain what was sent, in order.
      const inbox = new Inbox();
      await client.subscribe(q, inbox.handler);
      const got = await inbox.waitFor(n + 1);
      expect(got.map((m) => m.text())).toEqual([...Array.from({ length: n }, (_, i) => `r${i}`), 'alone']);
    });
  });

  describe('heart-beats', () => {
    it('negotiates [1000, 1000] and beats flow both ways on an idle connection', async () => {
      const period = 1_000;
      // The default tolerance (3 periods) must hold: ActiveMQ beats only after a whole idle check
      // period, so its silences reach 2 periods and a little more.
      const client = newClient(target, { heartBeat: [period, period] });
      const wire = recordWire(client);
      let dropped: Error | undefined;
      client.on('disconnected', (e) => (dropped = e.error));
      const info = await client.connect();
      expect(header(framesOf(wire, 'out', 'CONNECT')[0], 'heart-beat')).toBe('1000,1000');
      expect(info.serverHeartBeat[0]).toBeGreaterThan(0);
      expect(info.heartBeat).toEqual({ sendEvery: Math.max(period, info.serverHeartBeat[1]), expectEvery: Math.max(info.serverHeartBeat[0], period) });
      expect(info.heartBeat).toEqual({ sendEvery: 1_000, expectEvery: 1_000 });

      // Wait (by event) until three beats came in and three went out.
      const beats = (direction: 'in' | 'out') => wire.filter((e) => e.kind === 'heartbeat' && e.direction === direction);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`beats in ${beats('in').length}, out ${beats('out').length} after 10 s`)), 10_000);
        const off = client.on('wire', () => {
          if (beats('in').length >= 3 && beats('out').length >= 3) {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      });
      const gaps = (entries: WireEntry[]) => entries.slice(1).map((e, i) => e.at - entries[i].at);
      const outGaps = gaps(wire.filter((e) => e.direction === 'out'));
      const inGaps = gaps(wire.filter((e) => e.direction === 'in'));
      // We write something at least every period; the broker at least every two (ActiveMQ's worst case).
      expect(Math.max(...outGaps)).toBeLessThanOrEqual(period + 150);
      expect(Math.max(...inGaps)).toBeLessThanOrEqual(2 * period + 250);
      console.log(`[client] ${target.label} heart-beats: out gaps max ${Math.max(...outGaps)} ms, in gaps max ${Math.max(...inGaps)} ms`);
      expect(dropped).toBeUndefined();
      expect(client.state).toBe('connected');
      expect(await client.send(queueName(target, 'hb'), 'alive', { receipt: true })).toBeDefined();
    });

    it('1.0 has no heart-beats: offered alone, none are negotiated even with the default settings', async () => {
      const client = newClient(target, { versions: ['1.0'] });
      const wire = recordWire(client);
      const info = await client.connect();
      expect(info.version).toBe('1.0');
      expect(info.heartBeat).toEqual({ sendEvery: 0, expectEvery: 0 });
      expect(header(framesOf(wire, 'out', 'CONNECT')[0], 'heart-beat') ?? '0,0').toBe('0,0');
    });
  });

  describe('DISCONNECT', () => {
    it('sends DISCONNECT with a receipt, waits for the RECEIPT, and reports an asked-for end', async () => {
      const client = await connectedClient(target);
      const wire = recordWire(client);
      const states: string[] = [];
      client.on('state', (s) => states.push(s));
      const ended = nextEvent(client, 'disconnected');
      await client.disconnect();
      expect(await ended).toEqual({ error: undefined, willReconnect: false });
      expect(states).toEqual(['disconnecting', 'disconnected']);
      const [disconnect] = framesOf(wire, 'out', 'DISCONNECT');
      const receipt = header(disconnect, 'receipt');
      expect(receipt).toBeTruthy();
      expect(framesOf(wire, 'in', 'RECEIPT').map((f) => header(f, 'receipt-id'))).toEqual([receipt]);
      expect(client.connectedInfo).toBeNull();
    });

    it('waits for an in-flight async handler, acks its message, then DISCONNECT', async () => {
      const q = queueName(target, 'graceful');
      const client = await connectedClient(target);
      const wire = recordWire(client);
      const started = deferred<StompMessage>();
      const release = deferred();
      let finished = false;
      await client.subscribe(
        q,
        async (m) => {
          started.resolve(m);
          await release.promise;
          finished = true;
        },
        { ack: 'client-individual', receipt: true },
      );
      await client.send(q, 'slow work');
      await started.promise;

      let disconnected = false;
      const before = wire.length;
      const disconnecting = client.disconnect({ timeout: 10_000 }).then(() => (disconnected = true));
      expect(client.state).toBe('disconnecting');
      // The handler is still running: nothing may be settled or closed yet.
      await new Promise((r) => setTimeout(r, 200));
      expect(disconnected).toBe(false);
      expect(framesOf(wire, 'out', 'DISCONNECT')).toHaveLength(0);

      release.resolve();
      await disconnecting;
      expect(finished).toBe(true);
      const commands = framesOf(wire.slice(before), 'out').map((f) => f.command);
      expect(commands).toEqual(['ACK', 'DISCONNECT']);
      const receipt = header(framesOf(wire, 'out', 'DISCONNECT')[0], 'receipt');
      expect(framesOf(wire, 'in', 'RECEIPT').map((f) => header(f, 'receipt-id'))).toContain(receipt);
      // The ACK was processed before the broker answered DISCONNECT: nothing is left.
      const { first, marker } = await firstMessageAfterMarker(target, q);
      expect(first.text()).toBe(marker);
    });

    it('gives up on a handler that outlives the timeout: DISCONNECT anyway, and the message is redelivered', async () => {
      const q = queueName(target, 'stuck');
      const client = await connectedClient(target);
      const started = deferred();
      await client.subscribe(q, () => (started.resolve(), new Promise<void>(() => undefined)), { ack: 'client-individual', receipt: true });
      await client.send(q, 'never finished');
      await started.promise;
      const t0 = performance.now();
      await client.disconnect({ timeout: 300 });
      const took = performance.now() - t0;
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(5_000);
      expect(client.state).toBe('disconnected');

      const other = await connectedClient(target);
      const inbox = new Inbox();
      await other.subscribe(q, inbox.handler, { ack: 'client-individual' });
      const [again] = await inbox.waitFor(1);
      expect(again.text()).toBe('never finished');
      expect(again.redelivered).toBe(true);
    });

    it('connect after disconnect starts clean: old subscriptions are neither listed nor in the way', async () => {
      const q = queueName(target, 'again');
      const client = await connectedClient(target);
      await client.subscribe(q, () => undefined, { id: 'fixed', receipt: true });
      await client.disconnect();
      await client.connect();
      expect(client.subscriptions).toEqual([]);
      const inbox = new Inbox();
      await client.subscribe(q, inbox.handler, { id: 'fixed', receipt: true });
      await client.send(q, 'second life');
      expect((await inbox.waitFor(1))[0].text()).toBe('second life');
    });
  });
});
