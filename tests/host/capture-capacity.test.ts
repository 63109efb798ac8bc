/**
 * A long capture under a small budget: 100k messages of ~200 bytes in 4 MiB. Every message must
 * stay retrievable, the registry's accounting must stay within the budget, and the process's
 * memory must grow by the index (~200 bytes a message), not by the messages.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFrame } from '../../src-core/protocol/frame';
import { CaptureRegistry, type CaptureStore } from '../../src-main/host/capture';

const MiB = 1024 * 1024;
const COUNT = 100_000;
const BUDGET = 4 * MiB;

// A full collection before each reading, so the numbers measure what is live, not garbage.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
function liveBytes(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  // Typed arrays and Buffers live outside the JS heap: count both.
  return usage.heapUsed + usage.arrayBuffers;
}

function bodyOf(i: number): string {
  return JSON.stringify({ order: i, customer: `c-${i % 97}`, note: 'n'.repeat(i % 50) });
}

let dir: string;
let registry: CaptureRegistry;
let store: CaptureStore;
let growth = 0;
let maxAccounted = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'capture-capacity-'));
  registry = new CaptureRegistry({ directory: dir, memoryBudgetBytes: BUDGET });
  store = registry.create({ label: '/queue/load', connectionId: 'c', subscriptionId: 's', destination: '/queue/load' });
  const before = liveBytes();
  for (let i = 0; i < COUNT; i++) {
    store.append({
      receivedAt: 1_700_000_000_000 + i,
      frame: createFrame(
        'MESSAGE',
        [
          ['destination', '/queue/load'],
          ['message-id', `ID:load-${i}`],
          ['subscription', 's'],
          ['content-type', 'application/json'],
          ['redelivered', i % 1000 === 0 ? 'true' : 'false'],
        ],
        bodyOf(i),
      ),
    });
    if (i % 1000 === 0) maxAccounted = Math.max(maxAccounted, registry.stats().messageBytesInMemory);
  }
  growth = liveBytes() - before;
});

afterAll(() => {
  registry.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('a 100k-message capture in a 4 MiB budget', () => {
  it('keeps the accounting within the budget and spills the rest', () => {
    const stats = registry.stats();
    expect(stats.messages).toBe(COUNT);
    expect(stats.messageBytesInMemory).toBeLessThanOrEqual(BUDGET + 1024);
    expect(maxAccounted).toBeLessThanOrEqual(BUDGET + 1024);
    expect(stats.bytesOnDisk).toBeGreaterThan(10 * MiB);
    // The index is what stays per message; it is counted, and small.
    expect(stats.indexBytes / COUNT).toBeLessThan(300);
    // The view says what the process holds: what the budget counts, plus the few spilled
    // segments kept to be written into again (at most four of 1/32 of the budget).
    const spares = store.view().bytesInMemory - (stats.messageBytesInMemory + stats.indexBytes);
    expect(spares).toBeGreaterThan(0);
    expect(spares).toBeLessThanOrEqual((4 * BUDGET) / 32);
  });

  it('grows the process by the index, not by the messages', () => {
    // ~4 MiB of segments + ~20 MiB of index; the messages themselves are ~25 MiB on disk.
    expect(growth).toBeLessThan(60 * MiB);
  });

  it('keeps every message retrievable, in order, byte for byte', async () => {
    let next = 0;
    const decoder = new TextDecoder();
    for await (const batch of store.scan()) {
      for (const message of batch) {
        if (message.seq !== next || decoder.decode(message.body) !== bodyOf(next)) {
          throw new Error(`seq ${next}: got seq ${message.seq} with body ${decoder.decode(message.body)}`);
        }
        next++;
      }
    }
    expect(next).toBe(COUNT);
    const wrong: number[] = [];
    for (let k = 0; k < 500; k++) {
      const seq = (k * 7919) % COUNT;
      const detail = store.get(seq)!;
      if (Buffer.from(detail.bodyBase64, 'base64').toString() !== bodyOf(seq) || detail.messageId !== `ID:load-${seq}`) wrong.push(seq);
    }
    expect(wrong).toEqual([]);
  });

  it('lists and filters across memory and disk', async () => {
    const first = await store.list(0, 3);
    expect(first.total).toBe(COUNT);
    expect(first.items.map((s) => s.messageId)).toEqual(['ID:load-0', 'ID:load-1', 'ID:load-2']);
    expect(first.items[0]).toMatchObject({ redelivered: true, contentType: 'application/json', preview: bodyOf(0) });
    const last = await store.list(COUNT - 1, 10);
    expect(last.items.map((s) => s.seq)).toEqual([COUNT - 1]);

    const byBody = await store.list(0, 5, '"c-96"');
    expect(byBody.total).toBe(Math.ceil((COUNT - 96) / 97));
    expect(byBody.items.map((s) => s.seq)).toEqual([96, 193, 290, 387, 484]);
    expect((await store.list(0, 10, 're:"order":9999\\d,')).items.map((s) => s.seq)).toEqual([99990, 99991, 99992, 99993, 99994, 99995, 99996, 99997, 99998, 99999]);
    expect((await store.list(0, 200, 'redelivered:true')).total).toBe(100);
  });
});
