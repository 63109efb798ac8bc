/**
 * What to say about an option name that is not one: unsupported (with what to do instead), a
 * near miss of a known name ("did you mean"), or the list of the names there are.
 *
 * Options of ActiveMQ's JMS client that mean nothing to a STOMP client (backup, timeout,
 * trackMessages, ...) are errors that say so, rather than being silently ignored.
 */

import { FAILOVER_OPTION_NAMES, FailoverUriError } from './failover-types';
import { fail, type Span } from './uri-spans';

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

export function unknownOption(uri: string, span: Span, name: string, plainWebSocket: boolean): FailoverUriError {
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
