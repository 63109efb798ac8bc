/**
 * Ids for subscriptions, receipts and transactions. Counters never reset, so an id is never reused
 * within a session, and a subscription replayed after a reconnect keeps the id it had: messages
 * the broker redelivers still name a subscription the session knows.
 */

export type IdKind = 'subscription' | 'receipt' | 'transaction';

const PREFIXES: Record<IdKind, string> = { subscription: 'sub-', receipt: 'rcpt-', transaction: 'tx-' };

export class IdSource {
  private readonly counters: Record<IdKind, number> = { subscription: 0, receipt: 0, transaction: 0 };

  constructor(private readonly prefix = '') {}

  /** The next id of that kind that `taken` does not claim (a caller may have chosen `sub-3` itself). */
  next(kind: IdKind, taken: (id: string) => boolean): string {
    for (;;) {
      const id = `${this.prefix}${PREFIXES[kind]}${this.counters[kind]++}`;
      if (!taken(id)) return id;
    }
  }
}
