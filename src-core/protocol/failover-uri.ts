/**
 * Failover URIs of the ActiveMQ/stompest family, parsed into a typed value and formatted back.
 *
 *   failover:(tcp://a:61613,ssl://b:61614)?initialReconnectDelay=100&randomize=false
 *   failover:tcp://a:61613,tcp://b:61613?randomize=false,maxReconnectAttempts=5
 *   ws://127.0.0.1:15674/ws
 *
 * The code lives in ./failover/, one concept a file, each with the decisions it makes and why:
 * failover-types (the value, defaults, FailoverUriError), uri-parse (the two forms), uri-brokers,
 * uri-options, option-suggestions, uri-format and uri-spans. This file names the public API, so
 * that imports of 'protocol/failover-uri' keep working and the helpers stay private.
 */

export {
  brokerTransport,
  DEFAULT_PORTS,
  FAILOVER_DEFAULTS,
  FAILOVER_OPTION_NAMES,
  FailoverUriError,
  MAX_TIMER_DELAY,
  PLAIN_URI_DEFAULTS,
} from './failover/failover-types';
export type {
  BrokerScheme,
  BrokerTransport,
  FailoverBroker,
  FailoverOptions,
  FailoverUri,
  FailoverUriProblem,
} from './failover/failover-types';
export { formatBrokerUri, formatFailoverUri } from './failover/uri-format';
export { parseFailoverUri } from './failover/uri-parse';
