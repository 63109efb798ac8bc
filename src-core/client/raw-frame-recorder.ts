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

  /**
   * The stream's bytes [offset, offset + size): a view of the chunk when one chunk holds them all
   * (the common case), else a copy. A view lives exactly as long as the frame's body, itself a view
   * of the same read memory: that memory is never read into again while bodies are owned, and with
   * borrowed bodies the raw is borrowed alike. A copy per frame was a fresh buffer per message for
   * the collector (issue 15: the app's host at 10k msg/s).
   */
  extract(offset: number, size: number): Uint8Array {
    if (offset < this.start || offset + size > this.end) throw new RangeError(`bytes ${offset}..${offset + size} are not recorded (have ${this.start}..${this.end})`);
    let at = this.start;
    for (const chunk of this.chunks) {
      if (at > offset) break;
      // A plain Uint8Array whatever the chunk's type (a Buffer's subarray is a Buffer), as a copy is.
      if (offset + size <= at + chunk.length) return new Uint8Array(chunk.buffer, chunk.byteOffset + offset - at, size);
      at += chunk.length;
    }
    const out = new Uint8Array(size);
    at = this.start;
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
