/**
 * The wire log's copies of frames' bytes, newest kept within a byte budget, oldest let go first.
 *
 * Frames are packed into slabs of 1 MiB, and a slab whose frames have all been let go is read into
 * again. At 1,000 64 KiB messages a second, a buffer per frame (or a fresh slab each time) was
 * 64 MB/s of new memory, and V8 answers new ArrayBuffer memory with full collections of the whole
 * heap: the host spent more time collecting than working (issue 15). Because slabs are reused, a
 * view from `get` is valid only until the next `keep`: callers copy or encode it at once.
 */

/** Frames up to a quarter of this share slabs; larger ones get memory of their own. */
const SLAB_BYTES = 1024 * 1024;
/** Emptied slabs kept for reuse: enough for a steady flow, little memory when the flow stops. */
const SPARE_SLABS = 2;

interface Slab {
  readonly buf: Uint8Array;
  /** Frames in it still kept. */
  live: number;
}

export class FrameBytesStore {
  private readonly bytes = new Map<number, Uint8Array>();
  /** The seqs in `bytes`, oldest first from `head` on, and the slab each lives in (-1: its own memory). */
  private kept: number[] = [];
  private keptSlab: number[] = [];
  private head = 0;
  private held = 0;
  private readonly slabs = new Map<number, Slab>();
  private current = -1;
  private currentUsed = SLAB_BYTES;
  private nextSlab = 0;
  private readonly spare: Uint8Array[] = [];

  constructor(private readonly budget: number) {}

  /** Bytes of the frames kept (not counting a slab's unused room). */
  get heldBytes(): number {
    return this.held;
  }

  get count(): number {
    return this.bytes.size;
  }

  /** The frame's bytes while kept: a view valid until the next `keep`. */
  get(seq: number): Uint8Array | undefined {
    return this.bytes.get(seq);
  }

  /** Keeps a copy of the frame's parts under `seq`, then lets go of the oldest beyond the budget or below `oldestSeq`. */
  keep(seq: number, raw: readonly Uint8Array[], oldestSeq: number): void {
    let size = 0;
    for (const part of raw) size += part.length;
    if (size <= this.budget) {
      const { bytes, slab } = this.room(size);
      let at = 0;
      for (const part of raw) {
        bytes.set(part, at);
        at += part.length;
      }
      this.bytes.set(seq, bytes);
      this.kept.push(seq);
      this.keptSlab.push(slab);
      this.held += size;
    }
    this.evict(oldestSeq);
  }

  private evict(oldestSeq: number): void {
    // A queue of seqs, not a walk over the Map from its start: a Map keeps its deleted entries'
    // slots until it is rehashed, and walking past them on every append made each append cost
    // more as the log turned over (18 µs a frame at 10k frames/s).
    while (this.head < this.kept.length) {
      const old = this.kept[this.head];
      if (this.held <= this.budget && old >= oldestSeq) break;
      this.held -= this.bytes.get(old)?.length ?? 0;
      this.bytes.delete(old);
      this.release(this.keptSlab[this.head]);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.head);
      this.keptSlab = this.keptSlab.slice(this.head);
      this.head = 0;
    }
  }

  /** `size` bytes at the end of the current slab, of a new one, or of memory of their own. */
  private room(size: number): { bytes: Uint8Array; slab: number } {
    if (size > SLAB_BYTES / 4) return { bytes: new Uint8Array(size), slab: -1 };
    if (SLAB_BYTES - this.currentUsed < size) {
      const previous = this.current;
      this.current = this.nextSlab++;
      this.slabs.set(this.current, { buf: this.spare.pop() ?? new Uint8Array(SLAB_BYTES), live: 0 });
      this.currentUsed = 0;
      // The slab filled up may have no frames left (a small budget): free it now.
      if (previous >= 0 && this.slabs.get(previous)?.live === 0) this.retire(previous);
    }
    const slab = this.slabs.get(this.current)!;
    slab.live++;
    const at = this.currentUsed;
    this.currentUsed += size;
    return { bytes: slab.buf.subarray(at, at + size), slab: this.current };
  }

  private release(slabId: number): void {
    if (slabId < 0) return;
    const slab = this.slabs.get(slabId);
    if (slab && --slab.live === 0 && slabId !== this.current) this.retire(slabId);
  }

  private retire(slabId: number): void {
    const slab = this.slabs.get(slabId)!;
    this.slabs.delete(slabId);
    if (this.spare.length < SPARE_SLABS) this.spare.push(slab.buf);
  }
}
