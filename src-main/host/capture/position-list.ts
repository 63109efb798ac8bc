/** A growing list of message positions (a filter's matches), four bytes each. */
export class PositionList {
  private items = new Uint32Array(256);
  private size = 0;

  get length(): number {
    return this.size;
  }

  get memoryBytes(): number {
    return this.items.byteLength;
  }

  push(position: number): void {
    if (this.size === this.items.length) {
      const next = new Uint32Array(this.items.length * 2);
      next.set(this.items);
      this.items = next;
    }
    this.items[this.size++] = position;
  }

  at(i: number): number {
    return this.items[i];
  }
}
