/**
 * Keeps the bytes of frames exactly as they arrived, for byte-for-byte replay and the hex view.
 * The parser reports each frame's stream offset and size; this keeps just enough of the recent
 * chunks to cut those bytes out, and lets go of everything before the last complete frame.
 */

export class RawFrameRecorder {
  private chunks: Uint8Array[] = [];
  /** Stream offset of chunks[0]'s first byte. */
  private start = 0;
  private end = 0;

  /** The stream offset from which this recorder holds views of the chunks pushed to it. */
  get heldFrom(): number {
    return this.start;
  }

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.end += chunk.length;
  }

  /** A copy of the stream's bytes [offset, offset + size). */
  extract(offset: number, size: number): Uint8Array {
    if (offset < this.start || offset + size > this.end) throw new RangeError(`bytes ${offset}..${offset + size} are not recorded (have ${this.start}..${this.end})`);
    const out = new Uint8Array(size);
    let at = this.start;
    let written = 0;
    for (const chunk of this.chunks) {
      const chunkEnd = at + chunk.length;
      if (chunkEnd > offset && at < offset + size) {
        const from = Math.max(0, offset - at);
        const to = Math.min(chunk.length, offset + size - at);
        out.set(chunk.subarray(from, to), written);
        written += to - from;
      }
      at = chunkEnd;
      if (at >= offset + size) break;
    }
    return out;
  }

  /** Forgets whole chunks that end at or before `offset` (the end of the last complete frame). */
  release(offset: number): void {
    let drop = 0;
    let at = this.start;
    while (drop < this.chunks.length && at + this.chunks[drop].length <= offset) at += this.chunks[drop++].length;
    if (drop) {
      this.chunks = this.chunks.slice(drop);
      this.start = at;
    }
  }
}
