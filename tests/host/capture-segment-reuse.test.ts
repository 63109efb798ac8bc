/**
 * A capture past its memory budget writes into the memory of segments it spilled, instead of new
 * memory per segment (V8 answers new ArrayBuffer memory with full collections), and never while a
 * scan may still hold views of it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFrame } from '../../src-core/protocol/frame';
import { CaptureRegistry } from '../../src-main/host/capture';
import { CaptureLog } from '../../src-main/host/capture/capture-log';
import { SpillFile } from '../../src-main/host/capture/spill-file';

const KiB = 1024;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'capture-reuse-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A log whose segments are all `cap` bytes, and the ArrayBuffers its segments were given. */
function logWithSegments(cap: number) {
  // What the registry's budget sees: spares are not charged to it.
  const ledger = { charged: 0 };
  const log = new CaptureLog(new SpillFile(join(dir, 'log.spill')), () => cap, (delta) => (ledger.charged += delta));
  const memories = new Set<ArrayBufferLike>();
  const write = (size: number, fill: number) => {
    const slot = log.reserve(size, 0);
    slot.buf.fill(fill, slot.at, slot.at + size);
    memories.add(slot.buf.buffer);
    return slot.offset;
  };
  return { log, memories, write, ledger };
}

describe('capture segments reused after they spill', () => {
  it('past the budget, new segments are written into spilled ones: a long run needs no new memory', () => {
    const { log, memories, write, ledger } = logWithSegments(64 * KiB);
    // Large records get segments of their own, exactly their size (the 64 KiB-body flood); a
    // budget of eight of them, enforced as the registry does.
    for (let i = 0; i < 200; i++) {
      write(20 * KiB, i & 0xff);
      while (ledger.charged > 8 * (20 * KiB + 256)) log.spillOldest();
    }
    // 200 segments written; only the ones in memory at once, plus the few spares, were ever new.
    expect(memories.size).toBeLessThan(20);
    // Every record reads back as written, from the file or from memory.
    for (let i = 0; i < 200; i++) expect(log.read(i * 20 * KiB, 20 * KiB).every((b) => b === (i & 0xff))).toBe(true);
  });

  it('while a hold is open, spilled memory is left alone, so views taken before keep their bytes', () => {
    const { log, memories, write } = logWithSegments(16 * KiB);
    for (let i = 0; i < 4; i++) write(16 * KiB, 0xa0 + i);
    const release = log.hold();
    const views = [0, 1, 2, 3].map((i) => log.read(i * 16 * KiB, 16 * KiB));
    for (let i = 4; i < 40; i++) {
      write(16 * KiB, i & 0xff);
      log.spillOldest();
    }
    views.forEach((view, i) => expect(view.every((b) => b === 0xa0 + i)).toBe(true));
    expect(memories.size).toBe(40);
    release();
    release(); // twice is harmless
    // Released: memory spilled from now on is reused again.
    const before = memories.size;
    for (let i = 40; i < 80; i++) {
      write(16 * KiB, i & 0xff);
      log.spillOldest();
    }
    expect(memories.size - before).toBeLessThan(5);
  });

  it('keeps at most four spares, counts them in the memory it holds, and drops them on reset', () => {
    const { log, write } = logWithSegments(16 * KiB);
    for (let i = 0; i < 10; i++) write(16 * KiB, i);
    const charged = log.memoryBytes;
    for (let i = 0; i < 10; i++) log.spillOldest();
    expect(log.memoryBytes).toBe(charged - 10 * (16 * KiB + 256) + 4 * 16 * KiB);
    log.reset(new SpillFile(join(dir, 'log2.spill')));
    expect(log.memoryBytes).toBe(0);
  });

  it('a scan suspended between batches keeps its views intact while a flood spills and reuses memory', async () => {
    const registry = new CaptureRegistry({ directory: dir, memoryBudgetBytes: 256 * KiB });
    try {
      const store = registry.create({ label: 'scan-under-flood' });
      // Records larger than a quarter of a segment (8 KiB here) get segments of their own, all of
      // one size: each spilled one fits the next, so the scan's first records' memory is the
      // first to be written again.
      const bodyOf = (i: number) => new Uint8Array(3000).fill(i & 0xff);
      const append = (i: number) =>
        store.append({ receivedAt: i, frame: createFrame('MESSAGE', [['destination', '/queue/a'], ['message-id', `m-${String(i).padStart(5, '0')}`]], bodyOf(i)) });
      for (let i = 0; i < 100; i++) append(i);
      // The newest 20 are in memory: the scan's batches are views of their segments.
      expect(store.view().bytesOnDisk).toBeGreaterThan(0);
      const scan = store.scan(80, 100, 16 * KiB);
      const first = (await scan.next()).value!;
      expect(first.length).toBeGreaterThan(3);
      // The flood goes on while the scan's caller holds its first batch: many spills.
      for (let i = 100; i < 2000; i++) append(i);
      expect(store.view().bytesOnDisk).toBeGreaterThan(4 * 256 * KiB);
      for (const message of first) expect(Buffer.from(message.body).equals(Buffer.from(bodyOf(message.seq)))).toBe(true);
      // The rest of the scan reads right too, and once it ends, reuse resumes.
      let seen = first.length;
      for await (const batch of scan) {
        for (const message of batch) expect(message.body[0]).toBe(message.seq & 0xff);
        seen += batch.length;
      }
      expect(seen).toBe(20);
      const memoryBefore = store.messageBytesInMemory;
      for (let i = 2000; i < 4000; i++) append(i);
      expect(store.message(3999)!.body[0]).toBe(3999 & 0xff);
      expect(store.messageBytesInMemory).toBeLessThan(memoryBefore + 256 * KiB);
    } finally {
      registry.dispose();
    }
  });
});
