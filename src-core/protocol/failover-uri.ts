/**
 * Failover URIs of the ActiveMQ/stompest family, parsed into a typed value and formatted back.
 *
 *   failover:(tcp://a:61613,ssl://b:61614)?initialReconnectDelay=100&randomize=false
 *   failover:tcp://a:61613,tcp://b:61613?randomize=false,maxReconnectAttempts=5
 *   ws://127.0.0.1:15674/ws
 *
 * Every error is a `FailoverUriError` whose offset and length point at the exact characters to
 * underline, because the profile editor shows the URI as the user typed it.
 *
 * Decisions, and why:
 * - Option names are case-sensitive. ActiveMQ looks them up as bean setters and stompest as dict
 *   keys, so neither accepts `RANDOMIZE`; a name that differs only in case gets a "did you mean".
 *   Boolean values accept any case (`True`), as Java's Boolean.parseBoolean does.
 * - Options are separated by `&` (ActiveMQ) or `,` (stompest), mixed freely. Empty segments and
 *   whitespace around separators are ignored: pasted URIs often have them.
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
 * - tcp and ssl/tls take no path and no query (there is nowhere to send them); ws/wss keep both,
 *   as written, for the HTTP upgrade request. A broker's own query is only possible inside the
 *   brackets: outside them the first `?` starts the failover options, as in ActiveMQ. `(`, `)`
 *   and `,` are structure here, so a path or query must percent-encode them (a path `&` too).
 * - `priorityURIs` (ActiveMQ) names the priority brokers; each entry must be one of the listed
 *   brokers. Its value is a comma-separated list, so entries after the first are recognised by
 *   their `://`. Without `priorityBackup=true` it is kept but has no effect, as in ActiveMQ.
 * - Options of ActiveMQ's JMS client that mean nothing to a STOMP client (backup, timeout,
 *   trackMessages, ...) are errors that say so, rather than being silently ignored.
 * - Numbers are bounded: delays by 2^31-1 ms, the most a JavaScript timer can wait (a larger
 *   value fires at once); backOffMultiplier from 1 (constant) to 100 (below 1 the delay would
 *   shrink, above 100 it is almost surely a typo).
 * - Offsets and lengths count UTF-16 code units, as JavaScript string indices do. A missing
 *   part (no host, no value) has length 0 at the place where it should be written.
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

/** A URI without `failover:` fails fast at start-up (see the module comment). */
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

export function parseFailoverUri(uri: string): FailoverUri {
  const whole = trimSpan(uri, 0, uri.length, /\s/);
  if (whole.start === whole.end) {
    throw fail(uri, 'empty-uri', whole.start, 0,
      `empty URI at ${whole.start}`,
      'write a broker URI such as tcp://localhost:61613');
  }
  if (uri.slice(whole.start, whole.start + FAILOVER_PREFIX.length).toLowerCase() === FAILOVER_PREFIX) {
    return parseFailoverForm(uri, whole);
  }
  return parsePlainForm(uri, whole);
}

/** The URI of one broker, port always written, as a client would dial it. */
export function formatBrokerUri(broker: FailoverBroker): string {
  const host = broker.host.includes(':') ? `[${broker.host}]` : broker.host;
  const query = broker.query === '' ? '' : `?${broker.query}`;
  return `${broker.scheme}://${host}:${broker.port}${broker.path}${query}`;
}

/**
 * The shorter of the plain and the `failover:(...)` spelling that parses back to `value`,
 * writing only the options that differ from that spelling's defaults.
 */
export function formatFailoverUri(value: FailoverUri): string {
  const { brokers, options } = value;
  if (brokers.length === 0) throw new RangeError('a failover URI needs at least one broker');
  const list = brokers.map(formatBrokerUri).join(',');
  const failover = withQuery(`failover:(${list})`, formatOptions(options, FAILOVER_DEFAULTS, brokers));
  if (brokers.length > 1 || brokers[0].query !== '') return failover;
  const plain = withQuery(list, formatOptions(options, PLAIN_URI_DEFAULTS, brokers));
  return plain.length <= failover.length ? plain : failover;
}

