/** ACK and NACK: settle a MESSAGE, naming it the way the negotiated version wants. */
import { createFrame, type Frame } from '../frame';
import type { StompVersion } from '../spec';
import { findAckHeaders } from './ack-identity';
import { extraHeaders, receiptHeader, requireCommand, transactionHeader, type HeaderInput } from './headers';
import { StompProtocolError } from './protocol-error';

export interface AckOptions {
  readonly transaction?: string;
  readonly receipt?: string;
  /** E.g. RabbitMQ's `requeue:false` on NACK. */
  readonly headers?: HeaderInput;
}

const OWNED = {
  id: 'message',
  'message-id': 'message',
  subscription: 'message',
  transaction: 'transaction',
  receipt: 'receipt',
} as const;

export function ack(version: StompVersion, message: Frame, options: AckOptions = {}): Frame {
  return settle(version, 'ACK', message, options);
}

export function nack(version: StompVersion, message: Frame, options: AckOptions = {}): Frame {
  return settle(version, 'NACK', message, options);
}

function settle(version: StompVersion, command: 'ACK' | 'NACK', message: Frame, options: AckOptions): Frame {
  requireCommand(version, command);
  if (message?.command !== 'MESSAGE') {
    throw new StompProtocolError(command, `can only settle a MESSAGE frame (got ${message?.command ?? String(message)})`);
  }
  const identity = findAckHeaders(version, message);
  if (!identity.ok) throw new StompProtocolError(command, `cannot name the message: ${identity.missing}`);
  // Per message: no copying of header lists when there is nothing to add.
  if (options.transaction === undefined && options.receipt === undefined && options.headers === undefined) {
    return createFrame(command, identity.headers);
  }
  return createFrame(command, [
    ...identity.headers,
    ...transactionHeader(command, options.transaction),
    ...receiptHeader(command, options.receipt),
    ...extraHeaders(command, options.headers, OWNED, version),
  ]);
}
