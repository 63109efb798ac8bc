/**
 * `load`: publish at a fixed rate (or as fast as possible) for a while, optionally consume, and
 * report sent, confirmed, received, lost, duplicated, latency percentiles, throughput and the
 * generator's own pacing error and CPU: a line a second while it runs, and a summary at the end
 * (`--json`: JSON lines instead). Ctrl-C cancels and still reports. Exit status 0 when everything
 * sent arrived (and was confirmed, with --receipt), 2 when messages were lost, duplicated, not
 * confirmed or not sent on time, 1 on errors.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LOAD_LIMITS, LoadOptionsError, reportLines, runLoad, sampleLine, type LoadReport, type PayloadSource } from '../load';
import { PayloadScript, ScriptError } from '../scripting';
import { clientOptions, CONNECTION_OPTIONS, CONNECTION_USAGE, parseHeaderArgs } from './connection-args';
import { UsageError, writeLines } from './output';

export const LOAD_USAGE = `load URI DESTINATION [--rate N (0 = as fast as possible)] [--duration S] [--size B] [--connections C] [--script FILE] [--receipt [--receipt-every N]] [--consume | --consume-from DEST] [--json] [-H name:value]... ${CONNECTION_USAGE}`;

export async function loadCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      rate: { type: 'string', default: '1000' },
      duration: { type: 'string', default: '10' },
      size: { type: 'string', default: '100' },
      connections: { type: 'string', default: '1' },
      script: { type: 'string' },
      receipt: { type: 'boolean', default: false },
      'receipt-every': { type: 'string' },
      consume: { type: 'boolean', default: false },
      'consume-from': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 2) throw new UsageError(`load takes URI and DESTINATION, got ${positionals.length} argument(s)`);
  const [uri, destination] = positionals;
  const rate = wholeNumber(values.rate, '--rate', 0, LOAD_LIMITS.rate);
  const seconds = Number(values.duration);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds * 1000 > LOAD_LIMITS.durationMs) throw new UsageError(`--duration takes seconds (e.g. 10 or 0.5), more than 0 and at most ${LOAD_LIMITS.durationMs / 1000}, not ${JSON.stringify(values.duration)}`);
  const size = wholeNumber(values.size, '--size', 0, LOAD_LIMITS.size);
  const connections = wholeNumber(values.connections, '--connections', 1, LOAD_LIMITS.connections);
  const receiptEvery = values['receipt-every'] === undefined ? undefined : wholeNumber(values['receipt-every'], '--receipt-every', 1, 1_000_000);
  if (receiptEvery !== undefined && !values.receipt) throw new UsageError('--receipt-every goes with --receipt');
  const consumeDestination = values['consume-from'] ?? (values.consume ? destination : undefined);
  const durationMs = Math.round(seconds * 1000);

  let script: PayloadScript | undefined;
  if (values.script !== undefined) {
    let source: string;
    try {
      source = readFileSync(values.script, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --script ${values.script}: ${(error as Error).message}`);
    }
    try {
      script = await PayloadScript.compile(source);
    } catch (error) {
      if (error instanceof ScriptError) throw new UsageError(`--script ${values.script}: ${error.message}`);
      throw error;
    }
  }
  const payload: PayloadSource | undefined = script && {
    build: (from, count) => script!.build(from, count, { count: rate > 0 ? Math.round((rate * durationMs) / 1000) : -1, destination }),
  };

  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let report: LoadReport;
  try {
    report = await runLoad(
      {
        client: clientOptions(uri, values),
        destination,
        rate,
        durationMs,
        size,
        connections,
        receipt: values.receipt,
        receiptEvery,
        consume: consumeDestination ? { destination: consumeDestination } : undefined,
        payload,
        headers: parseHeaderArgs(values.header),
        signal: controller.signal,
      },
      {
        onSample: (sample) => void writeLines([values.json ? JSON.stringify({ type: 'sample', ...sample }) : sampleLine(sample)]),
        onState: (state) => {
          if (values.json) void writeLines([JSON.stringify({ type: 'state', state })]);
        },
      },
    );
  } catch (error) {
    if (error instanceof LoadOptionsError) throw new UsageError(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    script?.dispose();
  }
  if (values.json) {
    const { samples: _samples, ...summary } = report;
    await writeLines([JSON.stringify({ type: 'report', ...summary })]);
  } else await writeLines(reportLines(report));
  if (report.state === 'failed') return 1;
  const incomplete = (report.lost ?? 0) > 0 || (report.duplicated ?? 0) > 0 || report.failed > 0 || (report.unconfirmed ?? 0) > 0 || (report.confirmed !== null && report.confirmed < report.sent) || report.pacing.notSent > 0;
  return report.state === 'finished' && !incomplete ? 0 : 2;
}

function wholeNumber(value: string | undefined, option: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${option} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}
