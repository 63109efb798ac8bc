/**
 * A send-like action's outcome in words, never claiming more than the broker said: "confirmed"
 * only with the RECEIPT, "not confirmed" without one, the broker's ERROR when it refused.
 */
import type { SendOutcome } from '../../../src-core/api';
import { formatLatency, plural } from './format';

export type Tone = 'ok' | 'warn' | 'bad';

export interface OutcomeWords {
  readonly tone: Tone;
  readonly text: string;
  /** The broker's ERROR body, to show expandable beside the text. */
  readonly detail?: string;
}

/** `what`: e.g. "to /queue/orders" or "replay of #12 to /queue/orders". */
export function describeOutcome(o: SendOutcome, what: string, transactionId?: string): OutcomeWords {
  const n = (count: number) => plural(count, 'message');
  const copies = o.total === 1 ? 'message' : n(o.total);
  const error = o.brokerError ? `the broker answered ERROR “${o.brokerError.message}”${firstLine(o.brokerError.body) ? `: ${firstLine(o.brokerError.body)}` : ''}` : undefined;
  const detail = o.brokerError?.body || undefined;
  switch (o.state) {
    case 'confirmed':
      return { tone: 'ok', text: `${o.total === 1 ? 'Sent 1 message' : `Sent ${n(o.sent)}`} ${what} · confirmed by ${receipts(o)}` };
    case 'unconfirmed':
      return {
        tone: 'warn',
        text: `${o.sent === 1 ? 'Sent 1 message' : `Sent ${n(o.sent)}`} ${what} · not confirmed (no receipt asked; no ERROR within 1 s)`,
      };
    case 'pending-commit':
      return {
        tone: 'ok',
        text: `Written: ${n(o.sent)} ${what} in transaction ${transactionId ?? ''}`.trimEnd() + ` · delivered on COMMIT${o.receiptIds.length ? ', when the broker confirms them (Receipts tab)' : ''}`,
      };
    case 'cancelled':
      return { tone: 'warn', text: `Cancelled after ${o.sent.toLocaleString()} of ${copies} ${what}${o.confirmed ? ` · ${o.confirmed.toLocaleString()} confirmed` : ''}${o.failed ? ` · ${o.failed.toLocaleString()} failed` : ''}` };
    case 'partial':
      return {
        tone: 'bad',
        text: `Only part went through: ${o.sent.toLocaleString()} of ${copies} written ${what}, ${o.confirmed.toLocaleString()} confirmed, ${o.failed.toLocaleString()} failed${error ? ` · ${error}` : ''}${o.stoppedBecause ? ` · stopped: ${o.stoppedBecause}` : ''}`,
        detail,
      };
    case 'failed':
      return { tone: 'bad', text: `Failed ${what}: ${error ?? o.stoppedBecause ?? (o.failed ? 'no RECEIPT came' : 'nothing was written')}`, detail };
  }
}

function receipts(o: SendOutcome): string {
  const lat = o.receiptLatenciesMs;
  if (lat.length <= 1) return `its receipt${lat[0] !== undefined ? ` in ${formatLatency(lat[0])}` : ''}`;
  const sorted = [...lat].sort((a, b) => a - b);
  return `${lat.length} receipts · median ${formatLatency(sorted[Math.floor(sorted.length / 2)])}, max ${formatLatency(sorted[sorted.length - 1])}`;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
