/**
 * A transaction opened by BEGIN: the SENDs and ACK/NACKs that name it are staged here and happen
 * only at COMMIT, in the order they came; ABORT (or a disconnect) discards them.
 */
import type { Frame } from '../protocol/frame';
import type { ParsedDestination } from './destination';
import type { Delivery, Outcome } from './subscription';

export type StagedOperation =
  | { readonly kind: 'send'; readonly destination: ParsedDestination; readonly frame: Frame }
  | { readonly kind: 'settle'; readonly outcome: Outcome; readonly delivery: Delivery };

export class Transaction {
  readonly id: string;
  readonly staged: StagedOperation[] = [];

  constructor(id: string) {
    this.id = id;
  }

  stage(operation: StagedOperation): void {
    this.staged.push(operation);
  }
}
