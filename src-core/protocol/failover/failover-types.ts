/**
 * The parsed value of a failover URI, its defaults, and the one error its parser throws.
 *
 * Every error is a `FailoverUriError` whose offset and length point at the exact characters to
 * underline, because the profile editor shows the URI as the user typed it. Offsets and lengths
 * count UTF-16 code units, as JavaScript string indices do. A missing part (no host, no value)
 * has length 0 at the place where it should be written.
 *
 * Defaults, and why:
 * - Without `failover:` the URI names exactly one broker. Its defaults differ in one place:
 *   `startupMaxReconnectAttempts` is 0, so a mistyped address fails at once instead of retrying
 *   for ever; after a connection succeeded, `maxReconnectAttempts` (-1) reconnects for ever.
 *   These are stompest's defaults for every URI. With `failover:` the defaults are ActiveMQ's:
 *   retry for ever, at start-up too.
 * - `startupMaxReconnectAttempts=-1` means "not set: `maxReconnectAttempts` applies before the
 *   first connection too", which is what ActiveMQ's FailoverTransport does (its documentation
 *   says "unlimited", which is the same thing only while maxReconnectAttempts is -1).
 * - Default ports: tcp 61613, the STOMP port of ActiveMQ Classic, Artemis and RabbitMQ alike;
 *   ws 80 and wss 443, as any WebSocket URL means. ssl/tls have no default: ActiveMQ serves
 *   STOMP over TLS on 61612 and RabbitMQ on 61614, and a wrong guess shows up as a baffling
 *   handshake failure, so the parser asks for the port instead.
 */

export type BrokerScheme = 'tcp' | 'ssl' | 'tls' | 'ws' | 'wss';

/** What a client has to open; `ssl` and `tls` are two names for the same thing. */
export type BrokerTransport = 'tcp' | 'tls' | 'ws' | 'wss';

export interface FailoverBroker {
  /** Lower-cased, otherwise as written, so that formatting gives back the user's spelling. */
  readonly scheme: BrokerScheme;
  /** Without the brackets of an IPv6 address; case kept as written. */
  readonly host: string;
  /** The written port, or the scheme's default. */
  readonly port: number;
  /** ws/wss only: as written, `''` when absent (e.g. `/ws`). */
  readonly path: string;
  /** ws/wss inside failover brackets only: the raw query without `?`, `''` when absent. */
  readonly query: string;
}

export interface FailoverOptions {
  /** ms before the first retry. */
  readonly initialReconnectDelay: number;
  /** ms; no backed-off delay exceeds it (jitter comes on top). */
  readonly maxReconnectDelay: number;
  readonly useExponentialBackOff: boolean;
  readonly backOffMultiplier: number;
  /** Retries after the first attempt once connected before: -1 unlimited, 0 none. */
  readonly maxReconnectAttempts: number;
  /** Retries before the first connection: -1 means maxReconnectAttempts applies. */
  readonly startupMaxReconnectAttempts: number;
  /** ms; a random 0..jitter added to each retry's delay so that clients don't stampede. */
  readonly reconnectDelayJitter: number;
  /** Shuffle the brokers each round. */
  readonly randomize: boolean;
  /** Try the priority brokers first in every round, unshuffled. */
  readonly priorityBackup: boolean;
  /** Indices into `brokers` of the priority brokers, in priority order; empty means the first. */
  readonly priorityURIs: readonly number[];
}

export interface FailoverUri {
  readonly brokers: readonly FailoverBroker[];
  readonly options: FailoverOptions;
}

export type FailoverUriProblem =
  | 'empty-uri'
  | 'missing-broker'
  | 'unclosed-bracket'
  | 'unmatched-bracket'
  | 'nested-bracket'
  | 'text-after-bracket'
  | 'several-brokers-without-failover'
  | 'missing-scheme'
  | 'unknown-scheme'
  | 'missing-host'
  | 'bad-host'
  | 'credentials'
  | 'missing-port'
  | 'bad-port'
  | 'unexpected-path'
  | 'unexpected-query'
  | 'bad-character'
  | 'fragment'
  | 'broker-in-options'
  | 'missing-option-name'
  | 'unknown-option'
  | 'unsupported-option'
  | 'duplicate-option'
  | 'missing-value'
  | 'bad-value'
  | 'unknown-priority-uri';

export class FailoverUriError extends Error {
  readonly uri: string;
  readonly problem: FailoverUriProblem;
  /** 0-based index in `uri` of the offending part. */
  readonly offset: number;
  /** Its length; 0 when something is missing at `offset`. */
  readonly length: number;

  constructor(uri: string, problem: FailoverUriProblem, offset: number, length: number, message: string) {
    super(message);
    this.name = 'FailoverUriError';
    this.uri = uri;
    this.problem = problem;
    this.offset = offset;
    this.length = length;
  }
}

/** The longest a JavaScript timer can wait; setTimeout fires at once for anything longer. */
export const MAX_TIMER_DELAY = 2 ** 31 - 1;

export const FAILOVER_DEFAULTS: FailoverOptions = Object.freeze({
  initialReconnectDelay: 10,
  maxReconnectDelay: 30_000,
  useExponentialBackOff: true,
  backOffMultiplier: 2,
  maxReconnectAttempts: -1,
  startupMaxReconnectAttempts: -1,
  reconnectDelayJitter: 0,
  randomize: true,
  priorityBackup: false,
  priorityURIs: Object.freeze([]) as readonly number[],
});

/** A URI without `failover:` fails fast at start-up (see the file comment). */
export const PLAIN_URI_DEFAULTS: FailoverOptions = Object.freeze({
  ...FAILOVER_DEFAULTS,
  startupMaxReconnectAttempts: 0,
});

export const DEFAULT_PORTS: Readonly<Record<BrokerScheme, number | undefined>> = Object.freeze({
  tcp: 61613,
  ssl: undefined,
  tls: undefined,
  ws: 80,
  wss: 443,
});

export const FAILOVER_OPTION_NAMES: readonly (keyof FailoverOptions)[] = Object.freeze([
  'initialReconnectDelay',
  'maxReconnectDelay',
  'useExponentialBackOff',
  'backOffMultiplier',
  'maxReconnectAttempts',
  'startupMaxReconnectAttempts',
  'reconnectDelayJitter',
  'randomize',
  'priorityBackup',
  'priorityURIs',
]);

export function brokerTransport(broker: Pick<FailoverBroker, 'scheme'>): BrokerTransport {
  return broker.scheme === 'ssl' ? 'tls' : broker.scheme;
}
