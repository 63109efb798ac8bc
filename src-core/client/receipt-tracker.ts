/** Receipts as promises: each resolves on its RECEIPT, rejects on timeout, ERROR or a lost connection. */

export interface ReceiptResult {
  readonly receiptId: string;
  /** Milliseconds from the frame's write to its RECEIPT. */
  readonly latencyMs: number;
}

export class ReceiptTimeoutError extends Error {
  constructor(
    readonly receiptId: string,
    readonly timeoutMs: number,
    readonly purpose: string,
  ) {
    super(`no RECEIPT for ${purpose} (receipt ${receiptId}) within ${timeoutMs} ms`);
    this.name = 'ReceiptTimeoutError';
  }
}

interface Pending {
  readonly purpose: string;
  readonly startedAt: number;
  readonly resolve: (result: ReceiptResult) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
}

/** A receipt the caller stopped waiting for (`StompClient.abandonReceipt`). */
export class ReceiptAbandonedError extends Error {
  constructor(
    readonly receiptId: string,
    readonly reason: string,
  ) {
    super(`stopped waiting for receipt ${receiptId}: ${reason}`);
    this.name = 'ReceiptAbandonedError';
  }
}

export class ReceiptTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  get size(): number {
    return this.pending.size;
  }

  expect(receiptId: string, timeoutMs: number, purpose: string): Promise<ReceiptResult> {
    return new Promise<ReceiptResult>((resolve, reject) => {
      const timer =
        timeoutMs > 0 && Number.isFinite(timeoutMs)
          ? setTimeout(() => {
              this.pending.delete(receiptId);
              reject(new ReceiptTimeoutError(receiptId, timeoutMs, purpose));
            }, timeoutMs)
          : undefined;
      this.pending.set(receiptId, { purpose, startedAt: this.now(), resolve, reject, timer });
    });
  }

  /** Returns false for a receipt nobody waits for (late after a timeout, or unknown). */
  receive(receiptId: string): boolean {
    const entry = this.pending.get(receiptId);
    if (!entry) return false;
    this.pending.delete(receiptId);
    clearTimeout(entry.timer);
    entry.resolve({ receiptId, latencyMs: this.now() - entry.startedAt });
    return true;
  }

  fail(receiptId: string, error: Error): boolean {
    const entry = this.pending.get(receiptId);
    if (!entry) return false;
    this.pending.delete(receiptId);
    clearTimeout(entry.timer);
    entry.reject(error);
    return true;
  }

  failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }
}