// ---------------------------------------------------------------------------------------------
// The two forms

const FAILOVER_PREFIX = 'failover:';
const SPACE = /[ \t\r\n]/;

interface Span {
  readonly start: number;
  readonly end: number;
}

function parseFailoverForm(uri: string, whole: Span): FailoverUri {
  let p = whole.start + FAILOVER_PREFIX.length;
  if (uri.startsWith('//', p)) p += 2; // failover://(...) appears in Red Hat's and Fuse's docs
  p = skipSpace(uri, p, whole.end);
  if (p === whole.end) {
    throw fail(uri, 'missing-broker', p, 0,
      `no broker after "failover:" at ${p}`,
      'write failover:(tcp://host1:61613,tcp://host2:61613)');
  }

  let listSpan: Span;
  let optionsStart: number | undefined;
  if (uri[p] === '(') {
    const close = indexIn(uri, ')', p + 1, whole.end);
    const nested = indexIn(uri, '(', p + 1, close === -1 ? whole.end : close);
    if (nested !== -1) {
      throw fail(uri, 'nested-bracket', nested, 1,
        `unexpected "(" at ${nested}`,
        'brackets do not nest: list the brokers as failover:(uri1,uri2)');
    }
    if (close === -1) {
      throw fail(uri, 'unclosed-bracket', p, 1, `unclosed "(" at ${p}`, 'add ")" after the last broker');
    }
    listSpan = { start: p + 1, end: close };
    const after = skipSpace(uri, close + 1, whole.end);
    if (after < whole.end) {
      if (uri[after] === ')') {
        throw fail(uri, 'unmatched-bracket', after, 1, `unmatched ")" at ${after}`, 'remove it');
      }
      if (uri[after] !== '?') {
        const end = endOfText(uri, after, whole.end, '?');
        throw fail(uri, 'text-after-bracket', after, end - after,
          `unexpected "${uri.slice(after, end)}" after ")" at ${after}`,
          'options go after "?", e.g. failover:(tcp://a:61613)?randomize=false');
      }
      optionsStart = after + 1;
    }
  } else {
    const question = indexIn(uri, '?', p, whole.end);
    listSpan = { start: p, end: question === -1 ? whole.end : question };
    const open = indexIn(uri, '(', listSpan.start, listSpan.end);
    if (open !== -1) {
      throw fail(uri, 'nested-bracket', open, 1,
        `unexpected "(" at ${open}`,
        'brackets go right after "failover:", around all the brokers');
    }
    const close = indexIn(uri, ')', listSpan.start, listSpan.end);
    if (close !== -1) {
      throw fail(uri, 'unmatched-bracket', close, 1,
        `unmatched ")" at ${close}`,
        'remove it, or add "(" right after "failover:"');
    }
    if (question !== -1) optionsStart = question + 1;
  }

  const brokers = parseBrokerList(uri, listSpan, uri[p] === '(');
  const options = optionsStart === undefined
    ? FAILOVER_DEFAULTS
    : parseOptions(uri, { start: optionsStart, end: whole.end }, brokers, FAILOVER_DEFAULTS, false);
  return { brokers, options };
}

