/**
 * Issue 10.4 and issue 9.15: every error path of `send` and `subscribe` ends within its stated
 * bound with a clear message and the documented exit status, printing each failed attempt as it
 * happens; `subscribe` follows the client through a drop it recovers from. Against the sandbox
 * (its fault switches make a broker that never confirms, or drops everyone, on demand) and
 * against listeners that refuse or never answer. Before the fix a failover URI to a dead port
 * printed nothing and ran for ever, a SUBSCRIBE without RECEIPT hung after its error, and a drop
 * ended `subscribe` although the client was about to reconnect.
 *
 * The bounds asserted are the commands' own (--timeout, --connect-timeout) plus a second or two of
 * start-up: a hang shows as the process still running long after, never as a speed limit.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';
import { progressOf, runCli, spawnCli } from './cli-kit';

// Each test runs a CLI process or two (about a second of start-up each) and waits for its bounds;
// the tests share nothing that one of them changes, so they run side by side.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 20_000, maxConcurrency: 4 });

let broker: SandboxBroker;
let silent: Server;
let silentPort: number;
const silentSockets = new Set<import('node:net').Socket>();
const brokers: SandboxBroker[] = [];

beforeAll(async () => {
  broker = await startSandboxBroker({ port: 0 });
  // Accepts TCP and never says a word: no CONNECTED, ever.
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await Promise.all([broker, ...brokers].map((b) => b.close()));
});

/** A sandbox of the test's own, for fault switches and closing, closed after the file. */
async function ownBroker(options: Parameters<typeof startSandboxBroker>[0] = {}): Promise<SandboxBroker> {
  const started = await startSandboxBroker({ port: 0, ...options });
  brokers.push(started);
  return started;
}

/** Waits for `done` (polling; expect.poll needs the test's own expect in concurrent tests). */
async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${done.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const errorLine = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!) as { type: string; status: number; message: string };

describe.concurrent('connecting is bounded, and every failed attempt is printed as it happens', () => {
  it.each(['send', 'subscribe'])('%s on a failover URI to a dead port (default options retry for ever): attempts as they fail, status 4 at --connect-timeout', async (command) => {
    const run = spawnCli([command, 'failover:(tcp://127.0.0.1:1)', '/queue/x', '--connect-timeout', '3']);
    const first = await run.waitFor(progressOf('attempt-failed'));
    const { code, at } = await run.exited;
    expect(code).toBe(4);
    expect(first.json).toMatchObject({ broker: 'tcp://127.0.0.1:1', attempt: 1 });
    expect(String(first.json?.reason)).toContain('ECONNREFUSED');
    // Printed when it failed, not at the end: the walk went on for the rest of the 3 s.
    expect(at - first.at).toBeGreaterThan(1500);
    expect(run.lines.filter(progressOf('attempt-failed')).length).toBeGreaterThan(2);
    const last = run.lines.at(-1)!.json;
    expect(last).toMatchObject({ type: 'error', command, status: 4 });
    expect(String(last?.message)).toContain('could not connect within --connect-timeout of 3 s');
  });

  it('a listener that accepts but never answers: status 4 within --connect-timeout', async () => {
    const bounded = await runCli(['send', `tcp://127.0.0.1:${silentPort}`, '/queue/x', '--connect-timeout', '2'], { timeoutMs: 30_000 });
    expect(bounded.code).toBe(4);
    expect(errorLine(bounded.stderr).message).toContain('could not connect within --connect-timeout of 2 s');
  });

  it('subscribe --timeout covers connecting too', async () => {
    const got = await runCli(['subscribe', `tcp://127.0.0.1:${silentPort}`, '/queue/x', '--timeout', '2'], { timeoutMs: 30_000 });
    expect(got.code).toBe(4);
    expect(errorLine(got.stderr).message).toContain('could not connect within --timeout of 2 s');
  });

  it('a refused CONNECT (wrong passcode) is status 4 at once, with the broker\'s words', async () => {
    const guarded = await ownBroker({ users: [{ login: 'ann', passcode: 'pw' }] });
    const got = await runCli(['subscribe', guarded.url, '/queue/x', '--login', 'ann', '--passcode', 'nope']);
    expect(got.code).toBe(4);
    expect(errorLine(got.stderr).message).toMatch(/refused the CONNECT/);
  });
});

