/**
 * Slabs the read path has moved past, kept until nothing can still see their bytes and then read
 * into again instead of fresh memory (the client's `bodies: 'borrowed'`). Fresh memory is what
 * draining large MESSAGEs cost most: V8 counts each new ArrayBuffer against its old-generation
 * limit, and ran a full mark-compact every few MB of bodies (15–20 for 10k × 64 KiB, about a third
 * of the client's CPU); reading into the same slabs again runs none.
 *
 * Who can still see a slab's bytes is told by stream offsets: `heldFrom()` is the lowest offset
 * at which anyone (the parser's unfinished frame, a handler still running, the raw-frame recorder)
 * may hold a view. A slab whose bytes all lie below it is free.
 */
import { reclaim } from './lent-memory';

/**
 * How many retired slabs wait at most. A handler that never finishes holds every slab after its
 * message; past this many the oldest are left to the garbage collector (not detached: still
 * readable), so memory stays bounded and the read path falls back to fresh slabs.
 */
const MAX_WAITING = 16;

interface Retired {
  readonly slab: Uint8Array;
  /** The stream offset just past the slab's last byte read. */
  readonly end: number;
}

export class SlabRecycler {
  private readonly waiting: Retired[] = [];

  constructor(
    private readonly heldFrom: () => number,
    private readonly maxWaiting = MAX_WAITING,
  ) {}

  /** The read path moved on from `slab`, whose last byte is just before stream offset `end`. */
  retire(slab: Uint8Array, end: number): void {
    this.waiting.push({ slab, end });
    if (this.waiting.length > this.maxWaiting) this.waiting.shift();
  }

  /** A slab of `size` bytes that nobody can see any more, its old views detached; or null. */
  take(size: number): Uint8Array | null {
    const oldest = this.waiting[0];
    if (oldest === undefined || oldest.end > this.heldFrom()) return null;
    this.waiting.shift();
    // Slabs follow the traffic (see read-slab.ts); one of another size is left to the collector.
    return oldest.slab.length === size ? reclaim(oldest.slab) : null;
  }

  /** How many slabs wait, for tests. */
  get waitingCount(): number {
    return this.waiting.length;
  }
}