function parsePlainForm(uri: string, whole: Span): FailoverUri {
  if (uri[whole.start] === '(') {
    throw fail(uri, 'missing-broker', whole.start, 0,
      `brackets without "failover:" at ${whole.start}`,
      'write failover:(uri1,uri2)');
  }
  const question = indexIn(uri, '?', whole.start, whole.end);
  const brokerEnd = question === -1 ? whole.end : question;
  const comma = indexIn(uri, ',', whole.start, brokerEnd);
  if (comma !== -1) {
    throw fail(uri, 'several-brokers-without-failover', comma, 1,
      `several brokers without "failover:" at ${comma}`,
      'write failover:(uri1,uri2)');
  }
  const broker = parseBroker(uri, trimSpan(uri, whole.start, brokerEnd, SPACE));
  const webSocket = broker.scheme === 'ws' || broker.scheme === 'wss';
  const options = question === -1
    ? PLAIN_URI_DEFAULTS
    : parseOptions(uri, { start: question + 1, end: whole.end }, [broker], PLAIN_URI_DEFAULTS, webSocket);
  return { brokers: [broker], options };
}

function parseBrokerList(uri: string, list: Span, bracketed: boolean): FailoverBroker[] {
  const parts = splitSpan(uri, list, ',');
  if (parts.length === 1 && isBlank(uri, parts[0])) {
    const at = skipSpace(uri, list.start, list.end);
    const hint = bracketed ? 'put at least one broker between the brackets' : 'write at least one broker before "?"';
    throw fail(uri, 'missing-broker', at, 0,
      `empty broker list at ${at}`,
      `${hint}, e.g. failover:(tcp://localhost:61613)`);
  }
  return parts.map((part, i) => {
    if (!isBlank(uri, part)) return parseBroker(uri, trimSpan(uri, part.start, part.end, SPACE));
    // Underline the comma that has nothing on one side of it.
    const comma = i < parts.length - 1 ? part.end : part.start - 1;
    throw fail(uri, 'missing-broker', comma, 1, `missing broker next to "," at ${comma}`, 'remove the extra ","');
  });
}

// ---------------------------------------------------------------------------------------------
// One broker

const SCHEMES: ReadonlySet<string> = new Set<BrokerScheme>(['tcp', 'ssl', 'tls', 'ws', 'wss']);

/** The schemes people write from habit, and what they mean here. */
const SCHEME_ADVICE: Readonly<Record<string, string>> = {
  stomp: 'use tcp',
  'stomp+nio': 'use tcp',
  nio: 'use tcp',
  'stomp+ssl': 'use ssl',
  'stomp+nio+ssl': 'use ssl',
  'nio+ssl': 'use ssl',
  stomps: 'use ssl',
  http: 'use ws',
  https: 'use wss',
  failover: '"failover:" goes once, at the very start',
};

