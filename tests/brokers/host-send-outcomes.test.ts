/**
 * Every send-like action reports what the broker really said, through the host's contract against
 * the real brokers: a refused SEND (RabbitMQ's ERROR carries no receipt-id) is a failure with the
 * broker's words, quickly, not a success nor a 10-second receipt timeout; a byte-for-byte replay of
 * a MESSAGE that RabbitMQ refuses fails, its cleaned variant goes through; bulk sends count what was
 * written and confirmed, can be cancelled, and put the tracker's receipt ids on the wire; the
 * receipts of a transaction's SENDs (RabbitMQ holds them until COMMIT) do not block the next send
 * and settle on COMMIT, or as aborted on ABORT.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostKit, waitFor, type HostKit } from '../host/host-kit';
import { brokers } from './brokers';

let kit: HostKit;
const connectionIds: Record<'rabbitmq' | 'activemq', string> = { rabbitmq: '', activemq: '' };

beforeAll(async () => {
  kit = await startHostKit();
  for (const name of ['rabbitmq', 'activemq'] as const) {
    const port = name === 'rabbitmq' ? brokers.rabbitmq.stompPort : brokers.activemq.stompPort;
    const { profile } = await kit.call('profiles.create', { profile: { name: `outcomes ${name}`, uri: `tcp://${brokers.host}:${port}`, login: brokers.login, passcode: brokers.passcode } });
    const { connection } = await kit.call('connections.open', { profileId: profile.id });
    expect(connection.state).toBe('connected');
    connectionIds[name] = connection.id;
  }
});

afterAll(async () => {
  await kit?.close();
});

const queue = (what: string) => `/queue/outcomes-${what}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

async function capturedCount(captureId: string, atLeast: number): Promise<number> {
  return waitFor(async () => {
    const { captures } = await kit.call('captures.list', {});
    const count = captures.find((c) => c.id === captureId)?.count ?? 0;
    return count >= atLeast ? count : undefined;
  });
}

describe('RabbitMQ refuses a SEND', () => {
  it('a forbidden header with a receipt: failed, with the broker\'s words, in well under the receipt timeout', async () => {
    const started = Date.now();
    const outcome = await kit.call('messages.send', { connectionId: connectionIds.rabbitmq, destination: queue('refused'), headers: [['message-id', 'forged']], body: { encoding: 'text', text: 'x' } });
    expect(outcome.state).toBe('failed');
    expect(outcome.confirmed).toBe(0);
    expect(outcome.failed).toBe(1);
    expect(outcome.brokerError?.message).toBe('Invalid header');
    expect(outcome.brokerError?.body).toContain("'message-id' is not allowed on 'SEND'");
    // The grace period after an ERROR without receipt-id, not the 10 s receipt timeout.
    expect(Date.now() - started).toBeLessThan(8_000);
    const receipts = (await kit.call('receipts.list', { connectionId: connectionIds.rabbitmq })).receipts;
    expect(receipts.find((r) => r.id === outcome.receiptIds[0])?.state).toBe('failed');
  });

  it('without a receipt: failed when the ERROR comes within the grace period, not "sent"', async () => {
    const outcome = await kit.call('messages.send', { connectionId: connectionIds.rabbitmq, destination: queue('refused-noreceipt'), headers: [['message-id', 'forged']], receipt: false, body: { encoding: 'text', text: 'x' } });
    expect(outcome.state).toBe('failed');
    expect(outcome.sent).toBe(1);
    expect(outcome.brokerError?.body).toContain("'message-id' is not allowed on 'SEND'");
  });

  it('an accepted send without a receipt is "unconfirmed", never "confirmed"', async () => {
    const outcome = await kit.call('messages.send', { connectionId: connectionIds.rabbitmq, destination: queue('plain'), receipt: false, body: { encoding: 'text', text: 'x' } });
    expect(outcome).toMatchObject({ state: 'unconfirmed', sent: 1, confirmed: 0, failed: 0 });
  });
});

describe('replaying a captured RabbitMQ MESSAGE byte for byte', () => {
  it('as it travelled: refused (MESSAGE-only headers); cleaned: the preview drops them and it arrives', async () => {
    const q = queue('replay');
    const { connectionId } = { connectionId: connectionIds.rabbitmq };
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: q, ack: 'auto' });
    await kit.call('messages.send', { connectionId, destination: q, headers: [['colour', 'a:b']], body: { encoding: 'text', text: 'original' } });
    await capturedCount(subscription.captureId, 1);
    const source = { captureId: subscription.captureId, seq: 0 };

    const asTravelled = await kit.call('messages.replayPreview', { source, mode: 'raw' });
    expect(asTravelled.warnings.join()).toMatch(/'message-id'.*not allowed on 'SEND'/);
    expect(asTravelled.removed).toEqual([]);
    const refused = await kit.call('messages.replay', { connectionId, source, mode: 'raw' });
    expect(refused.state).toBe('failed');
    expect(refused.brokerError?.body).toContain('is not allowed on');

    const cleaned = await kit.call('messages.replayPreview', { source, mode: 'raw-clean' });
    expect(cleaned.removed).toEqual(expect.arrayContaining(['message-id', 'subscription', 'redelivered']));
    expect(cleaned.warnings).toEqual([]);
    const text = Buffer.from(cleaned.bytesBase64, 'base64').toString('latin1');
    expect(text.startsWith('SEND\n')).toBe(true);
    expect(text).toContain('colour:a\\cb');
    expect(text).not.toMatch(/\nmessage-id:/);
    const ok = await kit.call('messages.replay', { connectionId, source, mode: 'raw-clean' });
    expect(ok).toMatchObject({ state: 'unconfirmed', sent: 1, failed: 0 });
    expect(ok.brokerError).toBeUndefined();
    await capturedCount(subscription.captureId, 2);
    const { message } = await kit.call('messages.get', { captureId: subscription.captureId, seq: 1 });
    expect(Buffer.from(message.bodyBase64, 'base64').toString()).toBe('original');
    expect(message.headers).toContainEqual(['colour', 'a:b']);
  });
});

describe.each(['rabbitmq', 'activemq'] as const)('bulk sends on %s', (name) => {
  it('250 copies with receipts: every copy written and confirmed; the tracker lists the ids that went on the wire', async () => {
    const connectionId = connectionIds[name];
    const q = queue('bulk');
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: q, ack: 'auto' });
    const outcome = await kit.call('messages.send', { connectionId, destination: q, copies: 250, body: { encoding: 'text', text: 'bulk' }, headers: [['persistent', 'false']] });
    expect(outcome).toMatchObject({ state: 'confirmed', total: 250, sent: 250, confirmed: 250, failed: 0, cancelled: false });
    // Every 100th copy and the last ask for a receipt: the broker answers in order.
    expect(outcome.receiptIds).toHaveLength(3);
    expect(await capturedCount(subscription.captureId, 250)).toBe(250);
    const { entries } = await kit.call('wire.list', { connectionId, offset: 0, limit: 10_000 });
    const onWire = entries.filter((e) => e.command === 'RECEIPT').map((e) => e.headers?.find(([n]) => n === 'receipt-id')?.[1]);
    for (const id of outcome.receiptIds) expect(onWire).toContain(id);
    const tracker = (await kit.call('receipts.list', { connectionId })).receipts.filter((r) => outcome.receiptIds.includes(r.id));
    expect(tracker.map((r) => r.state)).toEqual(['received', 'received', 'received']);
  });

  it('a cancelled bulk send stops between copies and says exactly how many went out', async () => {
    const connectionId = connectionIds[name];
    const q = queue('cancel');
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: q, ack: 'auto' });
    const operationId = `cancel-${name}-${Date.now()}`;
    const progress = kit.nextEvent('send.progress', (p) => p.operationId === operationId && p.sent > 0, 20_000);
    const sending = kit.call('messages.send', { connectionId, operationId, destination: q, copies: 100_000, receipt: false, body: { encoding: 'text', text: 'c' }, headers: [['persistent', 'false']] });
    await progress;
    expect((await kit.call('messages.cancel', { operationId })).cancelled).toBe(true);
    const outcome = await sending;
    expect(outcome.state).toBe('cancelled');
    expect(outcome.cancelled).toBe(true);
    expect(outcome.sent).toBeGreaterThan(0);
    expect(outcome.sent).toBeLessThan(100_000);
    // What the outcome says went out is what the broker delivered.
    await capturedCount(subscription.captureId, outcome.sent);
    await new Promise((r) => setTimeout(r, 500));
    const { captures } = await kit.call('captures.list', {});
    expect(captures.find((c) => c.id === subscription.captureId)?.count).toBe(outcome.sent);
    expect((await kit.call('messages.cancel', { operationId })).cancelled).toBe(false);
  });
});

describe('receipts inside a transaction on RabbitMQ (held until COMMIT)', () => {
  it('sends go out without waiting, are counted when written, and their receipts settle on COMMIT', async () => {
    const connectionId = connectionIds.rabbitmq;
    const q = queue('tx-commit');
    const { transactionId } = await kit.call('transactions.begin', { connectionId });
    const first = await kit.call('messages.send', { connectionId, destination: q, transactionId, copies: 2, body: { encoding: 'text', text: 'in tx' } });
    expect(first).toMatchObject({ state: 'pending-commit', sent: 2, confirmed: 0 });
    const second = await kit.call('messages.send', { connectionId, destination: q, transactionId, body: { encoding: 'text', text: 'in tx too' } });
    expect(second).toMatchObject({ state: 'pending-commit', sent: 1 });
    const [tx] = (await kit.call('transactions.list', { connectionId })).transactions.filter((t) => t.id === transactionId);
    expect(tx).toMatchObject({ sends: 3, pendingReceipts: 3 });
    await kit.call('transactions.commit', { connectionId, transactionId });
    const ids = [...first.receiptIds, ...second.receiptIds];
    const settled = await waitFor(async () => {
      const rows = (await kit.call('receipts.list', { connectionId })).receipts.filter((r) => ids.includes(r.id));
      return rows.every((r) => r.state === 'received') ? rows : undefined;
    });
    expect(settled).toHaveLength(3);
  });

  it('ABORT settles the waiting receipts as aborted, not as a timeout', async () => {
    const connectionId = connectionIds.rabbitmq;
    const { transactionId } = await kit.call('transactions.begin', { connectionId });
    const sent = await kit.call('messages.send', { connectionId, destination: queue('tx-abort'), transactionId, body: { encoding: 'text', text: 'never' } });
    expect(sent.state).toBe('pending-commit');
    await kit.call('transactions.abort', { connectionId, transactionId });
    const row = (await kit.call('receipts.list', { connectionId })).receipts.find((r) => r.id === sent.receiptIds[0]);
    expect(row?.state).toBe('aborted');
  });
});
