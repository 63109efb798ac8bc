import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageDetailSchema, messageSummarySchema, captureViewSchema } from '../../src-core/api';
import { createFrame, type Header } from '../../src-core/protocol/frame';
import { CaptureRegistry, type CaptureStore } from '../../src-main/host/capture';

let dir: string;
let registry: CaptureRegistry;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capture-store-'));
  registry = new CaptureRegistry({ directory: dir });
});

afterEach(() => {
  registry.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function message(i: number, extra: Header[] = [], body: string | Uint8Array = `body ${i}`) {
  return {
    connectionId: 'conn-1',
    subscriptionId: 'sub-1',
    receivedAt: 1_700_000_000_000 + i,
    frame: createFrame('MESSAGE', [['destination', '/queue/orders'], ['message-id', `ID:m-${i}`], ['subscription', 'sub-1'], ...extra], body),
  };
}

function live(): CaptureStore {
  return registry.create({ label: '/queue/orders', connectionId: 'conn-1', subscriptionId: 'sub-1', destination: '/queue/orders' });
}

describe('CaptureStore', () => {
  it('numbers messages from 0 in arrival order and lists them oldest first', async () => {
    const store = live();
    for (let i = 0; i < 10; i++) expect(store.append(message(i))).toBe(i);
    const page = await store.list(3, 4);
    expect(page.total).toBe(10);
    expect(page.items.map((s) => s.seq)).toEqual([3, 4, 5, 6]);
    expect(page.items.map((s) => s.messageId)).toEqual(['ID:m-3', 'ID:m-4', 'ID:m-5', 'ID:m-6']);
    expect((await store.list(8, 100)).items.map((s) => s.seq)).toEqual([8, 9]);
    expect((await store.list(50, 10)).items).toEqual([]);
  });

  it('gives summaries that satisfy the contract', async () => {
    const store = live();
    store.append(message(0, [['content-type', 'text/plain'], ['redelivered', 'true']], 'hello'));
    const summary = store.summary(0)!;
    expect(messageSummarySchema.parse(summary)).toEqual(summary);
    expect(summary).toMatchObject({
      captureId: store.id,
      seq: 0,
      receivedAt: 1_700_000_000_000,
      destination: '/queue/orders',
      messageId: 'ID:m-0',
      size: 5,
      contentType: 'text/plain',
      redelivered: true,
      ackState: 'none',
      preview: 'hello',
      binary: false,
    });
  });

  it('returns the full message from memory with headers in wire order, repeats kept', () => {
    const store = live();
    const headers: Header[] = [['x-dup', 'first'], ['x-dup', 'second'], ['content-length', '3']];
    store.append({ ...message(0, headers, new Uint8Array([0, 1, 2])), raw: new Uint8Array([77, 69, 83]) });
    const detail = store.get(0)!;
    expect(messageDetailSchema.parse(detail)).toEqual(detail);
    expect(detail.headers.slice(3)).toEqual(headers);
    expect(detail.command).toBe('MESSAGE');
    expect(Buffer.from(detail.bodyBase64, 'base64')).toEqual(Buffer.from([0, 1, 2]));
    expect(detail.rawBase64).toBe(Buffer.from('MES').toString('base64'));
    expect(detail.framing).toBe('content-length');
    expect(detail).toMatchObject({ connectionId: 'conn-1', subscriptionId: 'sub-1', binary: true, preview: 'binary · 3 B' });
    expect(store.get(1)).toBeUndefined();
    expect(store.get(-1)).toBeUndefined();
  });

  it('infers framing from content-length when the frame does not say, and keeps an explicit one', () => {
    const store = live();
    store.append(message(0));
    store.append(message(1, [['content-length', '6']]));
    store.append({ ...message(2), frame: { ...message(2).frame, framing: 'content-length' as const } });
    expect([0, 1, 2].map((seq) => store.get(seq)!.framing)).toEqual(['nul', 'content-length', 'content-length']);
    expect(store.get(0)!.rawBase64).toBeUndefined();
  });

  it('copies the body on append, so a reused socket buffer cannot change a capture', () => {
    const store = live();
    const socket = Buffer.alloc(1024, 0x61);
    store.append(message(0, [], socket.subarray(10, 20)));
    socket.fill(0x62);
    expect(store.message(0)!.body).toEqual(new Uint8Array(10).fill(0x61));
  });

  it('keeps per-message ack state, settable by seq', () => {
    const store = live();
    for (let i = 0; i < 4; i++) store.append(message(i));
    expect(store.setAckState(1, 'pending')).toBe(true);
    expect(store.setAckState(2, 'pending')).toBe(true);
    expect(store.setAckState(3, 'nacked')).toBe(true);
    expect(store.setAckState(2, 'acked')).toBe(true);
    expect(store.setAckState(9, 'acked')).toBe(false);
    expect([0, 1, 2, 3].map((seq) => store.ackState(seq))).toEqual(['none', 'pending', 'acked', 'nacked']);
    expect(store.get(1)!.ackState).toBe('pending');
    expect(store.markPendingStale()).toBe(1);
    expect(store.summary(1)!.ackState).toBe('stale');
  });

  it('clears: forgets messages, and seqs keep counting so an old seq never names a new message', async () => {
    const store = live();
    for (let i = 0; i < 3; i++) store.append(message(i));
    registry.clear(store.id);
    expect(store.count).toBe(0);
    expect(store.get(0)).toBeUndefined();
    expect(store.setAckState(2, 'acked')).toBe(false);
    expect(store.append(message(3))).toBe(3);
    expect(store.firstSeq).toBe(3);
    expect((await store.list(0, 10)).items.map((s) => s.seq)).toEqual([3]);
    expect(store.get(3)!.headers[1]).toEqual(['message-id', 'ID:m-3']);
  });

  it('describes itself as a capture view', () => {
    const store = live();
    store.append(message(0));
    const view = store.view();
    expect(captureViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({ id: store.id, label: '/queue/orders', connectionId: 'conn-1', subscriptionId: 'sub-1', count: 1, offline: false, bytesOnDisk: 0 });
    expect(view.bytesInMemory).toBeGreaterThan(0);
    expect(registry.views()).toEqual([view]);
  });

  it('hands out summaries of a seq range for "new messages" batches', () => {
    const store = live();
    for (let i = 0; i < 5; i++) store.append(message(i));
    expect(store.summaries(3).map((s) => s.seq)).toEqual([3, 4]);
    expect(store.summaries(-5, 2).map((s) => s.seq)).toEqual([0, 1]);
  });

  it('manages captures by id', () => {
    const a = live();
    const b = registry.create({ id: 'mine', label: 'b' });
    expect(registry.get(a.id)).toBe(a);
    expect(registry.require('mine')).toBe(b);
    expect(() => registry.require('nope')).toThrow(/no capture with id "nope"/);
    expect(() => registry.create({ id: 'mine', label: 'again' })).toThrow(/already exists/);
    expect(() => registry.create({ id: '../etc', label: 'x' })).toThrow(/letters, digits/);
    expect(registry.remove('mine')).toBe(true);
    expect(registry.get('mine')).toBeUndefined();
    expect(() => b.append(message(0))).toThrow(/closed/);
  });
});
