/**
 * One send-like action (a send of N copies, a replay, a raw frame), told as it really went: how
 * many were written, how many the broker confirmed with a RECEIPT, how many it refused, and the
 * broker's ERROR next to the action that caused it. Never "sent" before the broker said so:
 * without a receipt the outcome is "not confirmed", and only after a grace period with no ERROR.
 *
 * Copies go out back to back; their receipts are awaited apart (not one round trip per copy),
 * which also lets a transaction's sends go out while the broker holds their receipts until
 * COMMIT. Progress is reported while it runs, and it can be cancelled between two copies.
 */
import type { SendOutcome } from '../../../src-core/api';
import type { BrokerError } from '../../../src-core/client/client-errors';
import type { ReceiptResult } from '../../../src-core/client/receipt-tracker';
import type { LiveConnection } from './live-connection';
import { receiptEnd } from './live-connection';
import type { OpenReceipt } from './receipt-log';

/** How long after the last write (or after an unattributed ERROR) the job waits for an ERROR or the rest of its receipts. */
export const ERROR_GRACE_MS = 1_000;
/** With more copies than this, every RECEIPT_EVERY-th copy (and the last) asks for a receipt: the broker answers in order. */
const RECEIPT_EACH_UP_TO = 100;
const RECEIPT_EVERY = 100;
const PROGRESS_EVERY_MS = 200;
/**
 * The loop hands the event loop back this often: writes of one turn are joined into one buffer, so
 * without it a bulk send would sit in memory until the last copy, and neither receipts, progress
 * events nor a Cancel could be heard meanwhile.
 */
const YIELD_EVERY_MS = 10;
/** With receipts, at most this many copies are written and not yet confirmed: the broker sets the pace. */
const MAX_UNCONFIRMED = 5_000;

export interface SendWork {
  /** What the tracker and the outcome call it, e.g. "SEND to /queue/a". */
  readonly purpose: string;
  readonly copies: number;
  readonly receipt: boolean;
  readonly transactionId?: string;
  /** Writes copy `index`; `receiptId` goes in its `receipt` header when given. */
  write(index: number, receiptId: string | undefined): { written: Promise<void>; receipt: Promise<ReceiptResult> | undefined };
}

export type SendProgress = Pick<SendOutcome, 'total' | 'sent' | 'confirmed' | 'failed' | 'elapsedMs'>;

export class SendJob {
  private sent = 0;
  private confirmed = 0;
  private failed = 0;
  private cancelled = false;
  private brokerError: { message: string; body: string } | undefined;
  private stopReason: string | undefined;
  private readonly latencies: number[] = [];
  private readonly receiptIds: string[] = [];
  private readonly waiting = new Set<Promise<void>>();
  /** Receipt rows not settled yet, by id. */
  private readonly unanswered = new Map<string, OpenReceipt>();
  /** Resolves when an unattributed ERROR's grace period ends: the receipts still missing then are the ERROR's. */
  private readonly errorDeadline = deferred();
  private errorSeen = false;
  private readonly startedAt = Date.now();
  private lastProgress = 0;
  private lastYield = Date.now();

  constructor(
    private readonly connection: LiveConnection,
    private readonly work: SendWork,
    private readonly progress: (p: SendProgress) => void,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }

  async run(): Promise<SendOutcome> {
    const stopWatching = this.connection.watchErrors((error) => this.onBrokerError(error));
    const tx = this.work.transactionId === undefined ? undefined : this.connection.transactions.get(this.work.transactionId);
    try {
      for (let i = 0; i < this.work.copies; i++) {
        if (this.cancelled || this.brokerError) break;
        if (this.connection.client.state !== 'connected') {
          this.stopReason = `the connection is ${this.connection.client.state}`;
          break;
        }
        const row = this.work.receipt && asksReceipt(i, this.work.copies) ? this.connection.receiptLog.open(this.describe(i)) : undefined;
        let ticket;
        try {
          ticket = this.work.write(i, row?.id);
        } catch (error) {
          row?.settle('failed', { error: (error as Error).message });
          this.stopReason = (error as Error).message;
          break;
        }
        if (row && ticket.receipt) this.follow(row, ticket.receipt, i, tx?.pendingReceipts);
        try {
          await ticket.written;
        } catch (error) {
          this.stopReason = (error as Error).message;
          break;
        }
        // Counted once written: a transaction's Sends column says what is on the wire.
        this.sent++;
        if (tx) tx.sends++;
        this.reportProgress(false);
        await this.pace(tx === undefined);
      }
      if (tx) {
        // RabbitMQ holds a transaction's receipts until COMMIT: they settle then (or as aborted).
        return this.outcome('pending-commit');
      }
      await this.settle();
      return this.outcome(undefined);
    } catch (error) {
      this.stopReason = (error as Error).message;
      return this.outcome(undefined);
    } finally {
      stopWatching();
      this.reportProgress(true);
    }
  }

  /** Lets I/O run now and then, and (outside a transaction) waits while too many copies are unconfirmed. */
  private async pace(confirmable: boolean): Promise<void> {
    if (confirmable && this.work.receipt) {
      while (this.sent - this.confirmed - this.failed > MAX_UNCONFIRMED && this.waiting.size && !this.cancelled && !this.brokerError) {
        await Promise.race([...this.waiting]);
      }
    }
    if (Date.now() - this.lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.lastYield = Date.now();
    }
  }

