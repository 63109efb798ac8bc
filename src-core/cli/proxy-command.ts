/**
 * `proxy`: a recording and intercepting STOMP proxy in the foreground. Listens (loopback unless
 * --allow-remote), relays each client connection to the upstream URI byte for byte, and prints one
 * JSON line per frame, heart-beat, broken rule, open and close; --record writes the session as a
 * recording the app and `replay` can open. SIGINT or SIGTERM closes both sides of every connection
 * and exits 0.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { FailoverUriError, parseFailoverUri } from '../protocol/failover-uri';
import { shownHeaders } from '../proxy/credentials';
import { checkFaults, FaultSettingsError, type FaultSettings } from '../proxy/faults';
import { ListenAddressError, parseListenAddress } from '../proxy/listen-address';
import type { DirectionScope, ProxyEvents } from '../proxy/proxy-types';
import { ProxyRecorder, type RecordableSource } from '../proxy/recorder';
import { startStompProxy } from '../proxy/stomp-proxy';
import { clientOptions, CONNECTION_OPTIONS, positiveInteger } from './connection-args';
import { frameFields } from './frame-json';
import { seconds, UsageError } from './output';

export const TLS_USAGE = '[--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--insecure]';
export const PROXY_USAGE =
  'proxy --listen HOST:PORT --to URI [--record FILE] [--login L --passcode P] [--host VHOST] [--allow-remote] [--connect-timeout SECONDS] ' +
  '[--latency MS] [--jitter MS] [--bandwidth BYTES_PER_S] [--drop-after N] [--fault-direction client-to-broker|broker-to-client|both] ' +
  `[--swallow-receipts] [--corrupt-frame N] ${TLS_USAGE}`;

/** The connection options that make sense for the upstream side of a proxy (no -H, no --versions: the client chooses). */
export const UPSTREAM_OPTIONS = {
  login: CONNECTION_OPTIONS.login,
  passcode: CONNECTION_OPTIONS.passcode,
  host: CONNECTION_OPTIONS.host,
  'tls-ca': CONNECTION_OPTIONS['tls-ca'],
  'tls-cert': CONNECTION_OPTIONS['tls-cert'],
  'tls-key': CONNECTION_OPTIONS['tls-key'],
  insecure: CONNECTION_OPTIONS.insecure,
  /** Each connection attempt to the upstream broker (per broker of a failover URI). */
  'connect-timeout': { type: 'string' },
} as const;

/** Seconds for each upstream connection attempt when --connect-timeout is not given. */
const DEFAULT_CONNECT_SECONDS = 10;

export async function proxyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...UPSTREAM_OPTIONS,
      listen: { type: 'string' },
      to: { type: 'string' },
      record: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      bandwidth: { type: 'string' },
      'drop-after': { type: 'string' },
      'fault-direction': { type: 'string' },
      'swallow-receipts': { type: 'boolean', default: false },
      'corrupt-frame': { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`proxy takes no arguments, got ${JSON.stringify(positionals[0])}`);
  if (values.listen === undefined) throw new UsageError('--listen HOST:PORT is required (e.g. --listen 127.0.0.1:61700)');
  if (values.to === undefined) throw new UsageError('--to URI is required (e.g. --to tcp://127.0.0.1:61613)');
  let listen;
  try {
    listen = parseListenAddress(values.listen);
  } catch (error) {
    if (error instanceof ListenAddressError) throw new UsageError(`--listen ${error.message}`);
    throw error;
  }
  const upstream = upstreamUri(values.to);
  const faults = faultsFrom(values);
  const { tls } = clientOptions(values.to, values);
  const rewrite = values.login !== undefined || values.passcode !== undefined || values.host !== undefined ? { login: values.login, passcode: values.passcode, host: values.host } : undefined;

  const connectTimeout = seconds(values['connect-timeout'], '--connect-timeout', DEFAULT_CONNECT_SECONDS) * 1000;
  const proxy = await startStompProxy({ listen, allowRemote: values['allow-remote'], upstream, tls, rewriteConnect: rewrite, faults, connectTimeout });
  const out = new StdoutLines(proxy);
  for (const warning of proxy.warnings) process.stderr.write(`proxy: warning: ${warning}\n`);
  const { host, port } = proxy.address;
  out.line({ type: 'listening', host, port, upstream: values.to });
  const stopPrinting = printProxyEvents(proxy, (line) => out.line(line));
  let file: WriteStream | undefined;
  let recorder: ProxyRecorder | undefined;
  if (values.record !== undefined) {
    file = await openRecording(values.record);
    recorder = new ProxyRecorder(proxy, fileSink(file), { label: `proxy ${host}:${port} → ${values.to}`, startedAt: new Date().toISOString(), listen: `${host}:${port}`, upstream: values.to });
  }

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    // A reader that went away (`| head`): stop as if interrupted.
    process.stdout.once('error', () => resolve());
  });
  await proxy.close();
  stopPrinting();
  recorder?.stop();
  if (file) await new Promise<void>((resolve) => (file as WriteStream).end(resolve));
  await out.flushed();
  return 0;
}

