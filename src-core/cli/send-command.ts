/**
 * `send`: publish one message (or N copies) and print what the broker confirmed.
 *
 * Every path ends within its bounds: connecting within --connect-timeout (each failed attempt
 * printed as it happens), each awaited RECEIPT within --timeout, the DISCONNECT within a second.
 * Without --receipt only the last SEND asks for a RECEIPT: the broker answers in order, so that one
 * confirms them all ("sent" means the broker has every copy). A broker ERROR at any point fails
 * the command (status 5), also one that names no receipt.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StompClient } from '../client/stomp-client';
import { connectWithin, DEFAULT_CONNECT_SECONDS, failureOf, TIMING_OPTIONS } from './cli-client';
import { clientOptions, CONNECTION_OPTIONS, CONNECTION_USAGE, parseHeaderArgs, positiveInteger } from './connection-args';
import { CliFailure, EXIT, seconds, UsageError, writeLines } from './output';

export const SEND_USAGE = `send URI DESTINATION [--body TEXT | --body-file FILE] [-H name:value]... [--receipt] [--count N] [--timeout SECONDS] [--connect-timeout SECONDS] ${CONNECTION_USAGE}`;

/** Seconds to wait for a RECEIPT unless --timeout says otherwise. */
const DEFAULT_RECEIPT_SECONDS = 10;
/** ms the DISCONNECT may take once the work is done (or has failed). */
const DISCONNECT_MS = 1000;

export async function sendCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      ...TIMING_OPTIONS,
      body: { type: 'string' },
      'body-file': { type: 'string' },
      receipt: { type: 'boolean', default: false },
      count: { type: 'string' },
    },
  });
  if (positionals.length !== 2) throw new UsageError(`send takes URI and DESTINATION, got ${positionals.length} argument(s)`);
  const [uri, destination] = positionals;
  if (values.body !== undefined && values['body-file'] !== undefined) throw new UsageError('give --body or --body-file, not both');
  let body: Uint8Array | string = values.body ?? '';
  if (values['body-file'] !== undefined) {
    try {
      body = readFileSync(values['body-file']);
    } catch (error) {
      throw new UsageError(`cannot read --body-file ${values['body-file']}: ${(error as Error).message}`);
    }
  }
  const headers = parseHeaderArgs(values.header);
  const count = positiveInteger(values.count, '--count') ?? 1;
  const receiptSeconds = seconds(values.timeout, '--timeout', DEFAULT_RECEIPT_SECONDS);
  const connectSeconds = seconds(values['connect-timeout'], '--connect-timeout', DEFAULT_CONNECT_SECONDS);

  let client: StompClient;
  try {
    client = new StompClient({ ...clientOptions(uri, values, connectSeconds), receiptTimeout: receiptSeconds * 1000 });
  } catch (error) {
    throw failureOf(error);
  }
  const info = await connectWithin(client, connectSeconds, '--connect-timeout');
  // An ERROR or a drop while sending ends the command, whether or not a receipt names it.
  let stop: (failure: CliFailure) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => (stop = reject));
  stopped.catch(() => undefined);
  client.on('brokerError', (error) => stop(new CliFailure(EXIT.broker, error.message)));
  client.on('disconnected', ({ error }) => {
    if (error) stop(new CliFailure(EXIT.lost, error.message));
  });
  const work = publish();
  work.catch(() => undefined); // if `stopped` wins the race, what publish() throws after is moot
  try {
    await Promise.race([stopped, work]);
  } catch (error) {
    await client.disconnect({ timeout: DISCONNECT_MS }).catch(() => undefined);
    throw failureOf(error);
  }
  await client.disconnect({ timeout: DISCONNECT_MS }).catch(() => undefined);
  return EXIT.ok;

  async function publish(): Promise<void> {
    for (let n = 1; n <= count; n++) {
      const last = n === count;
      const receipt = await client.send(destination, body, { headers, receipt: values.receipt || last }).catch((error: unknown) => {
        if ((error as Error).name === 'ReceiptTimeoutError') {
          throw new CliFailure(
            EXIT.broker,
            `no RECEIPT for SEND ${n} of ${count} within ${receiptSeconds} s (--timeout): the broker may not have ${values.receipt ? 'it' : 'the messages'}`,
          );
        }
        throw error;
      });
      if (values.receipt) await writeLines([JSON.stringify({ type: 'sent', n, destination, receiptId: receipt?.receiptId, latencyMs: round(receipt?.latencyMs) })]);
    }
    if (!values.receipt) await writeLines([JSON.stringify({ type: 'sent', count, destination, broker: info.broker })]);
  }
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000) / 1000;
}