describe.concurrent('a broker that refuses or never confirms', () => {
  it('subscribe: a SUBSCRIBE the broker refuses ends with status 5 and its ERROR', async () => {
    const got = await runCli(['subscribe', broker.url, '/nowhere/x']);
    expect(got.code).toBe(5);
    expect(errorLine(got.stderr).message).toMatch(/refused the SUBSCRIBE to \/nowhere\/x: .*Unknown destination/);
  });

  it('subscribe: a RECEIPT that never comes ends with status 5, not a hang (issue 9.15)', async () => {
    const slow = await ownBroker({ faults: { delayReceiptsMs: 60_000 } });
    const got = await runCli(['subscribe', slow.url, '/queue/unconfirmed', '--timeout', '2'], { timeoutMs: 30_000 });
    expect(got.code).toBe(5);
    expect(errorLine(got.stderr).message).toContain('did not confirm the SUBSCRIBE to /queue/unconfirmed within --timeout of 2 s');
  });

  it('send without --receipt: the last SEND\'s RECEIPT is awaited only for --timeout, then status 5 saying so', async () => {
    const slow = await ownBroker({ faults: { delayReceiptsMs: 60_000 } });
    const got = await runCli(['send', slow.url, '/queue/unconfirmed-send', '--body', 'x', '--count', '3', '--timeout', '1'], { timeoutMs: 30_000 });
    expect(got.code).toBe(5);
    expect(errorLine(got.stderr).message).toBe('no RECEIPT for SEND 3 of 3 within 1 s (--timeout): the broker may not have the messages');
    expect(got.lines).toEqual([]);
  });

  it('send: a broker ERROR for a SEND that asked no receipt still fails the command', async () => {
    const got = await runCli(['send', broker.url, '/nowhere/y', '--body', 'x', '--count', '2']);
    expect(got.code).toBe(5);
    expect(errorLine(got.stderr).message).toMatch(/Unknown destination/);
  });
});

describe.concurrent('subscribe follows the client through a drop (issue 9.15)', () => {
  it('prints the drop and the reconnect with the subscription replayed, and goes on printing messages', async () => {
    const own = await ownBroker();
    const queue = `/queue/follow-${Date.now()}`;
    const uri = `failover:(${own.url})?initialReconnectDelay=50&maxReconnectDelay=200`;
    const run = spawnCli(['subscribe', uri, queue, '--count', '2', '--ack', 'client-individual']);
    await run.waitFor(progressOf('subscribed'));
    const producer = new StompClient({ uri: own.url, reconnect: false });
    await producer.connect();
    await producer.send(queue, 'before', { receipt: true });
    await run.waitFor((line) => line.stream === 'stdout');
    await producer.disconnect();
    // Its ACK processed first: otherwise the broker rightly delivers it again after the drop.
    await until(() => own.destinations().queues.find((q) => q.name === queue)?.inFlight === 0);
    own.dropAllConnections();
    const dropped = await run.waitFor(progressOf('dropped'));
    expect(dropped.json).toMatchObject({ willReconnect: true });
    const back = await run.waitFor(progressOf('reconnected'));
    expect(back.json).toMatchObject({ broker: own.url, version: '1.2' });
    const replayed = await run.waitFor(progressOf('replayed'));
    expect(replayed.json).toMatchObject({ subscriptions: [{ id: 'sub-0', destination: queue }] });
    const again = new StompClient({ uri: own.url, reconnect: false });
    await again.connect();
    await again.send(queue, 'after', { receipt: true });
    await again.disconnect();
    const { code } = await run.exited;
    expect(code).toBe(0);
    const bodies = run.lines.filter((l) => l.stream === 'stdout').map((l) => Buffer.from(String(l.json?.body), 'base64').toString());
    expect(bodies).toEqual(['before', 'after']);
  });

  it('a reconnection that does not succeed within --connect-timeout ends with status 6', async () => {
    const doomed = await ownBroker();
    const run = spawnCli(['subscribe', `failover:(${doomed.url})?initialReconnectDelay=50&maxReconnectDelay=200`, '/queue/doomed', '--connect-timeout', '2']);
    await run.waitFor(progressOf('subscribed'));
    await doomed.close();
    await run.waitFor(progressOf('dropped'));
    await run.waitFor(progressOf('attempt-failed'));
    const { code } = await run.exited;
    expect(code).toBe(6);
    expect(String(run.lines.at(-1)?.json?.message)).toContain('could not reconnect within --connect-timeout of 2 s');
  });

  it('a plan that runs out of attempts ends with status 6 and the plan\'s reason', async () => {
    const doomed = await ownBroker();
    const run = spawnCli(['subscribe', `failover:(${doomed.url})?initialReconnectDelay=10&maxReconnectAttempts=2`, '/queue/doomed']);
    await run.waitFor(progressOf('subscribed'));
    await doomed.close();
    const { code } = await run.exited;
    expect(code).toBe(6);
    expect(run.lines.filter(progressOf('attempt-failed')).length).toBeGreaterThanOrEqual(2);
    expect(String(run.lines.at(-1)?.json?.message)).toMatch(/could not connect/);
  });

  it('SIGINT ends it with status 130 after a clean DISCONNECT', async () => {
    const run = spawnCli(['subscribe', broker.url, '/queue/interrupted']);
    await run.waitFor(progressOf('subscribed'));
    run.kill('SIGINT');
    expect((await run.exited).code).toBe(130);
  });
});
