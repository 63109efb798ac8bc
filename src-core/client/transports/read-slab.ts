/**
 * Where a TCP or TLS socket reads into (node:net's `onread`): the unused tail of a slab, so a read
 * costs no allocation and the bytes read stay where they landed. Node's default read path
 * allocates 64 KiB for every read and then copies what arrived into a buffer of its exact size;
 * here each read's bytes are a view of the slab, and a slab is never written twice, so a frame
 * may keep views of it (as the parser does for bodies) for as long as it likes. The one exception
 * is asked for: with borrowed bodies, a slab nobody can see any more is read into again
 * (slab-recycler.ts).
 *
 * Consecutive reads sit back to back in one slab, which lets a body that arrived in several reads
 * be one view instead of a copy (see spanning-body.ts).
 *
 * The price: a kept view keeps its whole slab alive. Slabs follow the traffic to keep that small
 * when it can be: a stream of small reads gets small slabs (64 KiB: what Node's own read path
 * allocates per read), and only reads that fill the room they were given grow them, up to 1 MiB,
 * where fewer slabs mean fewer bodies split across two (a copy each) and less memory for the
 * garbage collector to chase. Code that keeps a few small bodies out of a long stream should copy
 * them, as the host's capture store does.
 */

import { lend } from './lent-memory';
import type { SlabRecycler } from './slab-recycler';

export interface ReadSlabOptions {
  readonly minSlab: number;
  readonly maxSlab: number;
}

export const READ_SLAB_DEFAULTS: ReadSlabOptions = { minSlab: 64 * 1024, maxSlab: 1024 * 1024 };

/** A read gets at least this share of a slab; a shorter tail is left unused and a new slab begins. */
const MIN_READ_SHARE = 4;

interface BufferConstructorLike {
  allocUnsafeSlow(size: number): Uint8Array;
}

const defaultAlloc = (size: number): Uint8Array => (globalThis as unknown as { Buffer: BufferConstructorLike }).Buffer.allocUnsafeSlow(size);

export class ReadSlab {
  private slab: Uint8Array;
  private used = 0;
  /** Whether a read in this slab filled all the room it had (more was waiting), and the largest read. */
  private filled = false;
  private largest = 0;
  /** The stream offset where the next read lands: every byte read through this object so far. */
  private streamEnd = 0;
  private recycler: SlabRecycler | null = null;

  constructor(
    private readonly options: ReadSlabOptions = READ_SLAB_DEFAULTS,
    private readonly alloc: (size: number) => Uint8Array = defaultAlloc,
  ) {
    const { minSlab, maxSlab } = options;
    if (!(minSlab >= MIN_READ_SHARE && maxSlab >= minSlab)) {
      throw new RangeError(`read slab: need ${MIN_READ_SHARE} <= minSlab (${minSlab}) <= maxSlab (${maxSlab})`);
    }
    this.slab = alloc(minSlab);
  }

  /** The size of the slab reads go to now. */
  get slabSize(): number {
    return this.slab.length;
  }

  /**
   * From now on slabs are lent (borrowed bodies): the ones moved past go to `recycler`, which
   * hands them back for new reads once nobody can see their bytes.
   */
  recycleWith(recycler: SlabRecycler): void {
    this.recycler = recycler;
    lend(this.slab);
  }

  /** The room for the next read: the slab's unused tail, or another slab when the tail is short. */
  room(): Uint8Array {
    const size = this.slab.length;
    if (size - this.used < size / MIN_READ_SHARE) {
      this.slab = this.nextSlab(this.nextSize(size));
      this.used = 0;
      this.filled = false;
      this.largest = 0;
    }
    return this.slab.subarray(this.used);
  }

  /** `count` bytes were read into `room` (the last `room()`): the caller's now; for good unless slabs are lent. */
  take(room: Uint8Array, count: number): Uint8Array {
    this.used += count;
    this.streamEnd += count;
    if (count === room.length) this.filled = true;
    if (count > this.largest) this.largest = count;
    return room.subarray(0, count);
  }

  private nextSlab(size: number): Uint8Array {
    const { recycler } = this;
    if (recycler === null) return this.alloc(size);
    recycler.retire(this.slab, this.streamEnd);
    const reused = recycler.take(size);
    if (reused !== null) return reused;
    const fresh = this.alloc(size);
    lend(fresh);
    return fresh;
  }

  private nextSize(size: number): number {
    const { minSlab, maxSlab } = this.options;
    if (this.filled) return Math.min(maxSlab, size * 2);
    if (this.largest * 16 < size) return Math.max(minSlab, size / 2);
    return size;
  }
}
