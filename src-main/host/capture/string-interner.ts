/**
 * Destinations and content types repeat from message to message: each distinct value is kept once
 * and the index stores its number (0 for "absent").
 */

export class StringInterner {
  private readonly ids = new Map<string, number>();
  private readonly values: (string | undefined)[] = [undefined];
  private bytes = 0;
  /** The two values asked for last (a row asks for its destination, then its content type). */
  private recentA: string | undefined;
  private recentAId = 0;
  private recentB: string | undefined;
  private recentBId = 0;

  /** Rough cost: the map entry plus the string itself, two bytes a character at worst. */
  get memoryBytes(): number {
    return this.bytes;
  }

  id(value: string | undefined): number {
    if (value === undefined) return 0;
    // A flood repeats the same values (one destination, one content type) in new strings each
    // time: comparing with the last two is cheaper than hashing them for the Map.
    if (value === this.recentA) return this.recentAId;
    if (value === this.recentB) return this.recentBId;
    let id = this.ids.get(value);
    if (id === undefined) {
      // A header value may be a slice of a larger string the parser made; a flat copy keeps
      // only these characters alive.
      const copy = Buffer.from(value, 'utf8').toString('utf8');
      const own = copy === value ? copy : value; // lone surrogates do not survive UTF-8: keep as is
      id = this.values.length;
      this.values.push(own);
      this.ids.set(own, id);
      this.bytes += 2 * own.length + 96;
    }
    this.recentB = this.recentA;
    this.recentBId = this.recentAId;
    this.recentA = this.values[id];
    this.recentAId = id;
    return id;
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  clear(): void {
    this.ids.clear();
    this.values.length = 1;
    this.bytes = 0;
    this.recentA = this.recentB = undefined;
  }
}
