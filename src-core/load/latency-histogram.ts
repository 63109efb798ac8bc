/**
 * Percentiles without keeping every sample: a log-linear histogram of microseconds (exact below
 * 128 µs, then 64 buckets per power of two: within 1.6 % of the true value) in constant memory
 * and constant time per record, like HdrHistogram's layout.
 */

const LINEAR = 128;
const PER_OCTAVE = 64;
const OCTAVES = 25;
const MAX_US = 2 ** 31 - 1;

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(LINEAR + OCTAVES * PER_OCTAVE);
  count = 0;
  private sumUs = 0;
  private maxUs = 0;

  /** Records one value in milliseconds (negative values, from clock skew between hosts, count as 0). */
  record(ms: number): void {
    const us = Math.min(MAX_US, Math.max(0, Math.round(ms * 1000)));
    this.counts[indexOf(us)]++;
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  /** Adds another histogram's counts (e.g. a second's into the run's). */
  add(other: LatencyHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += other.counts[i];
    this.count += other.count;
    this.sumUs += other.sumUs;
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }

  /** The value at or below which `fraction` of the records lie, in ms. */
  quantile(fraction: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(fraction * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(valueOf(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  percentiles(): Percentiles | null {
    if (this.count === 0) return null;
    return { p50: this.quantile(0.5), p95: this.quantile(0.95), p99: this.quantile(0.99), max: this.maxUs / 1000, mean: this.sumUs / this.count / 1000 };
  }
}

function indexOf(us: number): number {
  if (us < LINEAR) return us;
  const msb = 31 - Math.clz32(us);
  const shift = msb - 6;
  return LINEAR + (shift - 1) * PER_OCTAVE + ((us >>> shift) - PER_OCTAVE);
}

/** The upper edge of a bucket: a percentile never under-reports. */
function valueOf(index: number): number {
  if (index < LINEAR) return index;
  const offset = index - LINEAR;
  const shift = Math.floor(offset / PER_OCTAVE) + 1;
  const mantissa = (offset % PER_OCTAVE) + PER_OCTAVE;
  return (mantissa + 1) * 2 ** shift - 1;
}
