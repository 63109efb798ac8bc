/** A transaction's handle: its sends and acks carry its id until commit or abort. */
import type { ReceiptResult } from './receipt-tracker';
import type { StompMessage } from './stomp-message';

/** The part of the client a transaction needs. */
export interface TransactionHost {
  send(destination: string, body?: Uint8Array | string, options?: { headers?: Readonly<Record<string, string>> | readonly (readonly [string, string])[]; receipt?: boolean | string; transaction?: string }): Promise<ReceiptResult | undefined>;
  ack(message: StompMessage, options?: { transaction?: string; receipt?: boolean | string }): Promise<ReceiptResult | 'stale' | undefined>;
  nack(message: StompMessage, options?: { transaction?: string; receipt?: boolean | string }): Promise<ReceiptResult | 'stale' | undefined>;
}

export class ClientTransaction {
  private finished: 'committed' | 'aborted' | null = null;

  constructor(
    readonly id: string,
    private readonly host: TransactionHost,
    private readonly end: {
      commit: (receipt: boolean | string) => Promise<ReceiptResult | undefined>;
      abort: (receipt: boolean | string) => Promise<ReceiptResult | undefined>;
    },
  ) {}

  send(destination: string, body?: Uint8Array | string, options: { headers?: Readonly<Record<string, string>> | readonly (readonly [string, string])[]; receipt?: boolean | string } = {}) {
    this.check('send');
    return this.host.send(destination, body, { ...options, transaction: this.id });
  }

  ack(message: StompMessage, options: { receipt?: boolean | string } = {}) {
    this.check('ack');
    return this.host.ack(message, { ...options, transaction: this.id });
  }

  nack(message: StompMessage, options: { receipt?: boolean | string } = {}) {
    this.check('nack');
    return this.host.nack(message, { ...options, transaction: this.id });
  }

  /** Commits; with the default receipt, resolves once the broker has applied it. */
  commit(options: { receipt?: boolean | string } = {}): Promise<ReceiptResult | undefined> {
    this.check('commit');
    this.finished = 'committed';
    return this.end.commit(options.receipt ?? true);
  }

  abort(options: { receipt?: boolean | string } = {}): Promise<ReceiptResult | undefined> {
    this.check('abort');
    this.finished = 'aborted';
    return this.end.abort(options.receipt ?? true);
  }

  private check(what: string): void {
    if (this.finished) throw new Error(`cannot ${what} in transaction ${this.id}: it was already ${this.finished}`);
  }
}
