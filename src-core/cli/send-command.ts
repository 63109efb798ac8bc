/** `send`: publish one message (or N copies) and print what the broker confirmed. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { StompClient } from '../client/stomp-client';
import { clientOptions, CONNECTION_OPTIONS, CONNECTION_USAGE, parseHeaderArgs, positiveInteger } from './connection-args';
import { UsageError, writeLines } from './output';

export const SEND_USAGE = `send URI DESTINATION [--body TEXT | --body-file FILE] [-H name:value]... [--receipt] [--count N] ${CONNECTION_USAGE}`;

export async function sendCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
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

  const client = new StompClient(clientOptions(uri, values));
  const info = await client.connect();
  try {
    for (let n = 1; n <= count; n++) {
      // The last send always waits for a receipt, so "sent" means the broker has it.
      const receipt = await client.send(destination, body, { headers, receipt: values.receipt || n === count });
      if (values.receipt) await writeLines([JSON.stringify({ type: 'sent', n, destination, receiptId: receipt?.receiptId, latencyMs: round(receipt?.latencyMs) })]);
    }
    if (!values.receipt) await writeLines([JSON.stringify({ type: 'sent', count, destination, broker: info.broker })]);
  } finally {
    await client.disconnect();
  }
  return 0;
}

function round(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * 1000) / 1000;
}
