/**
 * The wire log's copies of frames' bytes, newest kept within a byte budget, oldest let go first.
 *
 * Frames are packed into slabs of 1 MiB, and a slab whose frames have all been let go is read into
 * again. At 1,000 64 KiB messages a second, a buffer per frame (or a fresh slab each time) was
 * 64 MB/s of new memory, and V8 answers new ArrayBuffer memory with full collections of the whole
 * heap: the host spent more time collecting than working (issue 15). Where each frame lies is kept
 * in typed arrays indexed by seq modulo the log's capacity (grown as it fills), not in a Map of
 * views: 100,000 frames were 17 MB of small objects for the collector to walk. A view from `get`
 * is valid until the next `keep` (its slab may be reused): callers copy or encode it at once.
 */
import { withSlot } from './slot-arrays';

/** Frames up to a quarter of this share slabs; larger ones get memory of their own. */
const SLAB_BYTES = 1024 * 1024;
/** Emptied slabs kept for reuse: enough for a steady flow, little memory when the flow stops. */
const SPARE_SLABS = 2;
const OWN_MEMORY = -1;
const NO_ROOM = new Uint8Array(0);

interface Slab {
  readonly buf: Uint8Array;
  /** Frames in it still kept. */
  live: number;
}

export class FrameBytesStore {
  /** Per slot (seq modulo `window`): the seq kept there (-1: none), its slab, offset and length. */
  private seqs = new Float64Array(0);
  private slabOf = new Int32Array(0);
  private offsets = new Uint32Array(0);
  private lengths = new Uint32Array(0);
  /** Frames too large for a slab, by seq. */
  private readonly own = new Map<number, Uint8Array>();
  /** The oldest seq that may still be kept, and one past the newest kept. */
  private oldest = 0;
  private end = 0;
  private held = 0;
  private kept = 0;
  private readonly slabs = new Map<number, Slab>();
  private current = -1;
  /** The slab `current` names (looked up once, not per frame). */
  private currentSlab: Slab | undefined;
  private currentUsed = SLAB_BYTES;
  private nextSlab = 0;
  private readonly spare: Uint8Array[] = [];
  private readonly roomFound: { target: Uint8Array; start: number } = { target: NO_ROOM, start: 0 };

  constructor(
    private readonly budget: number,
    /** No seq more than this far below the newest is kept (the wire log's capacity). */
    private readonly window: number,
    /** Told about each frame about to be let go while `seq` is still within the window. */
    private readonly onLetGo?: (seq: number, bytes: Uint8Array) => void,
  ) {}

  /** Bytes of the frames kept (not counting a slab's unused room). */
  get heldBytes(): number {
    return this.held;
  }

  get count(): number {
    return this.kept;
  }

  /** Whether the frame's bytes are kept (without making a view of them). */
  has(seq: number): boolean {
    const slot = seq % this.window;
    return seq >= 0 && slot < this.seqs.length && this.seqs[slot] === seq;
  }

  /** The frame's bytes while kept: a view valid until the next `keep`. */
  get(seq: number): Uint8Array | undefined {
    const slot = seq % this.window;
    if (seq < 0 || slot >= this.seqs.length || this.seqs[slot] !== seq) return undefined;
    const slabId = this.slabOf[slot];
    if (slabId === OWN_MEMORY) return this.own.get(seq);
    const at = this.offsets[slot];
    return this.slabs.get(slabId)!.buf.subarray(at, at + this.lengths[slot]);
  }

  /** Keeps a copy of the frame's parts under `seq` (seqs only grow), then lets go of the oldest beyond the budget or the window. */
  keep(seq: number, raw: readonly Uint8Array[]): void {
    let size = 0;
    for (const part of raw) size += part.length;
    // Whatever the window left behind goes first: its slot is about to be reused.
    this.letGo(seq - this.window + 1, false);
    if (size <= this.budget) {
      const slot = seq % this.window;
      this.makeRoom(slot);
      // Parts copied straight into the slab: no view made of the room for each frame.
      const { target, start } = this.room(size, slot);
      let at = start;
      for (let i = 0; i < raw.length; i++) {
        target.set(raw[i], at);
        at += raw[i].length;
      }
      // The shared answer must not keep a large frame's memory alive once the frame is let go.
      this.roomFound.target = NO_ROOM;
      if (this.slabOf[slot] === OWN_MEMORY) this.own.set(seq, target);
      this.seqs[slot] = seq;
      this.lengths[slot] = size;
      this.held += size;
      this.kept++;
      this.end = seq + 1;
    }
    while (this.held > this.budget) this.letGo(this.oldest + 1, true);
  }

  private makeRoom(slot: number): void {
    if (slot < this.seqs.length) return;
    this.seqs = withSlot(this.seqs, slot, this.window, -1);
    this.slabOf = withSlot(this.slabOf, slot, this.window);
    this.offsets = withSlot(this.offsets, slot, this.window);
    this.lengths = withSlot(this.lengths, slot, this.window);
  }

  /** Lets go of every kept seq below `below` (at least one when `budget` says one must go). */
  private letGo(below: number, budget: boolean): void {
    while (this.oldest < this.end && (this.oldest < below || (budget && this.held > this.budget))) {
      const seq = this.oldest++;
      const slot = seq % this.window;
      if (slot >= this.seqs.length || this.seqs[slot] !== seq) continue;
      if (budget && this.onLetGo) this.onLetGo(seq, this.get(seq)!);
      this.held -= this.lengths[slot];
      this.kept--;
      this.seqs[slot] = -1;
      const slabId = this.slabOf[slot];
      if (slabId === OWN_MEMORY) this.own.delete(seq);
      else this.release(slabId);
      if (budget) return;
    }
    if (this.oldest < below) this.oldest = below;
  }

  /**
   * `size` bytes at `start` of `target`: the end of the current slab, of a new one, or memory of
   * their own; notes where in `slot`. Returns the same object each time (filled in afresh).
   */
  private room(size: number, slot: number): { target: Uint8Array; start: number } {
    const room = this.roomFound;
    if (size > SLAB_BYTES / 4) {
      this.slabOf[slot] = OWN_MEMORY;
      room.target = new Uint8Array(size);
      room.start = 0;
      return room;
    }
    if (SLAB_BYTES - this.currentUsed < size) {
      const previous = this.current;
      this.current = this.nextSlab++;
      this.currentSlab = { buf: this.spare.pop() ?? new Uint8Array(SLAB_BYTES), live: 0 };
      this.slabs.set(this.current, this.currentSlab);
      this.currentUsed = 0;
      // The slab filled up may have no frames left (a small budget): free it now.
      if (previous >= 0 && this.slabs.get(previous)?.live === 0) this.retire(previous);
    }
    const slab = this.currentSlab!;
    slab.live++;
    const at = this.currentUsed;
    this.currentUsed += size;
    this.slabOf[slot] = this.current;
    this.offsets[slot] = at;
    room.target = slab.buf;
    room.start = at;
    return room;
  }

  private release(slabId: number): void {
    const slab = this.slabs.get(slabId);
    if (slab && --slab.live === 0 && slabId !== this.current) this.retire(slabId);
  }

  private retire(slabId: number): void {
    const slab = this.slabs.get(slabId)!;
    this.slabs.delete(slabId);
    if (this.spare.length < SPARE_SLABS) this.spare.push(slab.buf);
  }
}
