/** BEGIN, COMMIT and ABORT: identical but for the command, in every version. */
import { createFrame, type Frame } from '../frame';
import type { StompVersion } from '../spec';
import { receiptHeader, requireCommand, requireText } from './headers';

export interface TransactionOptions {
  readonly receipt?: string;
}

export function begin(version: StompVersion, transaction: string, options: TransactionOptions = {}): Frame {
  return transactionFrame(version, 'BEGIN', transaction, options);
}

export function commit(version: StompVersion, transaction: string, options: TransactionOptions = {}): Frame {
  return transactionFrame(version, 'COMMIT', transaction, options);
}

export function abort(version: StompVersion, transaction: string, options: TransactionOptions = {}): Frame {
  return transactionFrame(version, 'ABORT', transaction, options);
}

function transactionFrame(version: StompVersion, command: 'BEGIN' | 'COMMIT' | 'ABORT', transaction: string, options: TransactionOptions): Frame {
  requireCommand(version, command);
  return createFrame(command, [['transaction', requireText(command, 'transaction', transaction)], ...receiptHeader(command, options.receipt)]);
}
