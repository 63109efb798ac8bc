/**
 * Receipt latencies in logarithmic buckets (8 a doubling, so a percentile is within about 4.5 % of
 * the true value) from 10 µs to beyond 10 minutes: a fixed array of counts, so recording a
 * latency allocates nothing and any number of them costs the same memory.
 */
import type { LatencySummary } from '../../../src-core/api/schemas/stats';

const PER_DOUBLING = 8;
const MIN_MS = 0.01;
/** 26 doublings above 10 µs: 671 s; anything slower lands in the last bucket (max stays exact). */
const BUCKETS = 26 * PER_DOUBLING;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  record(ms: number): void {
    if (!(ms >= 0)) return;
    this.counts[bucketOf(ms)]++;
    this.total++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  get count(): number {
    return this.total;
  }

  /** The latency under which `q` (0..1) of the recorded ones fall: its bucket's middle, never above the max. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.maxMs, middleOf(i));
    }
    return this.maxMs;
  }

  summary(): LatencySummary {
    return { count: this.total, p50: this.quantile(0.5), p90: this.quantile(0.9), p99: this.quantile(0.99), max: this.maxMs };
  }

  clear(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxMs = 0;
  }
}

function bucketOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, Math.floor(Math.log2(ms / MIN_MS) * PER_DOUBLING));
}

/** The geometric middle of a bucket's range; bucket 0 holds everything up to 10 µs. */
function middleOf(bucket: number): number {
  if (bucket === 0) return MIN_MS;
  return MIN_MS * 2 ** ((bucket + 0.5) / PER_DOUBLING);
}
