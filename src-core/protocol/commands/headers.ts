/**
 * The header plumbing every command shares: extra headers from the caller, the receipt header, and
 * the checks that keep a frame's identifying headers in the hands of the function that builds it.
 */
import type { Header } from '../frame';
import { commandsOf, type ClientCommand, type StompVersion } from '../spec';
import { headerProblem, StompSerializeError } from '../serializer';
import { StompProtocolError } from './protocol-error';

/** Extra headers: a list keeps order and duplicates; a record is the convenient form. */
export type HeaderInput = readonly Header[] | Readonly<Record<string, string>>;

export function toHeaderList(input: HeaderInput | undefined): readonly Header[] {
  if (input === undefined) return [];
  return Array.isArray(input) ? (input as readonly Header[]) : Object.entries(input);
}

/**
 * A header the builder sets from its own argument must not also come in `headers`: two values on
 * the wire would be resolved by "first wins" on the broker, which silently defeats the argument
 * (and the session's bookkeeping of receipts, transactions and subscription ids).
 */
export function extraHeaders(
  command: ClientCommand,
  input: HeaderInput | undefined,
  owned: Readonly<Record<string, string>>,
  version: StompVersion,
): readonly Header[] {
  const list = toHeaderList(input);
  for (const [name, value] of list) {
    const option = owned[name];
    if (option !== undefined) {
      throw new StompProtocolError(command, `header "${name}" is set by the ${option} option; do not pass it in headers`);
    }
    // The serializer would refuse it too, but only once the session has counted the frame as sent
    // (its receipt awaited, its transaction counted): refused here, nothing has happened yet.
    const problem = headerProblem(name, value, command, version);
    if (problem !== undefined) throw new StompSerializeError(`${command}: ${problem}`, name);
  }
  return list;
}

/** Identifiers and destinations must be non-empty: an empty value names nothing on the broker. */
export function requireText(command: ClientCommand, what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new StompProtocolError(command, `${what} must be a non-empty string (got ${describe(value)})`);
  }
  return value;
}

export function receiptHeader(command: ClientCommand, receipt: string | undefined): Header[] {
  return receipt === undefined ? [] : [['receipt', requireText(command, 'receipt', receipt)]];
}

export function transactionHeader(command: ClientCommand, transaction: string | undefined): Header[] {
  return transaction === undefined ? [] : [['transaction', requireText(command, 'transaction', transaction)]];
}

export function requireCommand(version: StompVersion, command: ClientCommand): void {
  if (!commandsOf(version).has(command)) {
    throw new StompProtocolError(command, `STOMP ${version} has no ${command} command (it arrived with 1.1)`);
  }
}

export function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
