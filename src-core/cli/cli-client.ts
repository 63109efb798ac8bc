/**
 * What `send` and `subscribe` share once their arguments are read: connecting within a bound of
 * time with every failed attempt printed as it happens, and turning the client's errors into a
 * message and an exit status (output.ts, EXIT).
 */
import type { AttemptFailure } from '../client/client-errors';
import type { ConnectedEvent, StompClient } from '../client/stomp-client';
import { CliFailure, EXIT, progress, UsageError } from './output';

export const TIMING_OPTIONS = {
  'connect-timeout': { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Seconds connecting may take in all (every failover attempt and its delays) unless told otherwise. */
export const DEFAULT_CONNECT_SECONDS = 30;

/** Maps what the client threw to the exit status the README documents, keeping its words. */
export function failureOf(error: unknown): CliFailure | UsageError {
  if (error instanceof CliFailure || error instanceof UsageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  switch ((error as Error | undefined)?.name) {
    case 'ConnectFailedError':
      return new CliFailure(EXIT.connect, message);
    case 'BrokerError':
    case 'ReceiptTimeoutError':
      return new CliFailure(EXIT.broker, message);
    case 'ConnectionLostError':
    case 'ClientStateError':
    case 'PeerSilentError':
    case 'StompParseError':
      return new CliFailure(EXIT.lost, message);
    case 'StompSerializeError':
    case 'StompProtocolError':
    case 'FailoverUriError':
    case 'RangeError':
      return new UsageError(message);
    default:
      return new CliFailure(EXIT.usage, message);
  }
}

/**
 * Connects within `limitSeconds` in all. Each failed attempt is printed when it fails (a failover
 * URI retries for ever by default: without this the command would print nothing and never end).
 */
export async function connectWithin(client: StompClient, limitSeconds: number, limitName: string): Promise<ConnectedEvent> {
  const failures: AttemptFailure[] = [];
  const stopReporting = reportAttempts(client, failures);
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    // Stops the walk at once, an attempt in flight included; connect() then rejects.
    void client.disconnect({ timeout: 100 }).catch(() => undefined);
  }, limitSeconds * 1000);
  try {
    return await client.connect();
  } catch (error) {
    if (!expired) throw failureOf(error);
    throw new CliFailure(EXIT.connect, `could not connect within ${limitName} of ${limitSeconds} s${attemptList(failures)}`);
  } finally {
    clearTimeout(timer);
    stopReporting();
  }
}

/** Prints every failed attempt (of a first connection or of a reconnection) as it happens. */
export function reportAttempts(client: StompClient, into: AttemptFailure[] = []): () => void {
  return client.on('attemptFailed', (failure) => {
    into.push(failure);
    progress({ type: 'attempt-failed', broker: failure.broker, attempt: failure.attempt, reason: failure.reason });
  });
}

/** The attempts in a final message: each was printed when it failed, so the last one stands for them. */
export function attemptList(failures: readonly AttemptFailure[]): string {
  const last = failures.at(-1);
  if (last === undefined) return ' (no attempt finished in that time)';
  const count = failures.length === 1 ? '1 attempt failed' : `${failures.length} attempts failed, the last`;
  return `; ${count}: #${last.attempt} ${last.broker}: ${last.reason}`;
}