  /** Waits for every receipt asked for; without receipts, for an ERROR within the grace period. */
  private async settle(): Promise<void> {
    if (!this.work.receipt) {
      if (!this.brokerError && this.sent > 0) await sleep(ERROR_GRACE_MS);
      return;
    }
    // An ERROR may still come while the receipts are awaited: whichever ends first.
    await Promise.race([Promise.allSettled([...this.waiting]), this.errorDeadline.promise]);
    // Receipts still missing after an unattributed ERROR's grace period will not come (the
    // broker refused their frames): settle them with its words and stop the client waiting.
    for (const [id, row] of this.unanswered) {
      row.settle('failed', { error: `the broker answered ERROR: ${this.brokerError?.message ?? 'unknown'}` });
      this.connection.client.abandonReceipt(id, 'the broker answered ERROR without naming it');
    }
  }

  private follow(row: OpenReceipt, receipt: Promise<ReceiptResult>, index: number, pending: Map<string, OpenReceipt> | undefined): void {
    this.receiptIds.push(row.id);
    pending?.set(row.id, row);
    this.unanswered.set(row.id, row);
    const covers = coveredBy(index, this.work.copies);
    const done = receipt.then(
      (result) => {
        row.settle('received', { latencyMs: result.latencyMs });
        this.latencies.push(result.latencyMs);
        this.confirmed += covers;
      },
      (error: Error) => {
        row.settle(error.name === 'ReceiptAbandonedError' ? 'aborted' : receiptEnd(error), { error: error.message });
        this.failed += 1;
      },
    );
    const tracked = done.finally(() => {
      pending?.delete(row.id);
      this.unanswered.delete(row.id);
      this.waiting.delete(tracked);
      this.reportProgress(false);
    });
    this.waiting.add(tracked);
  }

  /**
   * An ERROR while this job runs. One that names a receipt fails that receipt (the client does it);
   * one that names none (RabbitMQ's refusal of a forbidden header carries no receipt-id, and the
   * refused frame's RECEIPT never comes) belongs to the frames still unanswered: after a short
   * grace, for RECEIPTs already on their way, whatever is still missing is the ERROR's doing.
   */
  private onBrokerError(error: BrokerError): void {
    if (this.sent === 0) return;
    this.brokerError ??= { message: error.info.message ?? error.message, body: error.info.body };
    if (error.info.receiptId === undefined && !this.errorSeen) {
      this.errorSeen = true;
      void sleep(ERROR_GRACE_MS).then(this.errorDeadline.resolve);
    }
  }

  private outcome(forced: SendOutcome['state'] | undefined): SendOutcome {
    const unanswered = this.work.receipt ? Math.max(0, this.sent - this.confirmed - this.failed) : 0;
    // Receipts still missing after an ERROR (and its grace period) are the ERROR's.
    const failed = this.brokerError ? this.failed + unanswered : this.failed;
    const state: SendOutcome['state'] =
      forced ??
      (this.brokerError || failed > 0
        ? this.confirmed > 0
          ? 'partial'
          : 'failed'
        : this.cancelled
          ? 'cancelled'
          : this.stopReason && this.sent < this.work.copies
            ? this.sent === 0
              ? 'failed'
              : 'partial'
            : this.work.receipt
              ? this.confirmed === this.sent
                ? 'confirmed'
                : 'partial'
              : 'unconfirmed');
    const outcome: SendOutcome = {
      state,
      total: this.work.copies,
      sent: this.sent,
      confirmed: this.confirmed,
      failed,
      cancelled: this.cancelled,
      receiptIds: this.receiptIds.slice(0, 1000),
      receiptLatenciesMs: this.latencies.slice(0, 1000),
      elapsedMs: Date.now() - this.startedAt,
    };
    if (this.brokerError) outcome.brokerError = this.brokerError;
    if (this.stopReason) outcome.stoppedBecause = this.stopReason;
    return outcome;
  }

  private reportProgress(final: boolean): void {
    const now = Date.now();
    if (!final && now - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = now;
    this.progress({ total: this.work.copies, sent: this.sent, confirmed: this.confirmed, failed: this.failed, elapsedMs: now - this.startedAt });
  }

  private describe(index: number): string {
    const { copies, purpose } = this.work;
    if (copies === 1) return purpose;
    const covers = coveredBy(index, copies);
    return covers === 1 ? `${purpose} (copy ${index + 1} of ${copies})` : `${purpose} (copies ${index + 2 - covers}–${index + 1} of ${copies})`;
  }
}

function asksReceipt(index: number, copies: number): boolean {
  return copies <= RECEIPT_EACH_UP_TO || (index + 1) % RECEIPT_EVERY === 0 || index === copies - 1;
}

/** How many copies a RECEIPT for copy `index` confirms: itself and those since the previous receipt. */
function coveredBy(index: number, copies: number): number {
  if (copies <= RECEIPT_EACH_UP_TO) return 1;
  const previous = Math.floor(index / RECEIPT_EVERY) * RECEIPT_EVERY - 1;
  return index - previous;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
