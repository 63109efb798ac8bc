/**
 * `replay`: sends the client side of a proxy recording to a broker again, byte for byte (or as the
 * proxy forwarded it, or with frames dropped or headers changed), and prints what happens as the
 * `proxy` command does. Recordings hold no passcodes: give --passcode unless the broker takes any.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { getHeader, withHeader } from '../protocol/frame';
import { isConnectCommand } from '../proxy/credentials';
import { linesOf, readRecording, RecordingError, type Recording } from '../proxy/recording-reader';
import { RecordingReplay } from '../proxy/replay';
import type { FrameEdit } from '../proxy/replay-stream';
import { clientOptions } from './connection-args';
import { CliFailure, EXIT, seconds, UsageError } from './output';
import { printProxyEvents, StdoutLines, TLS_USAGE, UPSTREAM_OPTIONS } from './proxy-command';

export const REPLAY_USAGE =
  'replay FILE --to URI [--connection N]... [--forwarded] [--fast] [--linger MS] [--drop-frame SEQ]... [--set-header SEQ:name:value]... ' +
  `[--login L --passcode P] [--host VHOST] [--connect-timeout SECONDS] ${TLS_USAGE}`;

export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...UPSTREAM_OPTIONS,
      to: { type: 'string' },
      connection: { type: 'string', multiple: true },
      forwarded: { type: 'boolean', default: false },
      fast: { type: 'boolean', default: false },
      linger: { type: 'string' },
      'drop-frame': { type: 'string', multiple: true },
      'set-header': { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1) throw new UsageError(`replay takes one recording FILE, got ${positionals.length} argument(s)`);
  if (values.to === undefined) throw new UsageError('--to URI is required (the broker to replay against)');
  const recording = load(positionals[0]);
  const connections = (values.connection ?? []).map((text) => wholeNumber(text, '--connection', 1));
  const linger = values.linger === undefined ? undefined : wholeNumber(values.linger, '--linger', 0);
  const edits = editsFrom(recording, connections, values['drop-frame'] ?? [], values['set-header'] ?? []);
  const { tls } = clientOptions(values.to, values);
  const rewrite = values.login !== undefined || values.passcode !== undefined || values.host !== undefined ? { login: values.login, passcode: values.passcode, host: values.host } : undefined;

  const connectTimeout = seconds(values['connect-timeout'], '--connect-timeout', 10) * 1000;
  const replay = new RecordingReplay(recording, { upstream: values.to, tls, connectTimeout, rewriteConnect: rewrite, connections, use: values.forwarded ? 'forwarded' : 'sent', edits, pacing: values.fast ? 'none' : 'original', lingerMs: linger });
  let selected;
  try {
    selected = replay.selected();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.passcode === undefined && selected.some((c) => maskedPasscode(c.frames))) {
    process.stderr.write('replay: warning: the recording masks the CONNECT passcode (recordings never hold one): give --passcode unless the broker takes any\n');
  }
  const out = new StdoutLines(replay);
  const stop = printProxyEvents(replay, (line) => out.line(line));
  const interrupted = new Promise<'interrupted'>((resolve) => process.once('SIGINT', () => resolve('interrupted')));
  const done = replay.run();
  const first = await Promise.race([done, interrupted]);
  if (first === 'interrupted') replay.stop();
  const results = await done;
  for (const result of results) out.line({ type: 'replayed', ...result });
  stop();
  await out.flushed();
  const unreachable = results.find((r) => r.initiator === 'proxy' && r.reason.startsWith('cannot reach'));
  if (unreachable) throw new CliFailure(EXIT.connect, unreachable.reason);
  return first === 'interrupted' ? EXIT.interrupted : EXIT.ok;
}

function load(path: string): Recording {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the recording ${path}: ${(error as Error).message}`);
  }
  try {
    return readRecording(linesOf(text));
  } catch (error) {
    if (error instanceof RecordingError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

/** --drop-frame and --set-header name frames of one connection: the one --connection picks, or the only one. */
function editsFrom(recording: Recording, connections: readonly number[], drops: readonly string[], sets: readonly string[]): Map<number, Map<number, FrameEdit>> | undefined {
  if (drops.length === 0 && sets.length === 0) return undefined;
  const ids = connections.length > 0 ? connections : recording.connections.map((c) => c.id);
  if (ids.length !== 1) throw new UsageError(`--drop-frame and --set-header edit one connection: pick it with --connection (the recording has ${recording.connections.length})`);
  const connection = recording.connections.find((c) => c.id === ids[0]);
  if (!connection) throw new UsageError(`the recording has no connection ${ids[0]}`);
  const edits = new Map<number, FrameEdit>();
  const frameOf = (seq: number, option: string) => {
    const frame = connection.frames.find((f) => f.seq === seq);
    if (!frame) throw new UsageError(`${option}: connection ${connection.id} has no frame ${seq}`);
    if (frame.direction !== 'client-to-broker') throw new UsageError(`${option}: frame ${seq} came from the broker; only the client's frames are replayed`);
    return frame;
  };
  for (const text of drops) {
    const seq = wholeNumber(text, '--drop-frame', 1);
    frameOf(seq, '--drop-frame');
    edits.set(seq, { kind: 'drop' });
  }
  for (const text of sets) {
    const match = /^([0-9]+):([^:]+):(.*)$/s.exec(text);
    if (!match) throw new UsageError(`--set-header takes SEQ:name:value, not ${JSON.stringify(text)}`);
    const seq = Number(match[1]);
    const base = edits.get(seq);
    if (base?.kind === 'drop') throw new UsageError(`--set-header: frame ${seq} is also dropped`);
    const frame = base?.kind === 'frame' ? base.frame : frameOf(seq, '--set-header');
    edits.set(seq, { kind: 'frame', frame: withHeader(frame, match[2], match[3]) });
  }
  return new Map([[connection.id, edits]]);
}

function maskedPasscode(frames: Recording['connections'][number]['frames']): boolean {
  const connect = frames.find((f) => f.direction === 'client-to-broker' && isConnectCommand(f.command));
  const passcode = connect && getHeader(connect, 'passcode');
  return passcode !== undefined && passcode.length > 0 && /^\*+$/.test(passcode);
}

function wholeNumber(text: string, option: string, min: number): number {
  if (!/^[0-9]+$/.test(text.trim()) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`${option} must be a whole number${min > 0 ? ` from ${min}` : ''}, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}
