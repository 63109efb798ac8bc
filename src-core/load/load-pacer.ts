/**
 * The schedule of a load run, apart from any client: message k is due at start + k / rate; each
 * tick sends what is due and sleeps (a Node timer, ~1 ms grain) until the next. How late each send
 * leaves against its schedule is recorded: the generator's own pacing error. Sends are not awaited
 * one by one (that would pace by round trip, not by rate), but unsettled ones are capped: past
 * `maxInFlight` the pacer waits for `wakeUp()`, and the lateness shows it. The benchmark drives
 * other clients with this same pacer.
 */
import { LatencyHistogram } from './latency-histogram';

export interface PacerOptions {
  /** Messages per second; 0 = as fast as possible. */
  readonly rate: number;
  readonly durationMs: number;
  readonly maxInFlight: number;
}

/** Sends per tick at most, so receipts and consumers get turns of the event loop. */
const TICK_BUDGET = 2048;

export class LoadPacer {
  /** Lateness of every send, and of the current interval's (reset by whoever samples it). */
  readonly late = new LatencyHistogram();
  readonly intervalLate = new LatencyHistogram();
  sent = 0;
  /** Messages due by the end that were never sent. */
  notSent = 0;
  publishMs = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly options: PacerOptions,
    /** Sends message k; may throw to end the run. */
    private readonly send: (k: number) => void,
    private readonly inFlight: () => number,
  ) {}

  stop(): void {
    this.stopped = true;
    this.wakeUp();
  }

  /** A send settled: if the pacer waits for room, it goes on. */
  wakeUp(): void {
    const wake = this.wake;
    if (!wake) return;
    this.wake = undefined;
    setImmediate(wake);
  }

  /** Sends until the duration is over, the rate's count is reached, or stop(). */
  run(): Promise<void> {
    const { rate, durationMs, maxInFlight } = this.options;
    const total = rate > 0 ? Math.max(1, Math.round((rate * durationMs) / 1000)) : Number.POSITIVE_INFINITY;
    const interval = rate > 0 ? 1000 / rate : 0;
    const start = performance.now();
    // At a fixed rate every message due before the end is sent, late if need be, but only for so
    // long: a generator that cannot keep up stops after a grace period and says what it did not send.
    const end = start + durationMs;
    const stopBy = rate > 0 ? end + Math.max(1000, durationMs / 10) : end;
    return new Promise<void>((resolve, reject) => {
      const finish = () => {
        this.publishMs = performance.now() - start;
        if (rate > 0 && this.sent < total) this.notSent = total - this.sent;
        resolve();
      };
      const tick = () => {
        this.wake = undefined;
        try {
          if (this.stopped || performance.now() >= stopBy || this.sent >= total) return finish();
          let budget = TICK_BUDGET;
          while (this.sent < total && budget-- > 0 && this.inFlight() < maxInFlight) {
            const now = performance.now();
            if (now >= stopBy) break;
            if (rate > 0) {
              const due = start + this.sent * interval;
              if (due > now) break;
              this.late.record(now - due);
              this.intervalLate.record(now - due);
            }
            this.send(this.sent++);
          }
          if (this.stopped || this.sent >= total || performance.now() >= stopBy) return finish();
          if (this.inFlight() >= maxInFlight) {
            this.wake = tick;
            return;
          }
          // The next send is due in `wait` ms: a timer (1 ms at least, Node's grain) rather than
          // spinning through the event loop; only a pacer already behind goes on at once.
          const wait = rate > 0 ? start + this.sent * interval - performance.now() : 0;
          if (wait > 0) setTimeout(tick, Math.max(1, Math.floor(wait)));
          else setImmediate(tick);
        } catch (error) {
          this.stopped = true;
          this.publishMs = performance.now() - start;
          reject(error);
        }
      };
      tick();
    });
  }
}