const HOST_CHAR = /[A-Za-z0-9._~-]/;
// RFC 3986 pchar without "(", ")" and ",", which are structure in a failover URI, and
// without "&", which separates options and so would cut a priorityURIs entry short.
const PATH_CHAR = /[A-Za-z0-9._~!$'*+;=:@%/-]/;
const QUERY_CHAR = /[A-Za-z0-9._~!$&'*+;=:@%/?-]/;

/** `inPriorityURIs`: an entry of priorityURIs names a broker, so it takes no query. */
function parseBroker(uri: string, span: Span, inPriorityURIs = false): FailoverBroker {
  const { start, end } = span;
  const text = uri.slice(start, end);
  const schemeMatch = /^[A-Za-z][A-Za-z0-9+.-]*/.exec(text);
  const schemeEnd = start + (schemeMatch ? schemeMatch[0].length : 0);
  if (!schemeMatch || !uri.startsWith('://', schemeEnd) || schemeEnd + 3 > end) {
    if (schemeMatch && uri[schemeEnd] === ':' && !/[0-9]/.test(uri[schemeEnd + 1] ?? '')) {
      throw fail(uri, 'missing-scheme', schemeEnd + 1, 0,
        `missing "//" after "${schemeMatch[0]}:" at ${schemeEnd + 1}`,
        `write ${schemeMatch[0]}://host:port`);
    }
    const example = text.length > 40 ? 'host:61613' : text.includes(':') ? text : `${text}:61613`;
    throw fail(uri, 'missing-scheme', start, 0, `missing scheme at ${start}`, `write tcp://${example}`);
  }
  const written = schemeMatch[0].toLowerCase();
  if (!SCHEMES.has(written)) {
    const advice = SCHEME_ADVICE[written] ?? 'use tcp, ssl (or tls), ws or wss';
    throw fail(uri, 'unknown-scheme', start, schemeEnd - start,
      `unknown scheme "${schemeMatch[0]}" at ${start}`,
      advice);
  }
  const scheme = written as BrokerScheme;

  const authStart = schemeEnd + 3;
  const authEnd = endOfText(uri, authStart, end, '/?#');
  const at = indexIn(uri, '@', authStart, authEnd);
  if (at !== -1) {
    throw fail(uri, 'credentials', authStart, at + 1 - authStart,
      `login in the URI at ${authStart}`,
      'remove it and put the login and passcode in the connection profile');
  }
  const { host, hostEnd } = parseHost(uri, authStart, authEnd);
  const port = parsePort(uri, scheme, hostEnd, authEnd);

  const pathEnd = authEnd < end && uri[authEnd] === '/' ? endOfText(uri, authEnd, end, '?#') : authEnd;
  const hasQuery = pathEnd < end && uri[pathEnd] === '?';
  const queryEnd = hasQuery ? endOfText(uri, pathEnd, end, '#') : pathEnd;
  if (queryEnd < end) {
    throw fail(uri, 'fragment', queryEnd, end - queryEnd,
      `fragment "${uri.slice(queryEnd, end)}" at ${queryEnd}`,
      'remove it: a broker has no use for it');
  }
  const websocket = scheme === 'ws' || scheme === 'wss';
  if (!websocket && pathEnd > authEnd) {
    throw fail(uri, 'unexpected-path', authEnd, pathEnd - authEnd,
      `path "${uri.slice(authEnd, pathEnd)}" on a ${scheme} broker at ${authEnd}`,
      'remove it: only ws and wss URIs have a path');
  }
  if (hasQuery) {
    const q = pathEnd;
    const query = `query "${uri.slice(q, queryEnd)}"`;
    if (inPriorityURIs) {
      throw fail(uri, 'unexpected-query', q, queryEnd - q,
        `${query} in priorityURIs at ${q}`,
        'name the broker by scheme, host, port and path only');
    }
    if (!websocket) {
      throw fail(uri, 'unexpected-query', q, queryEnd - q,
        `${query} on a ${scheme} broker at ${q}`,
        'failover options go after the closing bracket, e.g. failover:(tcp://a:61613)?randomize=false');
    }
  }
  checkCharacters(uri, authEnd, pathEnd, PATH_CHAR, 'path');
  if (hasQuery) checkCharacters(uri, pathEnd + 1, queryEnd, QUERY_CHAR, 'query');
  return {
    scheme,
    host,
    port,
    path: uri.slice(authEnd, pathEnd),
    query: hasQuery ? uri.slice(pathEnd + 1, queryEnd) : '',
  };
}

function parseHost(uri: string, start: number, end: number): { host: string; hostEnd: number } {
  if (start < end && uri[start] === '[') {
    const close = indexIn(uri, ']', start, end);
    if (close === -1) {
      throw fail(uri, 'bad-host', start, 1,
        `unclosed "[" at ${start}`,
        'add "]" after the IPv6 address, e.g. tcp://[::1]:61613');
    }
    const address = uri.slice(start + 1, close);
    if (!isIpv6(address)) {
      throw fail(uri, 'bad-host', start + 1, address.length,
        `"${address}" is not an IPv6 address at ${start + 1}`,
        'write one such as [::1] or [fe80::1]');
    }
    if (close + 1 < end && uri[close + 1] !== ':') {
      throw fail(uri, 'bad-host', close + 1, 1,
        `unexpected "${uri[close + 1]}" after the IPv6 address at ${close + 1}`,
        'write the port as [::1]:61613');
    }
    return { host: address, hostEnd: close + 1 };
  }
  const colon = indexIn(uri, ':', start, end);
  const hostEnd = colon === -1 ? end : colon;
  if (colon !== -1 && indexIn(uri, ':', colon + 1, end) !== -1) {
    throw fail(uri, 'bad-host', start, end - start,
      `IPv6 address "${uri.slice(start, end)}" without brackets at ${start}`,
      'put it in brackets, e.g. tcp://[::1]:61613');
  }
  if (hostEnd === start) {
    throw fail(uri, 'missing-host', start, 0, `missing host at ${start}`, 'write one, e.g. tcp://localhost:61613');
  }
  for (let i = start; i < hostEnd; i++) {
    if (!HOST_CHAR.test(uri[i])) {
      throw fail(uri, 'bad-host', i, 1,
        `bad character "${uri[i]}" in host at ${i}`,
        'a host name has letters, digits, "-", "_" and "."');
    }
  }
  const host = uri.slice(start, hostEnd);
  if (/^[0-9.]+$/.test(host) && !isIpv4(host)) {
    throw fail(uri, 'bad-host', start, host.length,
      `"${host}" is not an IPv4 address at ${start}`,
      'write four numbers from 0 to 255, e.g. 127.0.0.1');
  }
  return { host, hostEnd };
}

function parsePort(uri: string, scheme: BrokerScheme, hostEnd: number, end: number): number {
  if (hostEnd === end) {
    const port = DEFAULT_PORTS[scheme];
    if (port !== undefined) return port;
    throw fail(uri, 'missing-port', hostEnd, 0,
      `${scheme} broker without a port at ${hostEnd}`,
      'add it: brokers differ (ActiveMQ serves STOMP over TLS on 61612, RabbitMQ on 61614)');
  }
  const start = hostEnd + 1; // past the ':'
  if (start === end) {
    throw fail(uri, 'missing-port', start, 0,
      `missing port after ":" at ${start}`,
      'write the port, e.g. 61613, or remove the ":"');
  }
  const text = uri.slice(start, end);
  const port = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw fail(uri, 'bad-port', start, text.length,
      `bad port "${text}" at ${start}`,
      'a port is a number from 1 to 65535');
  }
  return port;
}

function checkCharacters(uri: string, start: number, end: number, allowed: RegExp, part: string): void {
  for (let i = start; i < end; i++) {
    const c = uri[i];
    if (!allowed.test(c)) {
      throw fail(uri, 'bad-character', i, 1, `bad character "${c}" in ${part} at ${i}`, 'percent-encode it as %HH');
    }
    if (c === '%' && !/^[0-9A-Fa-f]{2}$/.test(uri.slice(i + 1, Math.min(i + 3, end)))) {
      const length = Math.min(3, end - i);
      throw fail(uri, 'bad-character', i, length,
        `bad percent-escape "${uri.slice(i, i + length)}" in ${part} at ${i}`,
        'write % followed by two hex digits, or %25 for "%" itself');
    }
  }
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  let body = text;
  let tail = 0; // groups taken by an embedded IPv4 address
  const lastColon = body.lastIndexOf(':');
  if (body.includes('.')) {
    if (lastColon === -1 || !isIpv4(body.slice(lastColon + 1))) return false;
    body = body.slice(0, lastColon + 1) + '0';
    tail = 1; // the IPv4 address counts two groups; the placeholder counts one
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | undefined => {
    if (half === '') return [];
    const parts = half.split(':');
    return parts.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g)) ? parts : undefined;
  };
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !rest) return false;
  const count = head.length + rest.length + tail;
  return halves.length === 2 ? count <= 7 : count === 8;
}

