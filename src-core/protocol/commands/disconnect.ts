/** DISCONNECT: with a receipt it is the clean way to close, since the RECEIPT proves all was processed. */
import { createFrame, type Frame } from '../frame';
import { receiptHeader } from './headers';

export interface DisconnectOptions {
  readonly receipt?: string;
}

export function disconnect(options: DisconnectOptions = {}): Frame {
  return createFrame('DISCONNECT', receiptHeader('DISCONNECT', options.receipt));
}
