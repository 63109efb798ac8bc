/**
 * The receipt tracker of one connection: every frame sent with a `receipt` header, under the very
 * id it carries on the wire, and what became of it (received with its latency, failed with the
 * broker's words, timed out, or aborted with its transaction).
 */
import type { ReceiptView } from '../../../src-core/api';
import { BoundedLog } from './bounded-log';

const CAPACITY = 2_000;

export type ReceiptEnd = Exclude<ReceiptView['state'], 'pending'>;

export interface OpenReceipt {
  /** The id to put in the frame's `receipt` header. */
  readonly id: string;
  settle(state: ReceiptEnd, patch?: { latencyMs?: number; error?: string }): void;
}

export class ReceiptLog {
  private readonly log = new BoundedLog<ReceiptView>(CAPACITY);
  private next = 0;

  constructor(
    /** Distinct from the ids the client's own session makes (`rcpt-N`), so the two never collide. */
    private readonly prefix: string,
    private readonly changed: () => void,
  ) {}

  /** A row in `pending`, under a fresh id, until `settle` says how it ended (only the first call counts). */
  open(purpose: string): OpenReceipt {
    const id = `${this.prefix}${this.next++}`;
    const sentAt = Date.now();
    const seq = this.log.append({ id, purpose, state: 'pending', sentAt });
    this.changed();
    let open = true;
    return {
      id,
      settle: (state, patch = {}) => {
        if (!open) return;
        open = false;
        const row = this.log.page(seq, 1)[0];
        if (row) Object.assign(row.entry, { state, latencyMs: patch.latencyMs ?? (state === 'received' ? Date.now() - sentAt : undefined) }, patch.error === undefined ? {} : { error: patch.error });
        this.changed();
      },
    };
  }

  list(): ReceiptView[] {
    return this.log.tail(CAPACITY).map(({ entry }) => ({ ...entry }));
  }
}
