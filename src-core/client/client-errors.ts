/** The client's failures, each saying what happened and where. */
import type { ErrorInfo } from '../protocol/commands/error';

export interface AttemptFailure {
  /** e.g. `tcp://127.0.0.1:61613`. */
  readonly broker: string;
  readonly attempt: number;
  readonly reason: string;
}

/** Every attempt of a failover walk failed: the message lists each with its reason. */
export class ConnectFailedError extends Error {
  constructor(readonly attempts: readonly AttemptFailure[], readonly gaveUpBecause: string) {
    super(
      `could not connect (${gaveUpBecause}) after ${attempts.length} attempt${attempts.length === 1 ? '' : 's'}:` +
        attempts.map((a) => `\n  #${a.attempt} ${a.broker}: ${a.reason}`).join(''),
    );
    this.name = 'ConnectFailedError';
  }
}

/** The broker answered with an ERROR frame. */
export class BrokerError extends Error {
  constructor(readonly info: ErrorInfo, readonly broker: string) {
    super(`${broker} sent ERROR: ${info.message ?? '(no message header)'}${info.body ? `\n${firstLines(info.body)}` : ''}`);
    this.name = 'BrokerError';
  }
}

/** The connection ended while something waited for it (a receipt, a CONNECTED). */
export class ConnectionLostError extends Error {
  constructor(readonly broker: string, readonly reason: string) {
    super(`connection to ${broker} lost: ${reason}`);
    this.name = 'ConnectionLostError';
  }
}

/** The connection was dropped on purpose to reconnect (`client.reconnect()`): the cause of that drop. */
export class ReconnectRequestedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ReconnectRequestedError';
  }
}

/** A call the client's state does not allow, e.g. send before connect. */
export class ClientStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientStateError';
  }
}

function firstLines(text: string): string {
  const lines = text.split('\n');
  return lines.length > 6 ? lines.slice(0, 6).join('\n') + `\n… (${lines.length - 6} more lines)` : text;
}

export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