// ---------------------------------------------------------------------------------------------
// Options

type OptionName = keyof FailoverOptions;

interface NumberSpec {
  readonly kind: 'integer' | 'decimal';
  readonly min: number;
  readonly max: number;
  /** How to write a good value, for the error message. */
  readonly expect: string;
}
type OptionSpec = NumberSpec | { readonly kind: 'boolean' } | { readonly kind: 'brokers' };

const DELAY: NumberSpec = {
  kind: 'integer',
  min: 0,
  max: MAX_TIMER_DELAY,
  expect: `a whole number of milliseconds from 0 to ${MAX_TIMER_DELAY}`,
};
const ATTEMPTS: NumberSpec = {
  kind: 'integer',
  min: -1,
  max: MAX_TIMER_DELAY,
  expect: `-1 (unlimited), 0 (no retry) or a number of retries up to ${MAX_TIMER_DELAY}`,
};
const BOOLEAN: OptionSpec = { kind: 'boolean' };

const OPTION_SPECS: Readonly<Record<OptionName, OptionSpec>> = {
  initialReconnectDelay: DELAY,
  maxReconnectDelay: DELAY,
  useExponentialBackOff: BOOLEAN,
  backOffMultiplier: { kind: 'decimal', min: 1, max: 100, expect: 'a number from 1 to 100, e.g. 2 or 1.5' },
  maxReconnectAttempts: ATTEMPTS,
  startupMaxReconnectAttempts: ATTEMPTS,
  reconnectDelayJitter: DELAY,
  randomize: BOOLEAN,
  priorityBackup: BOOLEAN,
  priorityURIs: { kind: 'brokers' },
};

