/** Messages per second over a sliding window of one-second buckets, for the subscription sparkline. */
export class RateMeter {
  private readonly buckets: number[];
  private current = 0;
  private bucketStart: number;

  constructor(
    private readonly seconds = 5,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new Array(seconds).fill(0);
    this.bucketStart = Math.floor(now() / 1000);
  }

  /** `at`: when, if the caller already knows (a clock read per message adds up at 10k a second). */
  add(count = 1, at = this.now()): void {
    this.roll(at);
    this.buckets[this.current] += count;
  }

  /** Average over the full seconds of the window. */
  rate(): number {
    this.roll(this.now());
    let sum = 0;
    for (let i = 0; i < this.seconds; i++) if (i !== this.current) sum += this.buckets[i];
    return sum / (this.seconds - 1);
  }

  private roll(at: number): void {
    const second = Math.floor(at / 1000);
    const steps = Math.min(this.seconds, second - this.bucketStart);
    for (let i = 0; i < steps; i++) {
      this.current = (this.current + 1) % this.seconds;
      this.buckets[this.current] = 0;
    }
    if (steps > 0) this.bucketStart = second;
  }
}
