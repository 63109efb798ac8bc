/**
 * Borrowed bodies: the received MESSAGEs still with their handlers, each known by the stream
 * offset its frame starts at. `heldFrom` is the lowest such offset, below which no handler can see
 * read memory any more. Leases open in arrival order and close in any order, since handlers run
 * side by side (client-individual) or one after another (client).
 */

/** Closed leases at the front are dropped from the arrays once this many have gone by. */
const COMPACT_AFTER = 1024;

export class BodyLeases {
  private offsets: number[] = [];
  private closed: boolean[] = [];
  /** Index of the oldest lease that may still be open; every one before it is closed. */
  private head = 0;
  /** The ticket of offsets[0]. */
  private first = 0;

  /** Holds the bytes of a frame that starts at stream offset `offset`; returns the ticket to close. */
  open(offset: number): number {
    this.offsets.push(offset);
    this.closed.push(false);
    return this.first + this.offsets.length - 1;
  }

  /** Lets go of a lease; closing one twice, or one already dropped, does nothing. */
  close(ticket: number): void {
    const i = ticket - this.first;
    if (i < this.head || i >= this.offsets.length || this.closed[i]) return;
    this.closed[i] = true;
    while (this.head < this.offsets.length && this.closed[this.head]) this.head++;
    if (this.head === this.offsets.length) this.clear();
    else if (this.head >= COMPACT_AFTER && this.head * 2 >= this.offsets.length) this.dropFront(this.head);
  }

  /** The lowest offset an open lease holds; Infinity when none is open. */
  get heldFrom(): number {
    return this.head < this.offsets.length ? this.offsets[this.head]! : Number.POSITIVE_INFINITY;
  }

  get openCount(): number {
    let open = 0;
    for (let i = this.head; i < this.closed.length; i++) if (!this.closed[i]) open++;
    return open;
  }

  /**
   * Every lease closed: the arrays emptied in place. The usual case (a handler returns before the
   * next frame is read) comes here once per message, where two fresh arrays each time were a
   * tenth of the host's own work per message.
   */
  private clear(): void {
    this.first += this.offsets.length;
    while (this.offsets.length > 0) {
      this.offsets.pop();
      this.closed.pop();
    }
    this.head = 0;
  }

  private dropFront(count: number): void {
    this.offsets = this.offsets.slice(count);
    this.closed = this.closed.slice(count);
    this.first += count;
    this.head = 0;
  }
}
