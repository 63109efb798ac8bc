/** RECEIPT: the broker has processed the frame that asked for it and everything sent before. */
import { getHeader, type Frame } from '../frame';
import { expectCommand } from './expect-command';
import { StompProtocolError } from './protocol-error';

/** The `receipt-id`: the value of the `receipt` header it answers. */
export function receipt(frame: Frame): string {
  expectCommand(frame, 'RECEIPT');
  const id = getHeader(frame, 'receipt-id');
  if (id === undefined) throw new StompProtocolError('RECEIPT', 'no receipt-id header: it cannot be matched to any frame');
  return id;
}
