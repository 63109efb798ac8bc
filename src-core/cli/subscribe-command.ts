/**
 * `subscribe`: print each MESSAGE as one JSON line (the shape `decode` prints), acking as it goes;
 * stop after --count messages or --timeout seconds.
 */
import { parseArgs } from 'node:util';
import { StompClient } from '../client/stomp-client';
import { ACK_MODES, type AckMode } from '../protocol/spec';
import { clientOptions, CONNECTION_OPTIONS, CONNECTION_USAGE, parseHeaderArgs, positiveInteger } from './connection-args';
import { frameJson } from './frame-json';
import { UsageError, writeLines } from './output';

export const SUBSCRIBE_USAGE = `subscribe URI DESTINATION [--ack auto|client|client-individual] [-H name:value]... [--count N] [--timeout SECONDS] ${CONNECTION_USAGE}`;

export async function subscribeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...CONNECTION_OPTIONS, ack: { type: 'string', default: 'auto' }, count: { type: 'string' }, timeout: { type: 'string' } },
  });
  if (positionals.length !== 2) throw new UsageError(`subscribe takes URI and DESTINATION, got ${positionals.length} argument(s)`);
  const [uri, destination] = positionals;
  const ack = values.ack as AckMode;
  if (!ACK_MODES.includes(ack)) throw new UsageError(`--ack must be auto, client or client-individual, not ${JSON.stringify(values.ack)}`);
  const count = positiveInteger(values.count, '--count');
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not ${JSON.stringify(values.timeout)}`);

  // Each body becomes a JSON string before the handler returns and is never kept: it can be
  // borrowed, which spares a long dump of large messages the collector's work for fresh memory.
  const client = new StompClient({ ...clientOptions(uri, values), bodies: 'borrowed' });
  await client.connect();
  let received = 0;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const timer = timeout === undefined ? undefined : setTimeout(() => finish(-1), timeout * 1000);
  client.on('disconnected', ({ error }) => {
    if (error) {
      process.stderr.write(`subscribe: ${error.message}\n`);
      finish(1);
    }
  });
  client.on('brokerError', (error) => process.stderr.write(`subscribe: ${error.message}\n`));
  await client.subscribe(
    destination,
    async (message) => {
      if (count !== undefined && received >= count) throw new Error('over --count: left for the broker to redeliver');
      received++;
      await writeLines([frameJson(message.frame)]);
      if (received === count) finish(0);
    },
    { ack, headers: parseHeaderArgs(values.header), receipt: true, onMessageFailed: () => ({ kind: 'ignore' }) },
  );
  let code = await finished;
  clearTimeout(timer);
  if (code === -1) {
    code = count !== undefined ? 3 : 0;
    if (code) process.stderr.write(`subscribe: timed out after ${timeout} s with ${received} of ${count} messages\n`);
  }
  await client.disconnect().catch(() => undefined);
  return code;
}
