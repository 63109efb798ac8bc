/**
 * Statistics through the host's contract, on the sandbox broker: what the connection sent and
 * received is counted from its first frame, batched into `stats.updated` at most once a second,
 * exported as CSV, reset on request, and gone with the connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../src-core/api';
import { field } from '../../src-main/host/stats/stats-csv';
import { apiError, startHostKit, type HostKit } from './host-kit';

let kit: HostKit;
let connectionId: string;
const queue = `/queue/stats-host-${process.pid}`;

beforeAll(async () => {
  kit = await startHostKit();
  const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
  connectionId = connection.id;
});

afterAll(async () => {
  await kit?.close();
});

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('statistics through the host', () => {
  it('counts sends, deliveries, acks, nacks and receipts per destination and for the connection', async () => {
    const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: queue, ack: 'client-individual' });
    await kit.call('messages.send', { connectionId, destination: queue, body: { encoding: 'text', text: 'twelve bytes' }, copies: 20, receipt: true });
    await until(async () => ((await kit.call('messages.list', { captureId: subscription.captureId, offset: 0, limit: 1 })).total >= 20 ? true : undefined), '20 captured');
    await kit.call('messages.ack', { captureId: subscription.captureId, seq: 0 });
    await kit.call('messages.nack', { captureId: subscription.captureId, seq: 1 });
    const snapshot = await until(async () => {
      const s = await kit.call('stats.get', { connectionId });
      return s.total.messagesIn >= 21 ? s : undefined; // the NACKed one comes back, redelivered
    }, 'the redelivery');
    const row = snapshot.destinations.find((r) => r.destination === queue)!;
    expect(row).toMatchObject({ messagesOut: 20, bytesOut: 240, messagesIn: 21, bytesIn: 252, acks: 1, nacks: 1, redeliveries: 1, subscribed: true });
    // The host asks a receipt for each SEND, the SUBSCRIBE, the ACK and the NACK.
    expect(row.receipts.count).toBe(23);
    expect(snapshot.total.messagesOut).toBe(20);
    expect(snapshot.total.framesOut).toBeGreaterThanOrEqual(1 + 1 + 20 + 2); // CONNECT, SUBSCRIBE, SENDs, ACK, NACK
    expect(snapshot.total.wireBytesIn).toBeGreaterThan(snapshot.total.bytesIn);
  });

  it('sends stats.updated batches at most once a second, each full second once', async () => {
    const batches: EventPayload<'stats.updated'>[] = [];
    const stop = kit.host.onEvent((e) => {
      if (e.event === 'stats.updated') batches.push(e.payload as EventPayload<'stats.updated'>);
    });
    try {
      const destination = `${queue}-batches`;
      for (let i = 0; i < 5; i++) {
        await kit.call('messages.send', { connectionId, destination, body: { encoding: 'text', text: 'x' }, copies: 10 });
        await new Promise((r) => setTimeout(r, 300));
      }
      // Every second of the 50 sends has been closed and sent once the next batches pass.
      await until(() => {
        const points = batches.flatMap((b) => b.connections.flatMap((c) => c.destinations.filter((d) => d.destination === destination).flatMap((d) => d.points)));
        return points.reduce((sum, p) => sum + p[2], 0) === 50 ? points : undefined;
      }, 'the seconds of all 50 sends', 5000);
      const seconds = batches.flatMap((b) => b.connections.flatMap((c) => c.points.map((p) => p[0])));
      expect(new Set(seconds).size).toBe(seconds.length);
      for (let i = 1; i < batches.length; i++) expect(batches[i].at - batches[i - 1].at).toBeGreaterThanOrEqual(900);
    } finally {
      stop();
    }
  });

  it('gives one destination history, exports CSV, and resets', async () => {
    const { points } = await kit.call('stats.series', { connectionId, destination: queue });
    expect(points.reduce((sum, p) => sum + p[2], 0)).toBe(20);
    expect((await apiError(kit.call('stats.series', { connectionId, destination: '/queue/never-seen' }))).code).toBe('not-found');

    const totals = await kit.call('stats.exportCsv', { connectionId, kind: 'totals' });
    expect(totals.fileName).toMatch(/^stomp-statistics-c\d+-.*\.csv$/);
    const lines = totals.csv.split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['scope', 'destination', 'messages_in', 'messages_out']);
    expect(lines.find((l) => l.startsWith(`destination,${queue},`))).toMatch(new RegExp(`^destination,${queue},21,20,252,240,1,1,1,23,`));
    expect(totals.csv.endsWith('\r\n')).toBe(true);

    const series = await kit.call('stats.exportCsv', { connectionId, kind: 'series' });
    const rows = series.csv.trim().split('\r\n').slice(1).map((l) => l.split(','));
    const mine = rows.filter((r) => r[3] === queue);
    expect(mine).toHaveLength(300); // every second of the window
    expect(mine.reduce((sum, r) => sum + Number(r[5]), 0)).toBe(20);

    await kit.call('stats.reset', { connectionId });
    const after = await kit.call('stats.get', { connectionId });
    expect(after.total).toMatchObject({ messagesIn: 0, messagesOut: 0, framesIn: 0 });
    expect(after.destinations.map((r) => r.destination)).toEqual([queue]); // still subscribed
  });

  it('answers unknown connections with not-found, and forgets a connection with it', async () => {
    expect((await apiError(kit.call('stats.get', { connectionId: 'nope' }))).code).toBe('not-found');
    const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
    expect((await kit.call('stats.get', { connectionId: connection.id })).total.framesOut).toBe(1); // CONNECT
    await kit.call('connections.forget', { connectionId: connection.id });
    expect((await apiError(kit.call('stats.get', { connectionId: connection.id }))).code).toBe('not-found');
  });
});

describe('CSV fields', () => {
  it('quotes what needs it and keeps a spreadsheet from running a destination as a formula', () => {
    expect(field('/queue/a')).toBe('/queue/a');
    expect(field('a,b')).toBe('"a,b"');
    expect(field('say "hi"\r\n')).toBe('"say ""hi""\r\n"');
    expect(field('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(field('-1')).toBe('"\'-1"');
    expect(field(42)).toBe('42');
  });
});
