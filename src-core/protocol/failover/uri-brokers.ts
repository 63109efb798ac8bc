/**
 * The broker list of a failover URI, and one broker: scheme, host, port, path and query.
 *
 * Decisions, and why:
 * - tcp and ssl/tls take no path and no query (there is nowhere to send them); ws/wss keep both,
 *   as written, for the HTTP upgrade request. A broker's own query is only possible inside the
 *   brackets: outside them the first `?` starts the failover options, as in ActiveMQ. `(`, `)`
 *   and `,` are structure here, so a path or query must percent-encode them (a path `&` too).
 * - A port left out takes its scheme's default (see DEFAULT_PORTS), and ssl/tls have none.
 */

import { DEFAULT_PORTS, type BrokerScheme, type FailoverBroker } from './failover-types';
import { endOfText, fail, indexIn, isBlank, skipSpace, SPACE, splitSpan, trimSpan, type Span } from './uri-spans';

export function parseBrokerList(uri: string, list: Span, bracketed: boolean): FailoverBroker[] {
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
export function parseBroker(uri: string, span: Span, inPriorityURIs = false): FailoverBroker {
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