/** Prints a proxy's (or a replay's) events as the CLI's JSON lines; returns a function that stops. */
export function printProxyEvents(source: Pick<RecordableSource, 'on'>, print: (line: object | string) => void): () => void {
  // Frames come by the thousand within one millisecond: its ISO text is made once.
  let lastAt = Number.NaN;
  let lastIso = '';
  const time = (at: number) => (at === lastAt ? lastIso : ((lastAt = at), (lastIso = new Date(at).toISOString())));
  const stops = [
    source.on('open', (e) => print({ type: 'open', connection: e.connection, time: time(e.at), client: e.client, broker: e.broker })),
    source.on('frame', (e) => {
      const { frame } = e;
      const { body, framing, ...rest } = frameFields({ command: frame.command, headers: shownHeaders(frame.command, frame.headers), body: frame.body, framing: frame.framing });
      // The body (base64: nothing to escape) is put in as it is: JSON.stringify would scan and copy
      // every byte of it again, the most of this line's cost for large bodies. Same line, same order.
      const head = JSON.stringify({ type: 'frame', connection: e.connection, direction: e.direction, time: time(e.at), ...rest });
      print(`${head.slice(0, -1)},"body":"${body}","framing":"${framing}"}`);
    }),
    source.on('heartbeat', (e) => print({ type: 'heartbeat', connection: e.connection, direction: e.direction, time: time(e.at), offset: e.offset })),
    source.on('diagnostic', (e) => print({ type: 'diagnostic', connection: e.connection, direction: e.direction, time: time(e.at), ...e.diagnostic })),
    source.on('altered', (e) =>
      print({ type: 'altered', connection: e.connection, direction: e.direction, time: time(e.at), action: e.action, detail: e.detail, offset: e.offset, size: e.size }),
    ),
    source.on('close', (e) => print({ type: 'close', connection: e.connection, time: time(e.at), initiator: e.initiator, reason: e.reason })),
  ];
  return () => stops.forEach((stop) => stop());
}

/**
 * JSON lines to stdout, joined per turn of the event loop. When stdout cannot keep up (a slow
 * pipe), the proxy stops reading until it drains: lines are never dropped and never pile up.
 */
export class StdoutLines {
  private pending: string[] = [];
  private scheduled = false;
  private blocked = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly source: Partial<Pick<RecordableSource, 'pauseReading' | 'resumeReading'>>) {}

  /** An object to print as JSON, or a line already in JSON. */
  line(value: object | string): void {
    this.pending.push(typeof value === 'string' ? value : JSON.stringify(value));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Resolves once everything printed so far has left the process. */
  async flushed(): Promise<void> {
    this.flush();
    await this.idle;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('\n') + '\n';
    this.pending = [];
    if (process.stdout.write(text) || this.blocked) return;
    this.blocked = true;
    this.source.pauseReading?.('observer');
    this.idle = new Promise((resolve) =>
      process.stdout.once('drain', () => {
        this.blocked = false;
        this.source.resumeReading?.('observer');
        resolve();
      }),
    );
  }
}

function upstreamUri(text: string): string {
  try {
    parseFailoverUri(text);
  } catch (error) {
    if (error instanceof FailoverUriError) throw new UsageError(`--to ${JSON.stringify(text)}: ${error.message} (at character ${error.offset + 1})`);
    throw error;
  }
  return text;
}

interface FaultValues {
  latency?: string;
  jitter?: string;
  bandwidth?: string;
  'drop-after'?: string;
  'fault-direction'?: string;
  'swallow-receipts'?: boolean;
  'corrupt-frame'?: string;
}

function faultsFrom(values: FaultValues): FaultSettings {
  const scope = (values['fault-direction'] ?? 'both') as DirectionScope;
  if (!['both', 'client-to-broker', 'broker-to-client'].includes(scope)) {
    throw new UsageError(`--fault-direction must be client-to-broker, broker-to-client or both, not ${JSON.stringify(values['fault-direction'])}`);
  }
  const whole = (value: string | undefined, option: string, min: number) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!/^[0-9]+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${option} must be a whole number${min > 0 ? ' above 0' : ''}, not ${JSON.stringify(value)}`);
    return n;
  };
  const latency = whole(values.latency, '--latency', 0);
  const jitter = whole(values.jitter, '--jitter', 0);
  const bandwidth = whole(values.bandwidth, '--bandwidth', 1);
  const dropAfter = positiveInteger(values['drop-after'], '--drop-after');
  const corrupt = positiveInteger(values['corrupt-frame'], '--corrupt-frame');
  if (jitter !== undefined && latency === undefined) throw new UsageError('--jitter goes with --latency');
  const faults: FaultSettings = {
    latency: latency !== undefined ? { ms: latency, jitterMs: jitter, direction: scope } : undefined,
    bandwidth: bandwidth !== undefined ? { bytesPerSecond: bandwidth, direction: scope } : undefined,
    dropAfterFrames: dropAfter !== undefined ? { count: dropAfter, direction: scope } : undefined,
    swallowReceipts: values['swallow-receipts'] || undefined,
    corruptFrame: corrupt !== undefined ? { nth: corrupt, direction: 'client-to-broker' } : undefined,
  };
  try {
    return checkFaults(faults);
  } catch (error) {
    if (error instanceof FaultSettingsError) throw new UsageError(error.message);
    throw error;
  }
}

/** A new file only readable by its owner: a recording holds every message body that went through. */
async function openRecording(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path, { mode: 0o600 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot write the recording ${path}: ${error.message}`)));
  });
  return stream;
}

export function fileSink(stream: WriteStream) {
  return { write: (line: string) => stream.write(line + '\n'), onDrain: (listener: () => void) => void stream.on('drain', listener) };
}

export type { ProxyEvents };
