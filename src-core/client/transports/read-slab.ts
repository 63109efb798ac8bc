/**
 * Where a TCP socket reads into (node:net's `onread`): the unused tail of a large slab, so a read
 * costs no allocation and the bytes read stay where they landed. Node's default read path
 * allocates 64 KiB for every read and then copies what arrived into a buffer of its exact size;
 * here each read's bytes are a view of the slab, and a slab is never written twice, so a frame
 * may keep views of it (as the parser does for bodies) for as long as it likes.
 *
 * Consecutive reads sit back to back in one slab, which lets a body that arrived in several reads
 * be one view instead of a copy (see spanning-body.ts).
 *
 * The price: a kept view keeps its whole slab alive. Code that keeps a few small bodies out of a
 * long stream should copy them (the host's capture store does: it encodes records into its own
 * arena).
 */

export interface ReadSlabOptions {
  /** Bytes per slab. */
  readonly slabSize: number;
  /** A read gets at least this much room; a tail shorter than that is left unused and a new slab begins. */
  readonly minRead: number;
}

export const READ_SLAB_DEFAULTS: ReadSlabOptions = { slabSize: 256 * 1024, minRead: 64 * 1024 };

interface BufferConstructorLike {
  allocUnsafeSlow(size: number): Uint8Array;
}

export class ReadSlab {
  private slab: Uint8Array;
  private used = 0;

  constructor(
    private readonly options: ReadSlabOptions = READ_SLAB_DEFAULTS,
    private readonly alloc: (size: number) => Uint8Array = (size) => (globalThis as unknown as { Buffer: BufferConstructorLike }).Buffer.allocUnsafeSlow(size),
  ) {
    if (!(options.minRead > 0 && options.slabSize >= options.minRead)) {
      throw new RangeError(`read slab: need 0 < minRead (${options.minRead}) <= slabSize (${options.slabSize})`);
    }
    this.slab = alloc(options.slabSize);
  }

  /** The room for the next read: the slab's unused tail, or a fresh slab when the tail is short. */
  room(): Uint8Array {
    if (this.options.slabSize - this.used < this.options.minRead) {
      this.slab = this.alloc(this.options.slabSize);
      this.used = 0;
    }
    return this.slab.subarray(this.used);
  }

  /** `count` bytes were read into `room` (the last `room()`): they are the caller's now, for good. */
  take(room: Uint8Array, count: number): Uint8Array {
    this.used += count;
    return room.subarray(0, count);
  }
}
