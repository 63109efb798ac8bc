/**
 * `subscribe`: print each MESSAGE as one JSON line (the shape `decode` prints), acking as it goes;
 * stop after --count messages or --timeout seconds (connecting included).
 *
 * It follows the client through a drop: the drop, each failed attempt and the reconnect (with the
 * subscription replayed) are JSON lines on stderr, and a reconnection that takes longer than
 * --connect-timeout, or that the failover plan gives up, ends the command with status 6. A SUBSCRIBE
 * the broker refuses, or never confirms within the receipt bound, ends it with status 5.
 */
import { parseArgs } from 'node:util';
import type { AttemptFailure } from '../client/client-errors';
import { StompClient } from '../client/stomp-client';
import { ACK_MODES, type AckMode } from '../protocol/spec';
import { attemptList, connectWithin, DEFAULT_CONNECT_SECONDS, failureOf, reportAttempts, TIMING_OPTIONS } from './cli-client';
import { clientOptions, CONNECTION_OPTIONS, CONNECTION_USAGE, parseHeaderArgs, positiveInteger } from './connection-args';
import { frameJson } from './frame-json';
import { CliFailure, EXIT, progress, seconds, UsageError, writeLines } from './output';

export const SUBSCRIBE_USAGE = `subscribe URI DESTINATION [--ack auto|client|client-individual] [-H name:value]... [--count N] [--timeout SECONDS] [--connect-timeout SECONDS] [--lenient] ${CONNECTION_USAGE}`;

/** The longest wait for the SUBSCRIBE's RECEIPT (less when --timeout is shorter). */
const RECEIPT_MS = 10_000;
/** ms the DISCONNECT may take at the end (handlers still printing, then its RECEIPT). */
const DISCONNECT_MS = 1000;

export async function subscribeCommand(argv: string[]): Promise<number> {
  const startedAt = Date.now();
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...CONNECTION_OPTIONS, ...TIMING_OPTIONS, ack: { type: 'string', default: 'auto' }, count: { type: 'string' }, lenient: { type: 'boolean', default: false } },
  });
  if (positionals.length !== 2) throw new UsageError(`subscribe takes URI and DESTINATION, got ${positionals.length} argument(s)`);
  const [uri, destination] = positionals;
  const ack = values.ack as AckMode;
  if (!ACK_MODES.includes(ack)) throw new UsageError(`--ack must be auto, client or client-individual, not ${JSON.stringify(values.ack)}`);
  const count = positiveInteger(values.count, '--count');
  const timeout = values.timeout === undefined ? undefined : seconds(values.timeout, '--timeout', 0);
  const connectSeconds = seconds(values['connect-timeout'], '--connect-timeout', DEFAULT_CONNECT_SECONDS);
  const headers = parseHeaderArgs(values.header);
  // Connecting is bounded by whichever comes first: --connect-timeout, or what is left of --timeout.
  const [firstLimit, firstLimitName] = timeout !== undefined && timeout < connectSeconds ? [timeout, '--timeout'] : [connectSeconds, '--connect-timeout'];

  let client: StompClient;
  try {
    client = new StompClient({
      ...clientOptions(uri, values, firstLimit),
      // Each body becomes a JSON string before the handler returns and is never kept: it can be
      // borrowed, which spares a long dump of large messages the collector's work for fresh memory.
      bodies: 'borrowed',
      reconnect: true,
      strict: !values.lenient,
      receiptTimeout: RECEIPT_MS,
    });
  } catch (error) {
    throw failureOf(error);
  }
  const info = await connectWithin(client, firstLimit, firstLimitName);

  let received = 0;
  let confirmed = false;
  let end: (outcome: number | CliFailure) => void = () => undefined;
  const ended = new Promise<number | CliFailure>((resolve) => (end = resolve));
  const timers: ReturnType<typeof setTimeout>[] = [];
  const leftMs = () => (timeout === undefined ? Infinity : timeout * 1000 - (Date.now() - startedAt));
  if (timeout !== undefined) {
    timers.push(
      setTimeout(() => {
        if (!confirmed) end(new CliFailure(EXIT.broker, `the broker did not confirm the SUBSCRIBE to ${destination} within --timeout of ${timeout} s`));
        else if (count === undefined) end(EXIT.ok);
        else end(new CliFailure(EXIT.incomplete, `timed out after ${timeout} s with ${received} of ${count} messages`));
      }, Math.max(0, leftMs())),
    );
  }

  followReconnects(client, connectSeconds, end);
  client.on('brokerError', (error) => {
    // Before the RECEIPT, an ERROR is the broker's answer to the SUBSCRIBE (some name no receipt).
    if (!confirmed) end(new CliFailure(EXIT.broker, `the broker refused the SUBSCRIBE to ${destination}: ${error.message}`));
    else progress({ type: 'broker-error', message: error.message });
  });
  if (values.lenient) {
    client.on('wire', (entry) => {
      if (entry.kind === 'diagnostic') progress({ type: 'diagnostic', ...entry.diagnostic });
    });
  }
  const interrupted = () => end(EXIT.interrupted);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  client
    .subscribe(
      destination,
      async (message) => {
        if (count !== undefined && received >= count) throw new Error('over --count: left for the broker to redeliver');
        received++;
        await writeLines([frameJson(message.frame)]);
        if (received === count) end(EXIT.ok);
      },
      { ack, headers, receipt: true, onMessageFailed: () => ({ kind: 'ignore' }) },
    )
    .then(
      (handle) => {
        confirmed = true;
        progress({ type: 'subscribed', broker: info.broker, version: info.version, destination, id: handle.id, ack });
      },
      (error: unknown) => end(failureOf(error) as CliFailure),
    );

  const outcome = await ended;
  for (const timer of timers) clearTimeout(timer);
  process.off('SIGINT', interrupted);
  process.off('SIGTERM', interrupted);
  await client.disconnect({ timeout: DISCONNECT_MS }).catch(() => undefined);
  if (typeof outcome === 'number') return outcome;
  throw outcome;
}

/**
 * A drop the client will recover from is reported, not fatal: `dropped`, each `attempt-failed`,
 * then `reconnected` and `replayed` (the subscription sent again under the same id). A reconnection that takes
 * longer than `limitSeconds`, or that the plan gives up, ends the command.
 */
function followReconnects(client: StompClient, limitSeconds: number, end: (outcome: CliFailure) => void): void {
  const failures: AttemptFailure[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  reportAttempts(client, failures);
  client.on('disconnected', ({ error, willReconnect }) => {
    if (!error) return; // asked for: the command is ending
    progress({ type: 'dropped', reason: error.message, willReconnect });
    if (!willReconnect) {
      end(new CliFailure(EXIT.lost, `connection lost: ${error.message}`));
      return;
    }
    failures.length = 0;
    clearTimeout(timer);
    timer = setTimeout(() => end(new CliFailure(EXIT.lost, `could not reconnect within --connect-timeout of ${limitSeconds} s${attemptList(failures)}`)), limitSeconds * 1000);
  });
  client.on('connected', (event) => {
    if (!event.reconnect) return;
    clearTimeout(timer);
    progress({ type: 'reconnected', broker: event.broker, version: event.version, attempts: failures.length + 1 });
    failures.length = 0;
  });
  client.on('replayed', (event) => progress({ type: 'replayed', subscriptions: event.subscriptions }));
  client.on('reconnectFailed', (error) => {
    clearTimeout(timer);
    end(new CliFailure(EXIT.lost, error.message));
  });
}
