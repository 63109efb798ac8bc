/**
 * `decode`: raw STOMP bytes (a capture, a file, a pipe) → one JSON line per frame, heart-beat and
 * diagnostic. A broken rule prints an error line with its byte offset and exits with status 2.
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { StompParseError } from '../protocol/parse-error';
import { StompParser, type ParseEvent } from '../protocol/parser';
import { isVersion } from '../protocol/spec';
import { errorJson, eventJson } from './frame-json';
import { UsageError, writeLines } from './output';

export const DECODE_USAGE = 'decode [--version 1.0|1.1|1.2] [--lenient] [--chunk-size N] [FILE|-]';

export async function decodeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      version: { type: 'string', default: '1.2' },
      lenient: { type: 'boolean', default: false },
      'chunk-size': { type: 'string' },
    },
  });
  const version = values.version;
  if (!isVersion(version)) throw new UsageError(`--version must be 1.0, 1.1 or 1.2, not ${JSON.stringify(version)}`);
  const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new UsageError(`--chunk-size must be a positive whole number of bytes, not ${JSON.stringify(values['chunk-size'])}`);
  }
  if (positionals.length > 1) throw new UsageError(`decode takes one FILE (or -), not ${positionals.length}`);
  const file = positionals[0] ?? '-';

  const parser = new StompParser({ version, strict: !values.lenient });
  const input = file === '-' ? process.stdin : createReadStream(file);
  const print = (events: ParseEvent[]) => (events.length ? writeLines(events.map(eventJson)) : undefined);
  try {
    for await (const data of input as AsyncIterable<Buffer>) {
      if (chunkSize === undefined) await print(parser.push(data));
      else for (let at = 0; at < data.length; at += chunkSize) await print(parser.push(data.subarray(at, at + chunkSize)));
    }
    await print(parser.end());
  } catch (error) {
    if (!(error instanceof StompParseError)) throw error;
    // What was complete before the broken rule is printed first, as a streaming decoder would.
    await print([...error.events]);
    await writeLines([errorJson(error.offset, error.message, { rule: error.rule })]);
    return 2;
  }
  return 0;
}
