import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFrame } from '../../src-core/protocol/frame';
import { CaptureRegistry } from '../../src-main/host/capture';

const MiB = 1024 * 1024;
let dir: string;
let registry: CaptureRegistry;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capture-spill-'));
  registry = new CaptureRegistry({ directory: dir, memoryBudgetBytes: 1 * MiB });
});

afterEach(() => {
  registry.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A deterministic body of `size` bytes that covers every byte value, NUL included. */
function bodyOf(i: number, size: number): Uint8Array {
  const body = new Uint8Array(size);
  for (let k = 0; k < size; k++) body[k] = (i * 31 + k * 7) & 0xff;
  return body;
}

function append(store: ReturnType<CaptureRegistry['create']>, i: number, size: number) {
  return store.append({
    receivedAt: 1_700_000_000_000 + i,
    frame: createFrame('MESSAGE', [['destination', `/queue/q${i % 3}`], ['message-id', `ID:${i}`], ['content-length', String(size)]], bodyOf(i, size)),
    raw: i % 5 === 0 ? bodyOf(i + 1, 16) : undefined,
  });
}

function spillFiles(): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe('spilling to disk', () => {
  it('keeps memory within the budget and reads every message back byte for byte, from memory or disk', async () => {
    const store = registry.create({ label: 'big' });
    const sizes = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 64 * 1024 : 1000 + i));
    sizes.forEach((size, i) => {
      append(store, i, size);
      expect(registry.stats().messageBytesInMemory).toBeLessThanOrEqual(registry.memoryBudget);
    });
    const view = store.view();
    expect(view.count).toBe(400);
    expect(view.bytesOnDisk).toBeGreaterThan(2 * MiB);
    expect(statSync(join(dir, spillFiles()[0])).size).toBe(view.bytesOnDisk);
    for (const seq of [0, 1, 7, 200, 398, 399]) {
      const message = store.message(seq)!;
      expect(Buffer.from(message.body).equals(Buffer.from(bodyOf(seq, sizes[seq])))).toBe(true);
      expect(message.headers[1]).toEqual(['message-id', `ID:${seq}`]);
      expect(message.raw && Buffer.from(message.raw)).toEqual(seq % 5 === 0 ? Buffer.from(bodyOf(seq + 1, 16)) : undefined);
      const detail = store.get(seq)!;
      expect(Buffer.from(detail.bodyBase64, 'base64').equals(Buffer.from(bodyOf(seq, sizes[seq])))).toBe(true);
      expect(detail.size).toBe(sizes[seq]);
    }
    // Every body, streamed in order, whichever side of the spill boundary it is on.
    let next = 0;
    for await (const batch of store.scan()) {
      for (const message of batch) {
        expect(message.seq).toBe(next);
        expect(Buffer.from(message.body).equals(Buffer.from(bodyOf(next, sizes[next])))).toBe(true);
        next++;
      }
    }
    expect(next).toBe(400);
  });

  it('spills the oldest messages across captures first', () => {
    const older = registry.create({ label: 'older' });
    const newer = registry.create({ label: 'newer' });
    for (let i = 0; i < 200; i++) append(older, i, 4000);
    for (let i = 0; i < 200; i++) append(newer, i, 4000);
    expect(older.bytesOnDisk).toBeGreaterThan(0);
    expect(older.bytesOnDisk).toBeGreaterThan(newer.bytesOnDisk);
    expect(registry.stats().messageBytesInMemory).toBeLessThanOrEqual(MiB);
    expect(Buffer.from(older.message(0)!.body).equals(Buffer.from(bodyOf(0, 4000)))).toBe(true);
  });

  it('stores a message larger than the whole budget, on disk', () => {
    const store = registry.create({ label: 'huge' });
    append(store, 0, 3 * MiB);
    append(store, 1, 10);
    expect(registry.stats().messageBytesInMemory).toBeLessThanOrEqual(MiB);
    expect(store.bytesOnDisk).toBeGreaterThan(3 * MiB);
    expect(Buffer.from(store.message(0)!.body).equals(Buffer.from(bodyOf(0, 3 * MiB)))).toBe(true);
    expect(store.summary(0)!.preview).toBe('binary · 3.0 MiB');
  });

  it('spills at once when the budget is lowered', () => {
    registry.setMemoryBudget(8 * MiB);
    const store = registry.create({ label: 'x' });
    for (let i = 0; i < 1000; i++) append(store, i, 3000);
    expect(store.bytesOnDisk).toBe(0);
    registry.setMemoryBudget(MiB);
    expect(registry.stats().messageBytesInMemory).toBeLessThanOrEqual(MiB);
    expect(store.bytesOnDisk).toBeGreaterThan(0);
    expect(Buffer.from(store.message(10)!.body).equals(Buffer.from(bodyOf(10, 3000)))).toBe(true);
    expect(() => registry.setMemoryBudget(10)).toThrow(/at least 64 KiB/);
  });

  it('searches and filters spilled messages', async () => {
    const store = registry.create({ label: 'x' });
    for (let i = 0; i < 600; i++) {
      store.append({ receivedAt: i, frame: createFrame('MESSAGE', [['destination', '/queue/a'], ['n', String(i)]], `${i % 10 === 0 ? 'needle' : 'hay'} ${'x'.repeat(4000)}`) });
    }
    expect(store.bytesOnDisk).toBeGreaterThan(0);
    const page = await store.list(0, 100, 'NEEDLE');
    expect(page.total).toBe(60);
    expect(page.items.map((s) => s.seq)).toEqual(Array.from({ length: 60 }, (_, k) => k * 10));
    expect(await store.search('n:599')).toEqual([599]);
  });

  it('deletes the spill file on clear and on dispose', () => {
    const a = registry.create({ label: 'a' });
    const b = registry.create({ label: 'b' });
    for (let i = 0; i < 300; i++) append(a, i, 5000);
    for (let i = 0; i < 300; i++) append(b, i, 5000);
    expect(spillFiles()).toHaveLength(2);
    registry.clear(a.id);
    expect(spillFiles()).toHaveLength(1);
    expect(a.view()).toMatchObject({ count: 0, bytesOnDisk: 0 });
    // Cleared, it captures on, into a new file.
    for (let i = 0; i < 300; i++) append(a, i, 5000);
    expect(Buffer.from(a.message(599)!.body).equals(Buffer.from(bodyOf(299, 5000)))).toBe(true);
    expect(spillFiles()).toHaveLength(2);
    registry.dispose();
    expect(spillFiles()).toHaveLength(0);
    expect(registry.stats()).toMatchObject({ messageBytesInMemory: 0, captures: 0 });
  });

  it('ends a scan cleanly when the capture is cleared under it', async () => {
    const store = registry.create({ label: 'x' });
    for (let i = 0; i < 2000; i++) append(store, i, 2000);
    const scan = store.scan();
    expect((await scan.next()).done).toBe(false);
    store.clear();
    await expect(scan.next()).rejects.toThrow(/was cleared while it was being read/);
    // A search asked for before the clear ran after it: it sees the empty capture.
    const search = store.list(0, 10, 'x');
    store.clear();
    expect((await search).total).toBe(0);
  });

  it('keeps messages in memory, over budget, when the disk fails, and says why', () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, '');
    const broken = new CaptureRegistry({ directory: join(blocker, 'captures'), memoryBudgetBytes: 256 * 1024 });
    try {
      const store = broken.create({ label: 'x' });
      for (let i = 0; i < 200; i++) append(store, i, 4000);
      const stats = broken.stats();
      expect(stats.spillError).toMatch(/ENOTDIR|EEXIST/);
      expect(stats.messageBytesInMemory).toBeGreaterThan(256 * 1024);
      expect(stats.bytesOnDisk).toBe(0);
      expect(store.count).toBe(200);
      expect(Buffer.from(store.message(0)!.body).equals(Buffer.from(bodyOf(0, 4000)))).toBe(true);
    } finally {
      broken.dispose();
    }
  });
});
