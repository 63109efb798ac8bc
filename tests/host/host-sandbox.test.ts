/**
 * The whole host against the embedded sandbox broker: the Sandbox profile, subscriptions feeding
 * captures, acks, replay (as captured and byte for byte), resubmit, transactions, wire log,
 * receipts and batched events. The same flows against real brokers live in tests/brokers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let connectionId: string;

beforeAll(async () => {
  kit = await startHostKit();
  const { profiles } = await kit.call('profiles.list', {});
  const sandbox = profiles.find((p) => p.builtIn);
  expect(sandbox?.name).toBe('Sandbox (built-in broker)');
  const { connection } = await kit.call('connections.open', { profileId: sandbox!.id });
  connectionId = connection.id;
});

afterAll(async () => {
  await kit?.close();
});

async function messagesOf(captureId: string, count: number) {
  return waitFor(async () => {
    const page = await kit.call('messages.list', { captureId, offset: 0, limit: 1000 });
    return page.total >= count ? page : undefined;
  }, 10_000, `${count} messages in ${captureId}`);
}

describe('host with the sandbox broker', () => {
  it('connects the built-in Sandbox profile and reports the negotiated facts', async () => {
    const { connections } = await kit.call('connections.list', {});
    const view = connections.find((c) => c.id === connectionId)!;
    expect(view.state).toBe('connected');
    expect(view.sandbox).toBe(true);
    expect(view.version).toBe('1.2');
    expect(view.server).toMatch(/^STOMP-Explorer-Sandbox/);
    expect(view.broker).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(view.canBrowse).toBe(true);
  });

  it('captures what a subscription receives, byte-exact, and batches the events', async () => {
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-a', ack: 'client-individual' });
    const captured = kit.nextEvent('messages.captured', (p) => p.captureId === subscription.captureId && p.total >= 3);
    const binary = Buffer.from([0, 1, 2, 255, 0, 10, 13]).toString('base64');
    const sent = await kit.call('messages.send', {
      connectionId,
      destination: '/queue/host-a',
      headers: [['x-order', '42'], ['x-order', 'second']],
      body: { encoding: 'base64', base64: binary },
      copies: 3,
    });
    expect(sent.sent).toBe(3);
    expect(sent.receiptLatenciesMs).toHaveLength(3);
    const batch = await captured;
    expect(batch.newest.length).toBeGreaterThan(0);
    const page = await messagesOf(subscription.captureId, 3);
    expect(page.items.map((m) => m.ackState)).toEqual(['pending', 'pending', 'pending']);
    expect(page.items[0].binary).toBe(true);
    const { message } = await kit.call('messages.get', { captureId: subscription.captureId, seq: 0 });
    expect(message.bodyBase64).toBe(binary);
    expect(message.framing).toBe('content-length');
    // Repeated header kept, in wire order.
    expect(message.headers.filter(([n]) => n === 'x-order').map(([, v]) => v)).toEqual(['42', 'second']);
    expect(message.rawBase64).toBeDefined();
    expect(Buffer.from(message.rawBase64!, 'base64').subarray(0, 8).toString()).toBe('MESSAGE\n');
  });

  it('acks and nacks one message at a time, and refuses to settle one twice', async () => {
    const { connections } = await kit.call('connections.list', {});
    const captureId = connections[0].subscriptions.find((s) => s.destination === '/queue/host-a')!.captureId;
    const preview = await kit.call('messages.ackPreview', { captureId, seq: 0 });
    expect(preview.covers).toEqual([0]);
    expect(preview.header).toMatch(/^id:/);
    const acked = await kit.call('messages.ack', { captureId, seq: 0 });
    expect(acked.settled).toBe('acked');
    expect(acked.receiptLatencyMs).toBeGreaterThanOrEqual(0);
    const again = await apiError(kit.call('messages.ack', { captureId, seq: 0 }));
    expect(again.code).toBe('conflict');
    const nacked = await kit.call('messages.nack', { captureId, seq: 1 });
    expect(nacked.settled).toBe('nacked');
    // The sandbox redelivers a NACKed message: it arrives again, marked redelivered.
    const page = await waitFor(async () => {
      const p = await kit.call('messages.list', { captureId, offset: 0, limit: 100 });
      return p.items.some((m) => m.redelivered) ? p : undefined;
    });
    expect(page.items.map((m) => m.ackState).slice(0, 2)).toEqual(['acked', 'nacked']);
  });

  it('a cumulative ack in client mode covers every earlier pending message', async () => {
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-client', ack: 'client' });
    await kit.call('messages.send', { connectionId, destination: '/queue/host-client', body: { encoding: 'text', text: 'm' }, copies: 4 });
    await messagesOf(subscription.captureId, 4);
    const preview = await kit.call('messages.ackPreview', { captureId: subscription.captureId, seq: 2 });
    expect(preview.covers).toEqual([0, 1, 2]);
    await kit.call('messages.ack', { captureId: subscription.captureId, seq: 2 });
    const page = await kit.call('messages.list', { captureId: subscription.captureId, offset: 0, limit: 10 });
    expect(page.items.map((m) => m.ackState)).toEqual(['acked', 'acked', 'acked', 'pending']);
  });

  it('replays a message as captured, edited, and byte for byte', async () => {
    const source = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-src', ack: 'auto' });
    const target = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-dst', ack: 'auto' });
    await kit.call('messages.send', { connectionId, destination: '/queue/host-src', headers: [['colour', 'a:b']], body: { encoding: 'text', text: 'héllo' } });
    await messagesOf(source.subscription.captureId, 1);
    const ref = { captureId: source.subscription.captureId, seq: 0 };
    await kit.call('messages.replay', { connectionId, source: ref, mode: 'edited', edit: { destination: '/queue/host-dst', body: { encoding: 'text', text: 'edited' } } });
    const page = await messagesOf(target.subscription.captureId, 1);
    expect(page.items[0].preview).toBe('edited');
    // As captured: back to the same destination, with the producer's own headers.
    await kit.call('messages.replay', { connectionId, source: ref, mode: 'as-captured' });
    const again = await messagesOf(source.subscription.captureId, 2);
    const { message } = await kit.call('messages.get', { captureId: source.subscription.captureId, seq: again.total - 1 });
    expect(message.headers).toContainEqual(['colour', 'a:b']);
    expect(Buffer.from(message.bodyBase64, 'base64').toString()).toBe('héllo');
    // Raw: the MESSAGE's bytes as they arrived, resent with SEND as the command.
    const raw = await kit.call('messages.replay', { connectionId, source: ref, mode: 'raw' });
    expect(raw.sent).toBe(1);
    await messagesOf(source.subscription.captureId, 3);
  });

  it('resubmits messages to another destination inside one transaction', async () => {
    const dlq = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-dlq', ack: 'client-individual' });
    const fixed = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-fixed', ack: 'auto' });
    await kit.call('messages.send', { connectionId, destination: '/queue/host-dlq', body: { encoding: 'text', text: 'poison' }, copies: 2 });
    await messagesOf(dlq.subscription.captureId, 2);
    const { moved } = await kit.call('messages.resubmit', { captureId: dlq.subscription.captureId, seqs: [0, 1], to: '/queue/host-fixed' });
    expect(moved).toBe(2);
    await messagesOf(fixed.subscription.captureId, 2);
    const page = await kit.call('messages.list', { captureId: dlq.subscription.captureId, offset: 0, limit: 10 });
    expect(page.items.map((m) => m.ackState)).toEqual(['acked', 'acked']);
  });

  it('stages sends in a transaction until commit, and drops them on abort', async () => {
    const sub = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-tx', ack: 'auto' });
    const { transactionId } = await kit.call('transactions.begin', { connectionId });
    await kit.call('messages.send', { connectionId, destination: '/queue/host-tx', body: { encoding: 'text', text: 'staged' }, transactionId, receipt: false });
    expect((await kit.call('transactions.list', { connectionId })).transactions).toEqual([expect.objectContaining({ id: transactionId, sends: 1 })]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await kit.call('messages.list', { captureId: sub.subscription.captureId, offset: 0, limit: 10 })).total).toBe(0);
    await kit.call('transactions.commit', { connectionId, transactionId });
    await messagesOf(sub.subscription.captureId, 1);
    const aborted = await kit.call('transactions.begin', { connectionId });
    await kit.call('messages.send', { connectionId, destination: '/queue/host-tx', body: { encoding: 'text', text: 'dropped' }, transactionId: aborted.transactionId, receipt: false });
    await kit.call('transactions.abort', { connectionId, transactionId: aborted.transactionId });
    await new Promise((r) => setTimeout(r, 100));
    expect((await kit.call('messages.list', { captureId: sub.subscription.captureId, offset: 0, limit: 10 })).total).toBe(1);
    expect((await kit.call('transactions.list', { connectionId })).transactions).toEqual([]);
  });

  it('browses a queue without consuming it, and marks the end of the browse', async () => {
    await kit.call('messages.send', { connectionId, destination: '/queue/host-browse', body: { encoding: 'text', text: 'stay' }, copies: 2 });
    const browse = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-browse', browse: true });
    expect(browse.subscription.browse).toBe(true);
    await waitFor(async () => (await kit.call('connections.list', {})).connections[0].subscriptions.find((s) => s.id === browse.subscription.id)?.browseComplete || undefined);
    // The end marker is a signal, not a message: exactly the two queued messages are captured.
    expect((await kit.call('messages.list', { captureId: browse.subscription.captureId, offset: 0, limit: 10 })).total).toBe(2);
    // Still there for a real consumer.
    const consumer = await kit.call('subscriptions.add', { connectionId, destination: '/queue/host-browse', ack: 'auto' });
    await messagesOf(consumer.subscription.captureId, 2);
  });

  it('keeps a wire log and a receipt tracker', async () => {
    const wire = await kit.call('wire.list', { connectionId, offset: 0, limit: 10_000 });
    expect(wire.total).toBeGreaterThan(10);
    expect(wire.entries[0]).toMatchObject({ direction: 'out', kind: 'frame', command: 'CONNECT' });
    // The passcode never reaches the UI, not even through the wire log.
    const passcode = wire.entries[0].headers?.find(([n]) => n === 'passcode');
    if (passcode) expect(passcode[1]).toBe('••••••');
    expect(wire.entries.some((e) => e.direction === 'in' && e.command === 'MESSAGE')).toBe(true);
    const { receipts } = await kit.call('receipts.list', { connectionId });
    expect(receipts.length).toBeGreaterThan(5);
    expect(receipts.every((r) => r.state === 'received' && typeof r.latencyMs === 'number')).toBe(true);
  });

  it('exports a capture as NDJSON and imports it back as an offline capture', async () => {
    const { connections } = await kit.call('connections.list', {});
    const captureId = connections[0].subscriptions.find((s) => s.destination === '/queue/host-a')!.captureId;
    const { ndjson } = await kit.call('captures.export', { captureId });
    const { capture } = await kit.call('captures.import', { ndjson, label: 'imported' });
    expect(capture.offline).toBe(true);
    const original = await kit.call('messages.list', { captureId, offset: 0, limit: 100 });
    const imported = await kit.call('messages.list', { captureId: capture.id, offset: 0, limit: 100 });
    expect(imported.total).toBe(original.total);
    const a = await kit.call('messages.get', { captureId, seq: 0 });
    const b = await kit.call('messages.get', { captureId: capture.id, seq: 0 });
    expect(b.message.bodyBase64).toBe(a.message.bodyBase64);
    expect(b.message.headers).toEqual(a.message.headers);
    // Nothing to ack on an offline capture.
    expect((await apiError(kit.call('messages.ack', { captureId: capture.id, seq: 0 }))).code).toBe('not-found');
  });

  it('disconnects gracefully and reconnects on request', async () => {
    await kit.call('connections.close', { connectionId });
    expect((await kit.call('connections.list', {})).connections[0].state).toBe('disconnected');
    expect((await apiError(kit.call('messages.send', { connectionId, destination: '/queue/x' }))).code).toBe('not-connected');
    const { connection } = await kit.call('connections.reconnect', { connectionId });
    expect(connection.state).toBe('connected');
  });
});