/** ActiveMQ JMS-client options with no meaning for a STOMP client, and what to do instead. */
const UNSUPPORTED_OPTIONS: Readonly<Record<string, string>> = {
  reconnectDelayExponent: 'it is the old name of backOffMultiplier: write backOffMultiplier=',
  backup: 'remove it: backup connections are not supported',
  backupPoolSize: 'remove it: backup connections are not supported',
  timeout: 'remove it: set the connect timeout in the connection profile',
  trackMessages: 'remove it: message tracking is not supported',
  trackTransactionProducers: 'remove it: message tracking is not supported',
  maxCacheSize: 'remove it: message tracking is not supported',
  updateURIsSupported: 'remove it: brokers cannot update the list over STOMP',
  updateURIsURL: 'remove it: brokers cannot update the list over STOMP',
  rebalanceUpdateURIs: 'remove it: brokers cannot update the list over STOMP',
  reconnectSupported: 'remove it: brokers cannot redirect a STOMP client',
  warnAfterReconnectAttempts: 'remove it: every attempt is shown in the connection log',
};

function parseOptions(
  uri: string,
  span: Span,
  brokers: readonly FailoverBroker[],
  defaults: FailoverOptions,
  plainWebSocket: boolean,
): FailoverOptions {
  const values: Record<string, unknown> = { ...defaults };
  const seen = new Map<string, number>();
  let last: string | undefined;
  let priority: number[] = [];

  for (const raw of splitSpan(uri, span, '&,')) {
    const segment = trimSpan(uri, raw.start, raw.end, SPACE);
    if (segment.start === segment.end) continue;
    const equals = indexIn(uri, '=', segment.start, segment.end);
    const scheme = indexIn(uri, '://', segment.start, equals === -1 ? segment.end : equals);
    if (scheme !== -1) {
      if (last !== 'priorityURIs') {
        throw fail(uri, 'broker-in-options', segment.start, segment.end - segment.start,
          `broker "${uri.slice(segment.start, segment.end)}" among the options at ${segment.start}`,
          'brokers go before "?", e.g. failover:(tcp://a:61613,tcp://b:61613)?randomize=false');
      }
      priority.push(priorityIndex(uri, segment, brokers));
      continue;
    }

    const nameSpan = trimSpan(uri, segment.start, equals === -1 ? segment.end : equals, SPACE);
    const name = uri.slice(nameSpan.start, nameSpan.end);
    if (name === '') {
      throw fail(uri, 'missing-option-name', segment.start, 0,
        `missing option name before "=" at ${segment.start}`,
        `write name=value, e.g. randomize=false`);
    }
    const spec = Object.hasOwn(OPTION_SPECS, name) ? OPTION_SPECS[name as OptionName] : undefined;
    if (!spec) throw unknownOption(uri, nameSpan, name, plainWebSocket);
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw fail(uri, 'duplicate-option', nameSpan.start, name.length,
        `option "${name}" set again at ${nameSpan.start}`,
        `keep only one of them (the first is at ${previous})`);
    }
    seen.set(name, nameSpan.start);
    last = name;
    if (equals === -1) {
      throw fail(uri, 'missing-value', segment.end, 0,
        `missing value for "${name}" at ${segment.end}`,
        `write ${name}=${exampleValue(spec)}`);
    }
    const valueSpan = trimSpan(uri, equals + 1, segment.end, SPACE);
    if (spec.kind === 'brokers') {
      if (valueSpan.start === valueSpan.end) {
        throw fail(uri, 'missing-value', valueSpan.start, 0,
          `missing value for "${name}" at ${valueSpan.start}`,
          'list the priority brokers, e.g. priorityURIs=tcp://a:61613');
      }
      priority = [priorityIndex(uri, valueSpan, brokers)];
    } else {
      values[name] = parseValue(uri, name, spec, valueSpan);
    }
  }
  // A broker named twice in priorityURIs keeps its first place.
  values.priorityURIs = seen.has('priorityURIs') ? [...new Set(priority)] : defaults.priorityURIs;
  return values as unknown as FailoverOptions;
}

