/**
 * Sends receipts in order, each after the `delayReceiptsMs` fault switch's delay (0 = at once).
 * A delay changed at run time never lets a later receipt overtake an earlier one: each is due no
 * sooner than the one before it.
 */

interface Pending {
  readonly due: number;
  readonly run: () => void;
}

export class ReceiptScheduler {
  private readonly delay: () => number;
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(delay: () => number) {
    this.delay = delay;
  }

  /** Runs `run` (which writes a RECEIPT) after the current delay, behind any pending receipt. */
  schedule(run: () => void): void {
    this.enqueue(Date.now() + this.delay(), run);
  }

  /** Runs `run` as soon as every receipt scheduled before it has gone (at once if none waits). */
  afterPending(run: () => void): void {
    this.enqueue(Date.now(), run);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private enqueue(at: number, run: () => void): void {
    const last = this.pending[this.pending.length - 1];
    const due = last ? Math.max(at, last.due) : at;
    if (!last && due <= Date.now()) {
      run();
      return;
    }
    this.pending.push({ due, run });
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(this.fire, Math.max(0, this.pending[0].due - Date.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = Date.now();
    while (this.pending.length > 0 && this.pending[0].due <= now) this.pending.shift()!.run();
    this.arm();
  };
}
