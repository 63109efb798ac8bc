/**
 * The two forms of a failover URI, told apart by the `failover:` prefix:
 *
 *   failover:(tcp://a:61613,ssl://b:61614)?initialReconnectDelay=100&randomize=false
 *   failover:tcp://a:61613,tcp://b:61613?randomize=false,maxReconnectAttempts=5
 *   ws://127.0.0.1:15674/ws
 *
 * This file finds where the brokers end and the options begin; uri-brokers.ts and
 * uri-options.ts parse each part.
 */

import { FAILOVER_DEFAULTS, PLAIN_URI_DEFAULTS, type FailoverUri } from './failover-types';
import { parseBroker, parseBrokerList } from './uri-brokers';
import { parseOptions } from './uri-options';
import { endOfText, fail, indexIn, skipSpace, SPACE, trimSpan, type Span } from './uri-spans';

const FAILOVER_PREFIX = 'failover:';

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
