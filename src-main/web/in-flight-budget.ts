/**
 * How many bytes of requests the web server holds at once: every request received and not yet
 * answered counts with its size. Without a bound, a few concurrent requests near the size limit
 * (six of 150 MB took the host from 639 MB to 1.8 GB) can exhaust memory; past it, a request is
 * answered `busy` at once instead of being parsed.
 */
export class InFlightBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes <= 0) throw new RangeError(`the in-flight limit must be a positive number of bytes, not ${limitBytes}`);
  }

  get usedBytes(): number {
    return this.used;
  }

  /** Counts `bytes` in if they fit under the limit; false (nothing counted) if they do not. */
  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}
