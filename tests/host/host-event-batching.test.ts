/**
 * A flood of messages reaches the UI as a few batched events a second, never one per message, and
 * nothing is dropped from the capture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StompClient } from '../../src-core/client';
import { startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;

beforeAll(async () => {
  // The production interval: what the UI really gets.
  kit = await startHostKit({ eventIntervalMs: 200 });
});

afterAll(async () => {
  await kit?.close();
});

describe('event batching', () => {
  it('turns 10,000 messages into a handful of events and captures every one', async () => {
    const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
    const { subscription } = await kit.call('subscriptions.add', { connectionId: connection.id, destination: '/queue/flood', ack: 'auto' });
    // A second, plain client floods the queue the way a fast producer would.
    const broker = connection.broker!;
    const producer = new StompClient({ uri: broker, heartBeat: [0, 0] });
    await producer.connect();
    const started = Date.now();
    const total = 10_000;
    for (let i = 0; i < total; i++) await producer.send('/queue/flood', `message ${i}`, { receipt: i === total - 1 });
    await producer.disconnect();
    const view = await waitFor(async () => {
      const page = await kit.call('messages.list', { captureId: subscription.captureId, offset: 0, limit: 1 });
      return page.total === total ? page : undefined;
    }, 30_000, 'all 10k captured');
    expect(view.total).toBe(total);
    // Let the last batch go out.
    await new Promise((r) => setTimeout(r, 400));
    const elapsedMs = Date.now() - started;
    const batches = kit.events.filter((e) => e.event === 'messages.captured' && e.payload.captureId === subscription.captureId);
    const wire = kit.events.filter((e) => e.event === 'wire.appended' && e.payload.connectionId === connection.id);
    // At most one batch per 200 ms interval (plus the edges), whatever the rate.
    const intervals = Math.ceil(elapsedMs / 200) + 2;
    expect(batches.length).toBeLessThanOrEqual(intervals);
    expect(wire.length).toBeLessThanOrEqual(intervals);
    expect(batches.length).toBeLessThan(total / 50);
    // The batches account for every message.
    const added = batches.reduce((sum, e) => sum + (e.payload as { added: number }).added, 0);
    expect(added).toBe(total);
    const last = batches.at(-1)!.payload as { total: number; newest: { seq: number }[] };
    expect(last.total).toBe(total);
    expect(last.newest.at(-1)!.seq).toBe(total - 1);
    // First and last message readable.
    const first = await kit.call('messages.get', { captureId: subscription.captureId, seq: 0 });
    expect(Buffer.from(first.message.bodyBase64, 'base64').toString()).toBe('message 0');
    const lastMessage = await kit.call('messages.get', { captureId: subscription.captureId, seq: total - 1 });
    expect(Buffer.from(lastMessage.message.bodyBase64, 'base64').toString()).toBe(`message ${total - 1}`);
    console.log(`10k messages in ${elapsedMs} ms → ${batches.length} messages.captured and ${wire.length} wire.appended events`);
  });
});

describe('wire.appended and the wire-log watch', () => {
  it('carries the newest entries only while a view watches the log, and the total always', async () => {
    const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
    const connectionId = connection.id;
    await kit.call('subscriptions.add', { connectionId, destination: '/queue/watched', ack: 'auto' });
    const batchFor = async (text: string) => {
      const since = kit.events.length;
      await kit.call('messages.send', { connectionId, destination: '/queue/watched', body: { encoding: 'text', text } });
      return waitFor(async () => {
        const batches = kit.events.slice(since).filter((e) => e.event === 'wire.appended' && e.payload.connectionId === connectionId);
        const last = batches.at(-1)?.payload as { total: number; entries: { command?: string }[] } | undefined;
        // Both the SEND and the MESSAGE it came back as are counted.
        const { total } = await kit.call('wire.list', { connectionId, offset: 0, limit: 1 });
        return last && last.total === total ? last : undefined;
      }, 5_000, `a wire.appended batch after "${text}"`);
    };

    const unwatched = await batchFor('nobody looks');
    expect(unwatched.total).toBeGreaterThan(0);
    expect(unwatched.entries).toEqual([]);

    expect(await kit.call('wire.watch', { connectionId })).toEqual({ watchMs: 15_000 });
    const watched = await batchFor('a view looks');
    expect(watched.entries.map((e) => e.command)).toContain('MESSAGE');
    expect(watched.entries.length).toBeLessThanOrEqual(100);
    await kit.call('connections.close', { connectionId });
  });
});
