/**
 * A frame the broker refuses. Handlers throw it; the connection answers with an ERROR built from
 * it and closes, as STOMP 1.2 requires ("the server MUST then close the connection").
 */
import { createFrame, type Frame, type Header } from '../protocol/frame';

export class ProtocolViolation extends Error {
  /** The short text for the ERROR's `message` header. */
  readonly summary: string;
  /** The ERROR's body: what was wrong and what the broker expected. */
  readonly details: string;
  /** Extra ERROR headers, e.g. `version` when negotiation fails. */
  readonly headers: readonly Header[];

  constructor(summary: string, details: string, headers: readonly Header[] = []) {
    super(summary);
    this.name = 'ProtocolViolation';
    this.summary = summary;
    this.details = details;
    this.headers = headers;
  }
}

/**
 * The ERROR frame: `message` for the summary, `content-type:text/plain` for the explanation in the
 * body (as ActiveMQ and RabbitMQ send), and `receipt-id` when the offending frame asked for a
 * receipt (the spec's advice), so a client waiting on that receipt can fail the right promise.
 */
export function errorFrame(summary: string, details: string, receiptId?: string, extra: readonly Header[] = []): Frame {
  const headers: Header[] = [['message', oneLine(summary)], ...extra, ['content-type', 'text/plain']];
  if (receiptId !== undefined) headers.push(['receipt-id', receiptId]);
  return createFrame('ERROR', headers, details.endsWith('\n') ? details : details + '\n');
}

/** Header values sent unescaped (before CONNECTED, or under 1.0) must not break lines. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