function parseValue(uri: string, name: string, spec: NumberSpec | { kind: 'boolean' }, span: Span): number | boolean {
  const text = uri.slice(span.start, span.end);
  if (text === '') {
    throw fail(uri, 'missing-value', span.start, 0,
      `missing value for "${name}" at ${span.start}`,
      `write ${name}=${exampleValue(spec)}`);
  }
  const bad = (expect: string): FailoverUriError =>
    fail(uri, 'bad-value', span.start, text.length,
      `bad value "${text}" for ${name} at ${span.start}`,
      `use ${expect}`);
  if (spec.kind === 'boolean') {
    const lower = text.toLowerCase();
    if (lower !== 'true' && lower !== 'false') throw bad('true or false');
    return lower === 'true';
  }
  const shape = spec.kind === 'integer' ? /^-?[0-9]+$/ : /^[0-9]+(\.[0-9]+)?$/;
  const value = shape.test(text) ? Number(text) : NaN;
  if (!(value >= spec.min && value <= spec.max)) throw bad(spec.expect);
  return value;
}

function priorityIndex(uri: string, span: Span, brokers: readonly FailoverBroker[]): number {
  const entry = parseBroker(uri, span, true);
  const index = brokers.findIndex((b) => sameBroker(b, entry));
  if (index === -1) {
    throw fail(uri, 'unknown-priority-uri', span.start, span.end - span.start,
      `priorityURIs entry "${uri.slice(span.start, span.end)}" is not one of the brokers at ${span.start}`,
      'list it among the brokers too, with the same scheme, host and port');
  }
  return index;
}

function sameBroker(a: FailoverBroker, b: FailoverBroker): boolean {
  return brokerTransport(a) === brokerTransport(b)
    && a.host.toLowerCase() === b.host.toLowerCase()
    && a.port === b.port
    && a.path === b.path;
}

