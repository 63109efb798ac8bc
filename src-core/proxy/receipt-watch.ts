/**
 * Receipt handling, seen from the middle: which receipts the client asked for and whether it
 * waited for them. A producer that closes its socket with receipts outstanding, or disconnects
 * without asking for one, can lose the messages it sent last without ever knowing; a RECEIPT for
 * an id nobody asked for means the broker (or the proxy's edits) mixed something up.
 */
import { getHeader, type Frame } from '../protocol/frame';
import type { Direction, ProxyDiagnostic } from './proxy-types';

/** Outstanding receipts remembered per connection; a client that never waits must not grow this without bound. */
const MAX_OUTSTANDING = 10_000;

interface Asked {
  readonly command: string;
  readonly offset: number;
}

export interface ReceiptFinding {
  readonly direction: Direction;
  readonly diagnostic: ProxyDiagnostic;
}

export class ReceiptWatch {
  private readonly outstanding = new Map<string, Asked>();
  private forgotten = 0;

  clientFrame(frame: Frame, offset: number): ReceiptFinding | null {
    const id = getHeader(frame, 'receipt');
    if (id !== undefined) {
      if (this.outstanding.size >= MAX_OUTSTANDING) {
        const oldest = this.outstanding.keys().next().value as string;
        this.outstanding.delete(oldest);
        this.forgotten++;
      }
      this.outstanding.set(id, { command: frame.command, offset });
      return null;
    }
    if (frame.command === 'DISCONNECT') {
      return {
        direction: 'client-to-broker',
        diagnostic: {
          rule: 'disconnect-without-receipt',
          offset,
          message: 'DISCONNECT without a receipt header: the client cannot know the broker had everything it sent before it closed (ask for a receipt and wait for it)',
        },
      };
    }
    return null;
  }

  brokerFrame(frame: Frame, offset: number): ReceiptFinding | null {
    if (frame.command !== 'RECEIPT' && frame.command !== 'ERROR') return null;
    const id = getHeader(frame, 'receipt-id');
    if (id === undefined) return null;
    if (this.outstanding.delete(id)) return null;
    if (frame.command === 'ERROR' || this.forgotten > 0) return null;
    return {
      direction: 'broker-to-client',
      diagnostic: { rule: 'unexpected-receipt', offset, message: `RECEIPT for ${JSON.stringify(id)}, which the client never asked for (or asked for twice)` },
    };
  }

  /** The client closed the connection: receipts still outstanding were never waited for. */
  clientClosed(): ReceiptFinding | null {
    const count = this.outstanding.size;
    if (count === 0) return null;
    const [id, first] = this.outstanding.entries().next().value as [string, Asked];
    return {
      direction: 'client-to-broker',
      diagnostic: {
        rule: 'receipt-not-awaited',
        offset: first.offset,
        message: `the client closed the connection with ${count} receipt(s) outstanding (the first, ${JSON.stringify(id)}, asked for by ${first.command} at byte ${first.offset}): it did not wait for them`,
      },
    };
  }
}
