/**
 * Receipts the session is waiting for, each with what its frame was about, so a RECEIPT (or an
 * ERROR carrying `receipt-id`) can be matched to the command it answers.
 */
import type { ClientCommand } from '../spec';
import type { IdSource } from './id-source';
import type { PendingReceipt, ReceiptRequest } from './session-types';

export type ReceiptFacts = Omit<PendingReceipt, 'id' | 'command'>;

export class ReceiptBook {
  private readonly pending = new Map<string, PendingReceipt>();

  constructor(private readonly ids: IdSource) {}

  /** The id a request stands for: generated for `true`, as given for a string, none otherwise. */
  idFor(request: ReceiptRequest | undefined): string | undefined {
    if (request === true) return this.ids.next('receipt', (taken) => this.pending.has(taken));
    return typeof request === 'string' ? request : undefined;
  }

  waiting(id: string): PendingReceipt | undefined {
    return this.pending.get(id);
  }

  record(id: string, command: ClientCommand, facts: ReceiptFacts): void {
    const defined = Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
    this.pending.set(id, { id, command, ...defined });
  }

  /** Removes and returns the pending receipt with that id. */
  take(id: string): PendingReceipt | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    return pending;
  }

  list(): PendingReceipt[] {
    return [...this.pending.values()];
  }

  clear(): void {
    this.pending.clear();
  }
}
