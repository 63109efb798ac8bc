/**
 * The options after `?`: each checked against its spec, priorityURIs resolved to broker indices.
 *
 * Decisions, and why:
 * - Option names are case-sensitive. ActiveMQ looks them up as bean setters and stompest as dict
 *   keys, so neither accepts `RANDOMIZE`; a name that differs only in case gets a "did you mean".
 *   Boolean values accept any case (`True`), as Java's Boolean.parseBoolean does.
 * - Options are separated by `&` (ActiveMQ) or `,` (stompest), mixed freely. Empty segments and
 *   whitespace around separators are ignored: pasted URIs often have them.
 * - `priorityURIs` (ActiveMQ) names the priority brokers; each entry must be one of the listed
 *   brokers. Its value is a comma-separated list, so entries after the first are recognised by
 *   their `://`. Without `priorityBackup=true` it is kept but has no effect, as in ActiveMQ.
 * - Numbers are bounded: delays by 2^31-1 ms, the most a JavaScript timer can wait (a larger
 *   value fires at once); backOffMultiplier from 1 (constant) to 100 (below 1 the delay would
 *   shrink, above 100 it is almost surely a typo).
 */

import {
  brokerTransport,
  MAX_TIMER_DELAY,
  type FailoverBroker,
  type FailoverOptions,
  type FailoverUriError,
} from './failover-types';
import { unknownOption } from './option-suggestions';
import { parseBroker } from './uri-brokers';
import { fail, indexIn, SPACE, splitSpan, trimSpan, type Span } from './uri-spans';

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

export function parseOptions(
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
