/**
 * Large things cross the bridge in pages (issue 15): a body through messages.get with bodyLimit
 * then messages.bodyPage, an export through captures.exportPage. Through the host's contract,
 * against the sandbox broker (a capture of real frames, raw bytes kept).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPageResultSchema, messageDetailSchema } from '../../src-core/api';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let connectionId: string;
let captureId: string;
const BIG = 300 * 1024 + 7;

beforeAll(async () => {
  kit = await startHostKit();
  const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
  connectionId = connection.id;
  const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: '/queue/pages', ack: 'auto' });
  captureId = subscription.captureId;
  const big = Buffer.alloc(BIG);
  for (let i = 0; i < BIG; i++) big[i] = 0x41 + (i % 26);
  await kit.call('messages.send', { connectionId, destination: '/queue/pages', body: { encoding: 'base64', base64: big.toString('base64') }, headers: [['content-type', 'text/plain']] });
  for (let i = 0; i < 50; i++) await kit.call('messages.send', { connectionId, destination: '/queue/pages', body: { encoding: 'text', text: `small ${i}` } });
  await waitFor(async () => ((await kit.call('messages.list', { captureId })).total === 51 ? true : undefined), 10_000, '51 messages captured');
});

afterAll(async () => {
  await kit?.close();
});

describe('pages over the contract', () => {
  it('cuts a large body to bodyLimit and serves the rest in pages', async () => {
    const { message } = await kit.call('messages.get', { captureId, seq: 0, bodyLimit: 64 * 1024 });
    expect(messageDetailSchema.parse(message)).toEqual(message);
    expect(message).toMatchObject({ bodySize: BIG, bodyTruncated: true, size: BIG, preview: expect.stringMatching(/^ABCDEF/) });
    expect(Buffer.from(message.bodyBase64, 'base64').length).toBe(64 * 1024);
    const parts: Buffer[] = [];
    for (let offset = 0; offset < BIG; offset += 100_000) {
      const page = await kit.call('messages.bodyPage', { captureId, seq: 0, offset, length: 100_000 });
      expect(page).toMatchObject({ size: BIG, offset });
      parts.push(Buffer.from(page.base64, 'base64'));
    }
    const whole = Buffer.concat(parts);
    expect(whole.length).toBe(BIG);
    expect(whole.every((b, i) => b === 0x41 + (i % 26))).toBe(true);
    // Without bodyLimit, messages.get is what it always was: the whole body.
    const full = (await kit.call('messages.get', { captureId, seq: 0 })).message;
    expect(Buffer.from(full.bodyBase64, 'base64')).toEqual(whole);
    expect(full.bodyTruncated).toBeUndefined();
  });

  it('answers an unknown message with not-found', async () => {
    expect((await apiError(kit.call('messages.bodyPage', { captureId, seq: 999, offset: 0, length: 10 }))).code).toBe('not-found');
    expect((await apiError(kit.call('messages.bodyPage', { captureId: 'nope', seq: 0, offset: 0, length: 10 }))).code).toBe('not-found');
  });

  it('exports in pages that add up to the one-string export', async () => {
    const { ndjson } = await kit.call('captures.export', { captureId });
    let cursor: string | undefined;
    let joined = '';
    let pages = 0;
    let messages = 0;
    for (;;) {
      const page = await kit.call('captures.exportPage', { captureId, maxBytes: 64 * 1024, ...(cursor ? { cursor } : {}) });
      expect(exportPageResultSchema.parse(page)).toEqual(page);
      expect(page.total).toBe(51);
      joined += page.ndjson;
      messages += page.messages;
      pages++;
      if (page.done) break;
      cursor = page.next;
    }
    expect(pages).toBe(2); // the header and the large body (over a page alone), then the 50 small ones
    expect(messages).toBe(51);
    const strip = (text: string) => text.split('\n').map((line) => line.replace(/"exportedAt":"[^"]*"/, ''));
    expect(strip(joined)).toEqual(strip(ndjson));
  });

  it('refuses a cursor it never gave, and one from before a clear', async () => {
    expect((await apiError(kit.call('captures.exportPage', { captureId, cursor: 'x1.0.0.5.9' }))).code).toBe('invalid-request');
    expect((await apiError(kit.call('captures.exportPage', { captureId, cursor: 'garbage' }))).code).toBe('invalid-request');
    const first = await kit.call('captures.exportPage', { captureId, maxBytes: 64 * 1024 });
    await kit.call('captures.clear', { captureId });
    expect((await apiError(kit.call('captures.exportPage', { captureId, cursor: first.next! }))).code).toBe('not-found');
  });
});
