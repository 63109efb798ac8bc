/**
 * ERROR: the broker's complaint, usually followed by it closing the connection. The `message`
 * header is the short description; the body may hold details (for ActiveMQ, a Java stack trace).
 */
import { bodyText, getHeader, headerRecord, type Frame } from '../frame';
import { expectCommand } from './expect-command';

export interface ErrorInfo {
  readonly message: string | undefined;
  readonly body: string;
  /** Present when the ERROR answers a frame that asked for a receipt. */
  readonly receiptId: string | undefined;
  /** Every header, first occurrence winning, for display. */
  readonly headers: Readonly<Record<string, string>>;
}

export function error(frame: Frame): ErrorInfo {
  expectCommand(frame, 'ERROR');
  return {
    message: getHeader(frame, 'message'),
    body: bodyText(frame),
    receiptId: getHeader(frame, 'receipt-id'),
    headers: headerRecord(frame),
  };
}