function unknownOption(uri: string, span: Span, name: string, plainWebSocket: boolean): FailoverUriError {
  const at = `at ${span.start}`;
  const length = span.end - span.start;
  const advice = Object.hasOwn(UNSUPPORTED_OPTIONS, name) ? UNSUPPORTED_OPTIONS[name] : undefined;
  if (advice || name.startsWith('jms.') || name.startsWith('nested.')) {
    return fail(uri, 'unsupported-option', span.start, length,
      `unsupported option "${name}" ${at}`,
      advice ?? 'remove it: it is an ActiveMQ JMS-client option');
  }
  const suggestion = closestOptionName(name);
  if (suggestion) {
    const message = `unknown option "${name}" ${at} (did you mean "${suggestion}"?)`;
    return new FailoverUriError(uri, 'unknown-option', span.start, length, message);
  }
  const hint = plainWebSocket
    ? 'to send a query to the WebSocket endpoint, put the URI in brackets: failover:(ws://host/path?query)'
    : `the options are ${FAILOVER_OPTION_NAMES.join(', ')}`;
  return fail(uri, 'unknown-option', span.start, length, `unknown option "${name}" ${at}`, hint);
}

/** A known name that differs only in case, by a typo or two, or that was cut short. */
function closestOptionName(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of FAILOVER_OPTION_NAMES) {
    if (candidate.toLowerCase() === lower) return candidate;
    if (lower.length >= 4 && candidate.toLowerCase().startsWith(lower)) return candidate;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.min(3, Math.max(1, Math.floor(name.length / 3))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return Infinity; // only small distances matter
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

function exampleValue(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'boolean':
      return 'true';
    case 'brokers':
      return 'tcp://host:61613';
    default:
      return spec === ATTEMPTS ? '5' : spec.kind === 'decimal' ? '2' : '100';
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting

function formatOptions(
  options: FailoverOptions,
  defaults: FailoverOptions,
  brokers: readonly FailoverBroker[],
): string {
  const parts: string[] = [];
  for (const name of FAILOVER_OPTION_NAMES) {
    if (name === 'priorityURIs') {
      if (options.priorityURIs.length === 0) continue;
      const entries = options.priorityURIs.map((i) => formatBrokerUri({ ...brokers[i], query: '' }));
      parts.push(`priorityURIs=${entries.join(',')}`);
    } else if (options[name] !== defaults[name]) {
      parts.push(`${name}=${String(options[name])}`);
    }
  }
  return parts.join('&');
}

function withQuery(base: string, query: string): string {
  return query === '' ? base : `${base}?${query}`;
}

// ---------------------------------------------------------------------------------------------
// Spans and errors

/** "what at N: hint": where, what and how to fix it, in one sentence. */
function fail(
  uri: string,
  problem: FailoverUriProblem,
  offset: number,
  length: number,
  what: string,
  hint: string,
): FailoverUriError {
  return new FailoverUriError(uri, problem, offset, length, `${what}: ${hint}`);
}

function trimSpan(uri: string, start: number, end: number, space: RegExp): Span {
  while (start < end && space.test(uri[start])) start++;
  while (end > start && space.test(uri[end - 1])) end--;
  return { start, end };
}

function skipSpace(uri: string, at: number, end: number): number {
  while (at < end && SPACE.test(uri[at])) at++;
  return at;
}

function isBlank(uri: string, span: Span): boolean {
  return skipSpace(uri, span.start, span.end) === span.end;
}

/** The pieces of `span` between any of the one-character `separators`. */
function splitSpan(uri: string, span: Span, separators: string): Span[] {
  const parts: Span[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i++) {
    if (separators.includes(uri[i])) {
      parts.push({ start, end: i });
      start = i + 1;
    }
  }
  parts.push({ start, end: span.end });
  return parts;
}

/** `uri.indexOf(needle, start)`, but only if the match ends by `end`. */
function indexIn(uri: string, needle: string, start: number, end: number): number {
  const at = uri.indexOf(needle, start);
  return at === -1 || at + needle.length > end ? -1 : at;
}

/** The index of the first of `stops` in [start, end), or `end`. */
function endOfText(uri: string, start: number, end: number, stops: string): number {
  for (let i = start; i < end; i++) if (stops.includes(uri[i])) return i;
  return end;
}
