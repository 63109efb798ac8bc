/**
 * A failover URI written back as text, in the shortest spelling that parses to the same value.
 */

import {
  FAILOVER_DEFAULTS,
  FAILOVER_OPTION_NAMES,
  PLAIN_URI_DEFAULTS,
  type FailoverBroker,
  type FailoverOptions,
  type FailoverUri,
} from './failover-types';

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
