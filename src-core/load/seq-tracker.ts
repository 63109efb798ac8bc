/**
 * Which sequence numbers arrived: one bit each, so a million messages cost 125 KB. Tells a
 * duplicate (its bit already set) from a first arrival, and counts what never came.
 */
export class SeqTracker {
  private bits = new Uint8Array(1024);
  distinct = 0;
  duplicated = 0;
  /** Sequence numbers outside what was ever sent (another run's, or garbage). */
  invalid = 0;

  /** True for a first arrival. */
  mark(seq: number, limit: number): boolean {
    if (!Number.isInteger(seq) || seq < 0 || seq >= limit) {
      this.invalid++;
      return false;
    }
    const byte = seq >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(byte + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (seq & 7);
    if (this.bits[byte] & mask) {
      this.duplicated++;
      return false;
    }
    this.bits[byte] |= mask;
    this.distinct++;
    return true;
  }
}
