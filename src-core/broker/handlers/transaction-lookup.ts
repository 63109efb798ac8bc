/** The open transaction a frame names, or an ERROR. */
import type { Frame } from '../../protocol/frame';
import { ProtocolViolation } from '../protocol-violation';
import type { Session } from '../session';
import type { Transaction } from '../transaction';

export function openTransaction(session: Session, frame: Frame, id: string): Transaction {
  const transaction = session.transactions.get(id);
  if (!transaction) {
    throw new ProtocolViolation(`Unknown transaction ${id}`, `${frame.command} names transaction ${JSON.stringify(id)}, which is not open on this connection (BEGIN it first; COMMIT and ABORT close it).`);
  }
  return transaction;
}
