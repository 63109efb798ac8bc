// The client against the sandbox broker's fault switches, for failures a real broker will not make
// on demand: a broker that goes silent (dead-peer detection by heart-beats, then reconnect), a drop
// at an exact frame (what is lost, what is replayed), malformed input (strict: a clear error and a
// clean reconnect; lenient: a diagnostic and carry on), a refused CONNECT (no endless retries), a
// blackhole that accepts and never answers (CONNECTED timeout), and late receipts.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker, type SandboxBrokerOptions } from '../../src-core/broker/index';
import {
  ConnectFailedError,
  ConnectionLostError,
  PeerSilentError,
  ReceiptTimeoutError,
  StompClient,
  type ClientEvents,
  type ClientOptions,
  type StompMessage,
  type WireEntry,
} from '../../src-core/client/index';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandbox(options: SandboxBrokerOptions = {}): Promise<SandboxBroker> {
  const broker = await startSandboxBroker(options);
  cleanups.push(() => broker.close());
  return broker;
}

function client(options: ClientOptions): StompClient {
  const c = new StompClient({ connectTimeout: 2_000, connectedTimeout: 2_000, receiptTimeout: 2_000, ...options });
  cleanups.push(() => c.disconnect({ timeout: 200 }).catch(() => undefined));
  return c;
}

/** A failover URI for one broker that retries quickly. */
const retrying = (url: string, extra = '') => `failover:(${url})?initialReconnectDelay=10&maxReconnectDelay=50${extra}`;

function nextEvent<K extends keyof ClientEvents & string>(c: StompClient, event: K, predicate: (p: ClientEvents[K]) => boolean = () => true, timeoutMs = 4_000): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no '${event}' within ${timeoutMs} ms`))), timeoutMs);
    const off = c.on(event, (p) => {
      if (!predicate(p)) return;
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

class Inbox {
  readonly messages: StompMessage[] = [];
  private wake: () => void = () => undefined;
  readonly handler = (m: StompMessage) => {
    this.messages.push(m);
    this.wake();
  };
  async waitFor(count: number, timeoutMs = 4_000): Promise<StompMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${this.messages.length} of ${count} messages`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => (clearTimeout(timer), resolve());
      });
    }
    return this.messages.slice(0, count);
  }
}

/** A TCP server that accepts and never says a word; counts connections and sees them close. */
async function blackhole(): Promise<{ port: number; accepted: Socket[]; closed: Promise<void>[] }> {
  const accepted: Socket[] = [];
  const closed: Promise<void>[] = [];
  const server: Server = createServer((socket) => {
    accepted.push(socket);
    closed.push(new Promise((resolve) => socket.on('close', () => resolve())));
    socket.on('error', () => undefined);
    socket.resume(); // read and drop what comes, so the client's FIN is seen
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of accepted) s.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as { port: number }).port, accepted, closed };
}

describe('dead peer: a broker that goes silent', () => {
  it('is declared dead by heart-beats (PeerSilentError), and the client reconnects once it speaks again', async () => {
    const broker = await sandbox({ heartBeat: [100, 100] });
    const c = client({ uri: retrying(broker.url), heartBeat: [100, 100], connectedTimeout: 300 });
    const info = await c.connect();
    expect(info.heartBeat).toEqual({ sendEvery: 100, expectEvery: 100 });
    const inbox = new Inbox();
    await c.subscribe('/queue/hb', inbox.handler, { id: 'hb', receipt: true });

    const dropped = nextEvent(c, 'disconnected');
    const t0 = performance.now();
    broker.setFaults({ stallHeartBeats: true });
    const { error, willReconnect } = await dropped;
    const detectedMs = performance.now() - t0;
    expect(error).toBeInstanceOf(PeerSilentError);
    expect((error as PeerSilentError).expectedEvery).toBe(100);
    expect((error as PeerSilentError).silentMs).toBeGreaterThan(300); // the default tolerance, 3 × 100 ms
    expect(error!.message).toMatch(/sent nothing for \d+ ms although it promised a heart-beat every 100 ms/);
    expect(detectedMs).toBeLessThan(1_500);
    expect(willReconnect).toBe(true);

    // Still stalled: the new connection's CONNECT is never answered.
    const failed = await nextEvent(c, 'attemptFailed');
    expect(failed.reason).toMatch(/no CONNECTED within 300 ms of CONNECT/);

    const back = nextEvent(c, 'connected');
    const replayed = nextEvent(c, 'replayed');
    broker.setFaults({ stallHeartBeats: false });
    expect((await back).reconnect).toBe(true);
    expect(await replayed).toEqual({ subscriptions: [{ id: 'hb', destination: '/queue/hb' }] });
    await c.send('/queue/hb', 'alive again', { receipt: true });
    expect((await inbox.waitFor(1))[0].text()).toBe('alive again');
  });

  it('keeps a quiet connection alive by beating: the sandbox does not drop it', async () => {
    const broker = await sandbox({ heartBeat: [100, 100] });
    const c = client({ uri: broker.url, heartBeat: [100, 100] });
    const wire: WireEntry[] = [];
    c.on('wire', (e) => wire.push(e));
    let dropped = false;
    c.on('disconnected', () => (dropped = true));
    await c.connect();
    // Ten beats each way is ten of the broker's periods (it drops after ~2 silent ones).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not enough beats')), 4_000);
      const off = c.on('wire', () => {
        const count = (d: string) => wire.filter((e) => e.kind === 'heartbeat' && e.direction === d).length;
        if (count('out') >= 10 && count('in') >= 10) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    });
    expect(dropped).toBe(false);
    expect(await c.send('/queue/quiet', 'still here', { receipt: true })).toBeDefined();
  });
});

