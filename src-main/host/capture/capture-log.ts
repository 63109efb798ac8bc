/**
 * A capture's records laid end to end in one address space: the oldest part in the spill file
 * (offsets [0, spilledBytes)), the rest in memory segments. A record never straddles the two,
 * because records never straddle segments and whole segments spill. An offset means the same
 * bytes before and after a spill, so readers need not care where a record is.
 *
 * Segments start at 4 KiB and double up to the registry's cap, so a quiet capture holds little
 * and a busy one writes big blocks; a sealed segment with much unused room is trimmed.
 *
 * A segment written to the file is kept, a few at most, and written into again as a later segment
 * of about its size: past its memory budget a busy capture then runs on the same memory instead
 * of new memory per segment, which V8 answers with full collections of the whole heap (at 64 KiB
 * × 1,000 msg/s a third of the host's CPU; issue 15). Reads of memory records are views, so memory
 * is reused only while no scan that may still hold views of it is running (see hold()).
 */
import { SpillFile } from './spill-file';

/** What a Buffer costs beyond its bytes (object, ArrayBuffer, backing-store record), roughly. */
export const BUFFER_OVERHEAD = 256;

interface Segment {
  buf: Buffer;
  /** Offset of buf[0] in the log. */
  readonly start: number;
  used: number;
  /** The registry's clock at the first record: spills go oldest first across captures. */
  readonly firstTick: number;
}

export interface LogSlot {
  readonly buf: Buffer;
  readonly at: number;
  readonly offset: number;
}

const FIRST_SEGMENT = 4 * 1024;
/** Segments kept for reuse after they spilled: memory held outside the budget, so few. */
const SPARE_SEGMENTS = 4;

export class CaptureLog {
  private readonly segments: Segment[] = [];
  private spilled = 0;
  private end = 0;
  private ring = 0;
  private nextSegment = FIRST_SEGMENT;
  /** Spilled or trimmed segments' memory, to be written into again (see the file's comment). */
  private readonly spares: Buffer[] = [];
  private spareBytes = 0;
  /** Scans running that may hold views of memory records: while any does, no memory is reused. */
  private holds = 0;

  constructor(
    private file: SpillFile,
    /** The largest segment the registry wants now (it follows the memory budget). */
    private readonly segmentCap: () => number,
    /** Reports every change of the bytes held in memory to whoever enforces the budget. */
    private readonly charge: (delta: number) => void,
  ) {}

  get endOffset(): number {
    return this.end;
  }

  get spilledBytes(): number {
    return this.spilled;
  }

  /** Bytes allocated for segments, used or not, spares included: what the process really holds. */
  get memoryBytes(): number {
    return this.ring + this.spareBytes;
  }

  /**
   * Views of memory records taken from now on stay valid until the returned function is called:
   * a reader that keeps views across an await (a scan) holds the log meanwhile. Memory let go
   * while any hold is open is left to the garbage collector instead of being reused.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
    };
  }

  get oldestTick(): number | undefined {
    return this.segments[0]?.firstTick;
  }

  /** Room for a record of `size` bytes at the end of the log. */
  reserve(size: number, tick: number): LogSlot {
    let tail = this.segments[this.segments.length - 1];
    if (tail === undefined || tail.used + size > tail.buf.length) {
      if (tail !== undefined) this.seal(tail);
      // A large record gets a segment of its own, exactly its size: packed with others it would
      // leave room a seal must copy the segment to give back (64 KiB records: a 192 KiB copy
      // every third message).
      const large = size > this.segmentCap() / 4;
      const cap = large ? size : Math.max(size, Math.min(this.nextSegment, this.segmentCap()));
      this.nextSegment = Math.min(this.nextSegment * 2, Math.max(FIRST_SEGMENT, this.segmentCap()));
      const buf = this.spareFor(cap) ?? Buffer.allocUnsafeSlow(cap);
      tail = { buf, start: this.end, used: 0, firstTick: tick };
      this.segments.push(tail);
      this.account(buf.length + BUFFER_OVERHEAD);
    }
    const at = tail.used;
    tail.used += size;
    const offset = this.end;
    this.end += size;
    return { buf: tail.buf, at, offset };
  }

  /** The record's bytes: a view into memory, or a fresh buffer read from the file. */
  read(offset: number, length: number): Buffer {
    if (offset < this.spilled) return this.file.readAt(offset, length);
    const segment = this.segments[this.segmentOf(offset)];
    const at = offset - segment.start;
    return segment.buf.subarray(at, at + length);
  }

  /**
   * Writes the oldest segment to the file and lets it go; returns the bytes freed (0 when nothing
   * is in memory). If the write fails, nothing changes and the error propagates.
   */
  spillOldest(): number {
    const segment = this.segments[0];
    if (segment === undefined) return 0;
    this.file.append(segment.buf.subarray(0, segment.used), segment.start);
    this.segments.shift();
    this.spilled = segment.start + segment.used;
    const freed = segment.buf.length + BUFFER_OVERHEAD;
    this.account(-freed);
    this.letGo(segment.buf);
    return freed;
  }

  /** Drops everything, deletes the file, and starts again at offset 0 in `file`. */
  reset(file: SpillFile): void {
    this.segments.length = 0;
    this.spares.length = 0;
    this.spareBytes = 0;
    this.account(-this.ring);
    this.file.delete();
    this.file = file;
    this.spilled = 0;
    this.end = 0;
    this.nextSegment = FIRST_SEGMENT;
  }

  get spillFile(): SpillFile {
    return this.file;
  }

  private seal(segment: Segment): void {
    const slack = segment.buf.length - segment.used;
    if (slack > segment.buf.length / 8) {
      const exact = Buffer.allocUnsafeSlow(segment.used);
      segment.buf.copy(exact, 0, 0, segment.used);
      this.letGo(segment.buf);
      segment.buf = exact;
      this.account(-slack);
    }
  }

  /** Keeps memory nobody reads any more for reuse, unless a hold is open; the oldest spare goes first. */
  private letGo(buf: Buffer): void {
    if (this.holds > 0) return;
    // A spare no segment fits any more (the traffic's size changed) ages out this way.
    if (this.spares.length >= SPARE_SEGMENTS) this.spareBytes -= this.spares.shift()!.length;
    this.spares.push(buf);
    this.spareBytes += buf.length;
  }

  /** A spare of at least `size` bytes and at most an eighth more (what a seal would trim), or undefined. */
  private spareFor(size: number): Buffer | undefined {
    // A spare let go before a hold opened may be written again even while it is open: no view of
    // it was taken since (memory records are read from segments, never from spares).
    for (let i = 0; i < this.spares.length; i++) {
      const spare = this.spares[i];
      if (spare.length < size || spare.length - size > spare.length / 8) continue;
      this.spares.splice(i, 1);
      this.spareBytes -= spare.length;
      return spare;
    }
    return undefined;
  }

  private account(delta: number): void {
    this.ring += delta;
    this.charge(delta);
  }

  private segmentOf(offset: number): number {
    const segments = this.segments;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (segments[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
