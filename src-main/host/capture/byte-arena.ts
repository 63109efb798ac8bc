/**
 * Append-only storage for the index's small strings (message-ids, previews) as UTF-8 in a few big
 * chunks: one JS string per message would cost a header each and keep garbage for the collector.
 * Chunks start small, so an idle capture costs little, and double up to a cap; nothing is copied
 * when a chunk fills, a new one starts.
 */

const FIRST_CHUNK = 1024;
const MAX_CHUNK = 64 * 1024;
/** What a Buffer costs beyond its bytes (object, ArrayBuffer, backing-store record), roughly. */
export const BUFFER_OVERHEAD = 256;

export interface ArenaSlot {
  readonly buf: Buffer;
  readonly at: number;
  /** The slot's address: chunk start (as if chunks were laid end to end) plus `at`. */
  readonly address: number;
}

export class ByteArena {
  private readonly chunks: Buffer[] = [];
  private readonly starts: number[] = [];
  private used = 0;
  private nextChunk = FIRST_CHUNK;
  private allocated = 0;

  get memoryBytes(): number {
    return this.allocated;
  }

  reserve(size: number): ArenaSlot {
    let tail = this.chunks[this.chunks.length - 1];
    if (tail === undefined || this.used + size > tail.length) {
      const start = tail === undefined ? 0 : this.starts[this.starts.length - 1] + tail.length;
      tail = Buffer.allocUnsafeSlow(Math.max(size, this.nextChunk));
      this.nextChunk = Math.min(MAX_CHUNK, this.nextChunk * 2);
      this.chunks.push(tail);
      this.starts.push(start);
      this.allocated += tail.length + BUFFER_OVERHEAD;
      this.used = 0;
    }
    const at = this.used;
    this.used += size;
    return { buf: tail, at, address: this.starts[this.starts.length - 1] + at };
  }

  text(address: number, length: number): string {
    if (length === 0) return '';
    const i = this.chunkOf(address);
    const at = address - this.starts[i];
    return this.chunks[i].toString('utf8', at, at + length);
  }

  clear(): void {
    this.chunks.length = 0;
    this.starts.length = 0;
    this.used = 0;
    this.nextChunk = FIRST_CHUNK;
    this.allocated = 0;
  }

  private chunkOf(address: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= address) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
