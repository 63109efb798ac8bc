/**
 * The bytes of a raw replay. `raw`: the captured frame exactly as it travelled, its command line
 * made SEND when it was a MESSAGE. `raw-clean`: the same bytes without the header lines that only
 * a MESSAGE carries and that brokers refuse on SEND (RabbitMQ: "'message-id' is not allowed on
 * 'SEND'"); every other header line, the line endings and the body stay byte for byte.
 */
import { ApiError } from '../../../src-core/api';
import { joinBytes } from '../../../src-core/protocol/join-bytes';

/** Header lines a broker sets on delivery and refuses (or misreads) on a SEND. */
const MESSAGE_ONLY = new Set(['message-id', 'subscription', 'ack', 'redelivered', 'receipt', 'receipt-id', 'transaction']);

const LF = 10;
const CR = 13;
const COLON = 58;

export interface RawReplay {
  readonly bytes: Uint8Array;
  /** Header names left out (raw-clean), in wire order. */
  readonly removed: string[];
  /** Why a broker will likely refuse these bytes. */
  readonly warnings: string[];
}

export function rawReplayBytes(raw: Uint8Array, mode: 'raw' | 'raw-clean'): RawReplay {
  const { command, headers, blankStart } = head(raw);
  const commandText = text(raw, command.start, command.end);
  if (commandText !== 'SEND' && commandText !== 'MESSAGE') throw new ApiError('invalid-request', `only SEND and MESSAGE frames can be replayed, not ${commandText}`);
  const parts: Uint8Array[] = [new TextEncoder().encode('SEND'), raw.subarray(command.end, command.next)];
  const removed: string[] = [];
  const forbidden: string[] = [];
  for (const line of headers) {
    const name = headerName(raw, line);
    if (MESSAGE_ONLY.has(name)) {
      if (mode === 'raw-clean') {
        removed.push(name);
        continue;
      }
      forbidden.push(name);
    }
    parts.push(raw.subarray(line.start, line.next));
  }
  // The blank line, the body and the NUL (and any EOLs after it), as they were.
  parts.push(raw.subarray(blankStart));
  const warnings: string[] = [];
  if (forbidden.includes('message-id')) warnings.push(`'message-id' on a SEND: RabbitMQ refuses it with an ERROR ("'message-id' is not allowed on 'SEND'"); replay it cleaned instead`);
  if (forbidden.includes('transaction')) warnings.push(`'transaction' names a transaction of the connection it came from: the broker refuses it unless this connection has one by that name`);
  const others = forbidden.filter((n) => n !== 'message-id' && n !== 'transaction');
  if (others.length) warnings.push(`${others.map((n) => `'${n}'`).join(', ')} ${others.length === 1 ? 'is a header' : 'are headers'} of MESSAGE, meaningless on a SEND: brokers ignore or pass ${others.length === 1 ? 'it' : 'them'} on to consumers`);
  return { bytes: joinBytes(parts), removed, warnings };
}

interface Line {
  readonly start: number;
  /** Where the line's text ends (before CR LF or LF). */
  readonly end: number;
  /** Where the next line starts. */
  readonly next: number;
}

/** The command line, the header lines, and where the blank line that ends the head starts. */
function head(raw: Uint8Array): { command: Line; headers: Line[]; blankStart: number } {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const lf = raw.indexOf(LF, start);
    if (lf < 0) throw new ApiError('invalid-request', 'the captured bytes end before the frame head does');
    const end = lf > start && raw[lf - 1] === CR ? lf - 1 : lf;
    if (end === start && lines.length > 0) return { command: lines[0], headers: lines.slice(1), blankStart: start };
    lines.push({ start, end, next: lf + 1 });
    start = lf + 1;
  }
}

function headerName(raw: Uint8Array, line: Line): string {
  const colon = raw.indexOf(COLON, line.start);
  return text(raw, line.start, colon < 0 || colon > line.end ? line.end : colon);
}

function text(raw: Uint8Array, start: number, end: number): string {
  return new TextDecoder().decode(raw.subarray(start, end));
}
