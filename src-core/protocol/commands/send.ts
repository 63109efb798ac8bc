/** SEND: a message to a destination, optionally inside a transaction. */
import { createFrame, type Frame, type Header } from '../frame';
import type { StompVersion } from '../spec';
import { extraHeaders, receiptHeader, requireText, transactionHeader, type HeaderInput } from './headers';

export interface SendOptions {
  readonly headers?: HeaderInput;
  readonly receipt?: string;
  readonly transaction?: string;
}

const OWNED = { destination: 'destination', receipt: 'receipt', transaction: 'transaction' } as const;

/**
 * SEND is the same in every version; `version` decides which extra headers can be carried (the
 * serializer's escaping rules, checked before the frame exists).
 */
export function send(version: StompVersion, destination: string, body: Uint8Array | string = '', options: SendOptions = {}): Frame {
  const headers: Header[] = [
    ['destination', requireText('SEND', 'destination', destination)],
    ...transactionHeader('SEND', options.transaction),
    ...receiptHeader('SEND', options.receipt),
    ...extraHeaders('SEND', options.headers, OWNED, version),
  ];
  return createFrame('SEND', headers, body);
}
