/**
 * The bytes of one direction that are still needed, as the views they arrived in, addressed by
 * stream offset: what waits to be forwarded (a frame being checked against the hold rules, or
 * held), and the head of an unfinished frame that the wire lint may still look at. Nothing is
 * copied in or out unless a range is asked for as one array.
 */

interface Piece {
  readonly start: number;
  readonly bytes: Uint8Array;
}

export class ByteQueue {
  private pieces: Piece[] = [];
  /** Index of the first live piece (pieces before it are dropped in bulk, not shifted one by one). */
  private first = 0;
  private endOffset = 0;

  /** Stream offset of the first byte kept. */
  get start(): number {
    return this.first < this.pieces.length ? this.pieces[this.first].start : this.endOffset;
  }

  /** Stream offset just past the last byte kept. */
  get end(): number {
    return this.endOffset;
  }

  get size(): number {
    return this.endOffset - this.start;
  }

  /** Appends bytes that start at stream offset `start` (right after the previous ones). */
  push(bytes: Uint8Array, start: number): void {
    if (bytes.length === 0) return;
    if (this.first < this.pieces.length && start !== this.endOffset) throw new RangeError(`byte queue: bytes at ${start} do not follow ${this.endOffset}`);
    this.pieces.push({ start, bytes });
    this.endOffset = start + bytes.length;
  }

  /** The bytes in [from, to) as views, in order (from and to must lie within what is kept). */
  views(from: number, to: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    if (to <= from) return out;
    for (let i = this.first; i < this.pieces.length; i++) {
      const { start, bytes } = this.pieces[i];
      const end = start + bytes.length;
      if (end <= from) continue;
      if (start >= to) break;
      out.push(bytes.subarray(Math.max(from, start) - start, Math.min(to, end) - start));
    }
    return out;
  }

  /** The bytes in [from, to) as one array (a view when they lie in one piece, else a copy). */
  range(from: number, to: number): Uint8Array {
    const views = this.views(from, to);
    if (views.length === 1) return views[0];
    const out = new Uint8Array(Math.max(0, to - from));
    let at = 0;
    for (const view of views) {
      out.set(view, at);
      at += view.length;
    }
    return out;
  }

  /** Forgets every byte before stream offset `offset`. */
  dropBefore(offset: number): void {
    const { pieces } = this;
    while (this.first < pieces.length) {
      const piece = pieces[this.first];
      if (piece.start + piece.bytes.length > offset) break;
      this.first++;
    }
    if (this.first === pieces.length) {
      this.pieces = [];
      this.first = 0;
    } else if (this.first > 64 && this.first * 2 > pieces.length) {
      this.pieces = pieces.slice(this.first);
      this.first = 0;
    }
  }
}