describe('a drop at an exact frame', () => {
  it('fails what was in flight, reports the lost transaction, replays the subscriptions with their ids and headers', async () => {
    const broker = await sandbox();
    const c = client({ uri: retrying(broker.url) });
    const wire: WireEntry[] = [];
    c.on('wire', (e) => wire.push(e));
    await c.connect();
    const a = new Inbox();
    const b = new Inbox();
    await c.subscribe('/queue/a', a.handler, { id: 'sub-a', ack: 'client-individual', settle: 'manual', headers: { 'x-note': 'kept' }, receipt: true });
    await c.subscribe('/topic/b', b.handler, { id: 'sub-b', receipt: true });
    await c.send('/queue/a', 'pending', { receipt: true });
    const [pending] = await a.waitFor(1);
    const tx = await c.begin({ receipt: true });
    await tx.send('/queue/a', 'in the lost transaction', { receipt: true });

    // The next frame the broker reads is discarded and the socket destroyed.
    broker.setFaults({ dropAfterFrames: broker.stats().framesReceived + 1 });
    c.on('disconnected', () => broker.setFaults({ dropAfterFrames: undefined }));
    const lost = nextEvent(c, 'transactionsLost');
    const drop = nextEvent(c, 'disconnected');
    const replayed = nextEvent(c, 'replayed');
    const reconnected = nextEvent(c, 'connected');
    const before = wire.length;

    const error = await c.send('/queue/a', 'dropped on the floor', { receipt: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect((await drop).willReconnect).toBe(true);
    expect(await lost).toEqual([tx.id]);
    expect(await replayed).toEqual({
      subscriptions: [
        { id: 'sub-a', destination: '/queue/a' },
        { id: 'sub-b', destination: '/topic/b' },
      ],
    });
    expect((await reconnected).reconnect).toBe(true);

    // The replayed SUBSCRIBEs, after the new CONNECT, carry the same ids, ack mode and headers.
    const out = wire.slice(before).flatMap((e) => (e.kind === 'frame' && e.direction === 'out' ? [e.frame] : []));
    const subscribes = out.filter((f) => f.command === 'SUBSCRIBE').map((f) => Object.fromEntries(f.headers));
    expect(subscribes).toEqual([
      { destination: '/queue/a', id: 'sub-a', ack: 'client-individual', 'x-note': 'kept' },
      { destination: '/topic/b', id: 'sub-b' }, // auto is the default: no ack header
    ]);

    // The unsettled message comes back on the new connection; settling the old copy is moot.
    const [, again] = await a.waitFor(2);
    expect(again.text()).toBe('pending');
    expect(again.redelivered).toBe(true);
    expect(await c.ack(pending)).toBe('stale');
    await c.ack(again, { receipt: true });

    // Neither the transaction's send nor the dropped one reached the queue; the topic still works.
    await c.send('/queue/a', 'after', { receipt: true });
    await c.send('/topic/b', 'topic after', { receipt: true });
    expect((await a.waitFor(3)).map((m) => m.text())).toEqual(['pending', 'pending', 'after']);
    expect((await b.waitFor(1)).map((m) => m.text())).toEqual(['topic after']);
    const queue = broker.destinations().queues.find((q) => q.name === '/queue/a');
    expect(queue).toMatchObject({ consumers: 1 });
  });
});

describe('malformed input from the broker', () => {
  it.each(['unknown-command', 'undefined-escape', 'content-length-without-nul'] as const)(
    'strict: %s ends the connection with a clear parse error, then a clean reconnect',
    async (kind) => {
      const broker = await sandbox();
      const c = client({ uri: retrying(broker.url), strict: true });
      await c.connect();
      const inbox = new Inbox();
      await c.subscribe('/queue/m', inbox.handler, { id: 'm', receipt: true });
      const drop = nextEvent(c, 'disconnected');
      const back = nextEvent(c, 'connected');
      expect(broker.sendMalformed(kind)).toBe(1);
      const { error, willReconnect } = await drop;
      expect(error?.name).toBe('StompParseError');
      expect(error?.message).toMatch(/\(at byte \d+, rule [a-z-]+\)$/);
      expect(willReconnect).toBe(true);
      expect((await back).reconnect).toBe(true);
      await c.send('/queue/m', 'clean again', { receipt: true });
      expect((await inbox.waitFor(1)).map((m) => m.text())).toEqual(['clean again']);
      expect(broker.connections).toBe(1);
    },
  );

  it('strict is the default: no strict option, and a malformed frame still ends the connection', async () => {
    const broker = await sandbox();
    const c = client({ uri: broker.url, reconnect: false });
    await c.connect();
    await c.subscribe('/queue/m', async () => undefined, { receipt: true });
    const drop = nextEvent(c, 'disconnected');
    broker.sendMalformed('undefined-escape');
    expect((await drop).error?.name).toBe('StompParseError');
  });

  it('lenient (asked for, as the app does): the wire log shows a diagnostic and the connection carries on', async () => {
    const broker = await sandbox();
    const c = client({ uri: broker.url, strict: false });
    const wire: WireEntry[] = [];
    c.on('wire', (e) => wire.push(e));
    let dropped = false;
    c.on('disconnected', () => (dropped = true));
    await c.connect();
    const inbox = new Inbox();
    await c.subscribe('/queue/m', inbox.handler, { receipt: true });
    broker.sendMalformed('undefined-escape');
    const [odd] = await inbox.waitFor(1);
    expect(odd.headers['x-sandbox-fault']).toBe('undefined-escape');
    const diagnostics = wire.flatMap((e) => (e.kind === 'diagnostic' ? [e.diagnostic] : []));
    expect(diagnostics.map((d) => d.rule)).toEqual(['undefined-escape']);
    await c.send('/queue/m', 'next', { receipt: true });
    expect((await inbox.waitFor(2))[1].text()).toBe('next');
    expect(dropped).toBe(false);
  });
});

describe('CONNECT refused by an ERROR', () => {
  it('fails with ConnectFailedError after one attempt, although the failover URI retries for ever', async () => {
    const broker = await sandbox({ faults: { rejectConnect: 'closed for maintenance' } });
    const c = client({ uri: retrying(broker.url) });
    const failures: string[] = [];
    c.on('attemptFailed', (f) => failures.push(f.reason));
    const error = await c.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectFailedError);
    expect((error as ConnectFailedError).gaveUpBecause).toBe('the broker refused the CONNECT');
    expect((error as ConnectFailedError).message).toMatch(/sent ERROR: closed for maintenance/);
    expect(failures).toHaveLength(1);
    expect(c.state).toBe('disconnected');
    // No retry follows (the plan would retry after 10 ms).
    await new Promise((r) => setTimeout(r, 200));
    expect(broker.stats().connectionsAccepted).toBe(1);
  });

  it('a wrong login is refused the same way', async () => {
    const broker = await sandbox({ users: [{ login: 'alice', passcode: 'secret' }] });
    const c = client({ uri: retrying(broker.url), login: 'alice', passcode: 'wrong' });
    const error = (await c.connect().catch((e: unknown) => e)) as ConnectFailedError;
    expect(error).toBeInstanceOf(ConnectFailedError);
    expect(error.attempts).toHaveLength(1);
    expect(broker.stats().connectionsAccepted).toBe(1);
  });

  it('refused while reconnecting: the walk stops at the first refusal and the client ends disconnected', async () => {
    const broker = await sandbox();
    const c = client({ uri: retrying(broker.url) });
    await c.connect();
    const refused = nextEvent(c, 'attemptFailed');
    const ended = nextEvent(c, 'state', (s) => s === 'disconnected');
    broker.setFaults({ rejectConnect: 'go away' });
    broker.dropAllConnections();
    expect((await refused).reason).toMatch(/sent ERROR: go away/);
    await ended;
    await new Promise((r) => setTimeout(r, 200));
    expect(broker.stats().connectionsAccepted).toBe(2);
  });
});

describe('a blackhole that accepts and never answers', () => {
  it('times out waiting for CONNECTED, closes the socket, and says why', async () => {
    const hole = await blackhole();
    const c = client({ uri: `tcp://127.0.0.1:${hole.port}`, connectedTimeout: 300 });
    const t0 = performance.now();
    const error = (await c.connect().catch((e: unknown) => e)) as ConnectFailedError;
    const took = performance.now() - t0;
    expect(error).toBeInstanceOf(ConnectFailedError);
    expect(error.attempts).toEqual([{ broker: `tcp://127.0.0.1:${hole.port}`, attempt: 1, reason: expect.stringMatching(/no CONNECTED within 300 ms of CONNECT/) }]);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
    expect(hole.accepted).toHaveLength(1);
    await hole.closed[0]; // the client hung up
  });

  it('walks a failover plan of blackholes to its limit: every attempt listed', async () => {
    const one = await blackhole();
    const two = await blackhole();
    const c = client({
      uri: `failover:(tcp://127.0.0.1:${one.port},tcp://127.0.0.1:${two.port})?randomize=false&initialReconnectDelay=5&maxReconnectAttempts=2`,
      connectedTimeout: 100,
    });
    const error = (await c.connect().catch((e: unknown) => e)) as ConnectFailedError;
    expect(error.gaveUpBecause).toBe('the failover plan ran out of attempts');
    expect(error.attempts.map((a) => [a.attempt, a.broker])).toEqual([
      [1, `tcp://127.0.0.1:${one.port}`],
      [2, `tcp://127.0.0.1:${two.port}`],
      [3, `tcp://127.0.0.1:${one.port}`],
    ]);
    expect([one.accepted.length, two.accepted.length]).toEqual([2, 1]);
  });

  it('disconnect() during an attempt ends the walk: no further attempts', async () => {
    const hole = await blackhole();
    const c = client({ uri: `failover:(tcp://127.0.0.1:${hole.port})?initialReconnectDelay=10`, connectedTimeout: 200 });
    const connecting = c.connect().catch((e: unknown) => e);
    await new Promise<void>((resolve) => {
      const check = () => (hole.accepted.length > 0 ? resolve() : setTimeout(check, 5));
      check();
    });
    await c.disconnect();
    expect(c.state).toBe('disconnected');
    const error = (await connecting) as ConnectFailedError;
    expect(error).toBeInstanceOf(ConnectFailedError);
    expect(error.gaveUpBecause).toBe('disconnect was called');
    await new Promise((r) => setTimeout(r, 200));
    expect(hole.accepted).toHaveLength(1);
    expect(c.state).toBe('disconnected');
  });
});

describe('receipts from a slow broker (delayReceiptsMs)', () => {
  it('a receipt later than receiptTimeout rejects with ReceiptTimeoutError; the late RECEIPT is then ignored', async () => {
    const broker = await sandbox({ faults: { delayReceiptsMs: 400 } });
    const c = client({ uri: broker.url, receiptTimeout: 100 });
    const wire: WireEntry[] = [];
    c.on('wire', (e) => wire.push(e));
    const errors: Error[] = [];
    c.on('brokerError', (e) => errors.push(e));
    await c.connect();
    const t0 = performance.now();
    const error = await c.send('/queue/slow', 'x', { receipt: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReceiptTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, purpose: 'SEND to /queue/slow' });
    expect(performance.now() - t0).toBeLessThan(400);
    // The RECEIPT still comes, and nothing breaks.
    await new Promise<void>((resolve) => {
      const off = c.on('wire', (e) => e.kind === 'frame' && e.frame.command === 'RECEIPT' && (off(), resolve()));
    });
    expect(errors).toEqual([]);
    expect(c.state).toBe('connected');
  });

  it('with a generous timeout the receipts resolve, in order, with their latency', async () => {
    const broker = await sandbox({ faults: { delayReceiptsMs: 150 } });
    const c = client({ uri: broker.url, receiptTimeout: 2_000 });
    await c.connect();
    const order: number[] = [];
    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => c.send('/queue/slow', `m${i}`, { receipt: true }).then((r) => (order.push(i), r!))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
    for (const r of results) expect(r.latencyMs).toBeGreaterThanOrEqual(145);
  });

  it('disconnect({ timeout }) does not wait longer than asked for the DISCONNECT receipt', async () => {
    const broker = await sandbox({ faults: { delayReceiptsMs: 2_000 } });
    const c = client({ uri: broker.url });
    await c.connect();
    const t0 = performance.now();
    await c.disconnect({ timeout: 150 });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(1_000);
    expect(c.state).toBe('disconnected');
  });
});

describe('back-pressure and a drop', () => {
  it('a send waiting for the socket to drain fails cleanly with the connection (no unhandled rejection)', async () => {
    const broker = await sandbox();
    const c = client({ uri: broker.url, reconnect: false });
    await c.connect();
    // A stalled broker stops reading, so a big body fills the socket buffers and the write waits.
    broker.setFaults({ stallHeartBeats: true });
    const body = new Uint8Array(32 << 20);
    const sending = c.send('/queue/big', body, { receipt: true }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    broker.dropAllConnections();
    const error = await sending;
    expect(error).toBeInstanceOf(ConnectionLostError);
    expect(c.state).toBe('disconnected');
  });
});
