// A reconnect the user asks for (drop, reconnect, replay, as after a broker-side drop), and sends
// whose write and receipt are awaited apart, against the sandbox broker.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker/index';
import { ClientStateError, ConnectFailedError, ReconnectRequestedError, StompClient, type ClientEvents, type StompMessage } from '../../src-core/client/index';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sandbox(): Promise<SandboxBroker> {
  const broker = await startSandboxBroker({});
  cleanups.push(() => broker.close());
  return broker;
}

function client(uri: string, extra: Partial<ConstructorParameters<typeof StompClient>[0]> = {}): StompClient {
  const c = new StompClient({ uri, connectTimeout: 2_000, connectedTimeout: 2_000, receiptTimeout: 2_000, ...extra });
  cleanups.push(() => c.disconnect({ timeout: 200 }).catch(() => undefined));
  return c;
}

function nextEvent<K extends keyof ClientEvents & string>(c: StompClient, event: K, timeoutMs = 4_000): Promise<ClientEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no '${event}' within ${timeoutMs} ms`))), timeoutMs);
    const off = c.on(event, (p) => {
      clearTimeout(timer);
      off();
      resolve(p);
    });
  });
}

describe('client.reconnect()', () => {
  it('drops the connection, says why, reconnects and replays every subscription with its id', async () => {
    const broker = await sandbox();
    const c = client(`failover:(${broker.url})?initialReconnectDelay=10`);
    await c.connect();
    const got: StompMessage[] = [];
    const sub = await c.subscribe('/queue/replay-me', (m) => void got.push(m), { receipt: true });
    const disconnected = nextEvent(c, 'disconnected');
    const replayed = nextEvent(c, 'replayed');
    const connected = nextEvent(c, 'connected');
    c.reconnect('the user pressed Reconnect');
    const drop = await disconnected;
    expect(drop.willReconnect).toBe(true);
    expect(drop.error).toBeInstanceOf(ReconnectRequestedError);
    expect(drop.error?.message).toBe('the user pressed Reconnect');
    expect((await connected).reconnect).toBe(true);
    expect((await replayed).subscriptions).toEqual([{ id: sub.id, destination: '/queue/replay-me' }]);
    // The replayed subscription is live on the new connection.
    await c.send('/queue/replay-me', 'after', { receipt: true });
    await expect.poll(() => got.map((m) => m.text())).toEqual(['after']);
  });

  it('is refused unless connected', async () => {
    const broker = await sandbox();
    const c = client(broker.url);
    expect(() => c.reconnect()).toThrow(ClientStateError);
    await c.connect();
    await c.disconnect();
    expect(() => c.reconnect()).toThrow(/disconnected, not connected/);
  });
});

describe('client.sendTicket()', () => {
  it('puts the caller\'s receipt id on the wire and resolves write and receipt apart', async () => {
    const broker = await sandbox();
    const c = client(broker.url);
    await c.connect();
    const wire: string[] = [];
    c.on('wire', (e) => {
      if (e.direction === 'out' && e.kind === 'frame' && e.frame?.command === 'SEND') wire.push(e.frame.headers.find(([n]) => n === 'receipt')?.[1] ?? '');
    });
    const tickets = [0, 1, 2].map((i) => c.sendTicket('/queue/tickets', `m${i}`, { receipt: `app-r${i}` }));
    expect(tickets.map((t) => t.receiptId)).toEqual(['app-r0', 'app-r1', 'app-r2']);
    await Promise.all(tickets.map((t) => t.written));
    const results = await Promise.all(tickets.map((t) => t.receipt));
    expect(results.map((r) => r?.receiptId)).toEqual(['app-r0', 'app-r1', 'app-r2']);
    expect(wire).toEqual(['app-r0', 'app-r1', 'app-r2']);
  });

  it('without a receipt has none to wait for', async () => {
    const broker = await sandbox();
    const c = client(broker.url);
    await c.connect();
    const ticket = c.sendTicket('/queue/tickets', 'x');
    expect(ticket.receiptId).toBeUndefined();
    expect(ticket.receipt).toBeUndefined();
    await ticket.written;
  });

  it('throws at once when not connected', async () => {
    const broker = await sandbox();
    const c = client(broker.url);
    expect(() => c.sendTicket('/queue/x', 'x')).toThrow(/not connected/);
  });
});

describe('disconnect() while connecting', () => {
  it('stops the attempt in flight at once instead of waiting out the CONNECTED timeout', async () => {
    // Accepts TCP and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    const sockets: import('node:net').Socket[] = [];
    let closed = 0;
    silent.on('connection', (s) => {
      sockets.push(s);
      s.resume();
      s.on('close', () => closed++);
    });
    cleanups.push(() => sockets.forEach((s) => s.destroy()));
    const port = (silent.address() as { port: number }).port;
    const c = client(`tcp://127.0.0.1:${port}`, { connectedTimeout: 600_000 });
    const connecting = c.connect();
    await expect.poll(() => sockets.length).toBe(1);
    await c.disconnect();
    const error = await connecting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectFailedError);
    expect((error as ConnectFailedError).gaveUpBecause).toBe('disconnect was called');
    expect(c.state).toBe('disconnected');
    // The abandoned socket is closed, not left open until the timeout.
    await expect.poll(() => closed).toBe(1);
  });
});
