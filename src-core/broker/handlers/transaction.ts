/** BEGIN, COMMIT, ABORT. */
import type { Frame } from '../../protocol/frame';
import type { CommandContext } from '../command-context';
import { ProtocolViolation } from '../protocol-violation';
import { publish } from '../publish';
import { Transaction } from '../transaction';
import { settle } from './ack';
import { requireHeader } from './headers';
import { openTransaction } from './transaction-lookup';

export function handleBegin(ctx: CommandContext, frame: Frame): void {
  const id = requireHeader(frame, 'transaction');
  if (ctx.session.transactions.has(id)) {
    throw new ProtocolViolation(`Transaction ${id} is already open`, `BEGIN of transaction ${JSON.stringify(id)}, which is already open on this connection.`);
  }
  ctx.session.transactions.set(id, new Transaction(id));
  ctx.receipt(frame);
}

/** Applies the staged SENDs and ACK/NACKs in their order. */
export function handleCommit(ctx: CommandContext, frame: Frame): void {
  const transaction = close(ctx, frame);
  for (const operation of transaction.staged) {
    if (operation.kind === 'send') publish(ctx.core, ctx.session, operation.destination, operation.frame);
    else settle(ctx, operation.delivery, operation.outcome);
  }
  ctx.receipt(frame);
}

export function handleAbort(ctx: CommandContext, frame: Frame): void {
  close(ctx, frame);
  ctx.receipt(frame);
}

function close(ctx: CommandContext, frame: Frame): Transaction {
  const transaction = openTransaction(ctx.session, frame, requireHeader(frame, 'transaction'));
  ctx.session.transactions.delete(transaction.id);
  return transaction;
}
