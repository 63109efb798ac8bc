/**
 * Destinations and content types repeat from message to message: each distinct value is kept once
 * and the index stores its number (0 for "absent").
 */

export class StringInterner {
  private readonly ids = new Map<string, number>();
  private readonly values: (string | undefined)[] = [undefined];
  private bytes = 0;

  /** Rough cost: the map entry plus the string itself, two bytes a character at worst. */
  get memoryBytes(): number {
    return this.bytes;
  }

  id(value: string | undefined): number {
    if (value === undefined) return 0;
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
    return id;
  }

  value(id: number): string | undefined {
    return this.values[id];
  }

  clear(): void {
    this.ids.clear();
    this.values.length = 1;
    this.bytes = 0;
  }
}
