/** SEND: publish now, or stage in the named transaction until COMMIT. */
import { getHeader, type Frame } from '../../protocol/frame';
import type { CommandContext } from '../command-context';
import { publish } from '../publish';
import { requireDestination } from './headers';
import { openTransaction } from './transaction-lookup';

export function handleSend(ctx: CommandContext, frame: Frame): void {
  const destination = requireDestination(frame);
  const transactionId = getHeader(frame, 'transaction');
  if (transactionId !== undefined) {
    openTransaction(ctx.session, frame, transactionId).stage({ kind: 'send', destination, frame });
  } else publish(ctx.core, ctx.session, destination, frame);
  ctx.receipt(frame);
}
