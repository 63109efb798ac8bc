import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  brokerTransport,
  DEFAULT_PORTS,
  FAILOVER_DEFAULTS,
  FAILOVER_OPTION_NAMES,
  formatBrokerUri,
  formatFailoverUri,
  FailoverUriError,
  MAX_TIMER_DELAY,
  parseFailoverUri,
  PLAIN_URI_DEFAULTS,
  type BrokerScheme,
  type FailoverBroker,
  type FailoverOptions,
  type FailoverUri,
  type FailoverUriProblem,
} from '../../src-core/protocol/failover-uri';

function broker(scheme: BrokerScheme, host: string, port: number, path = '', query = ''): FailoverBroker {
  return { scheme, host, port, path, query };
}

function errorOf(uri: string): FailoverUriError {
  try {
    parseFailoverUri(uri);
  } catch (error) {
    if (error instanceof FailoverUriError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(uri)} to be rejected`);
}

describe('parseFailoverUri: forms', () => {
  it('parses the bracketed form with & between options', () => {
    const parsed = parseFailoverUri('failover:(tcp://a:61613,ssl://b:61614)?initialReconnectDelay=100&randomize=false');
    expect(parsed.brokers).toEqual([broker('tcp', 'a', 61613), broker('ssl', 'b', 61614)]);
    expect(parsed.options).toEqual({ ...FAILOVER_DEFAULTS, initialReconnectDelay: 100, randomize: false });
  });

  it('parses the form without brackets, options after the first "?"', () => {
    const parsed = parseFailoverUri('failover:tcp://a:61613,tcp://b:61613?randomize=false,maxReconnectAttempts=3');
    expect(parsed.brokers).toEqual([broker('tcp', 'a', 61613), broker('tcp', 'b', 61613)]);
    expect(parsed.options).toEqual({ ...FAILOVER_DEFAULTS, randomize: false, maxReconnectAttempts: 3 });
  });

  it('accepts failover: with no options, and failover:// as Red Hat documents it', () => {
    const expected = { brokers: [broker('tcp', 'a', 61613)], options: FAILOVER_DEFAULTS };
    expect(parseFailoverUri('failover:(tcp://a:61613)')).toEqual(expected);
    expect(parseFailoverUri('failover:tcp://a:61613')).toEqual(expected);
    expect(parseFailoverUri('failover://(tcp://a:61613)')).toEqual(expected);
    expect(parseFailoverUri('failover://tcp://a:61613')).toEqual(expected);
  });

  it('treats a plain URI as a one-broker plan that fails fast at start-up', () => {
    const parsed = parseFailoverUri('tcp://host:61613');
    expect(parsed).toEqual({ brokers: [broker('tcp', 'host', 61613)], options: PLAIN_URI_DEFAULTS });
    expect(PLAIN_URI_DEFAULTS.startupMaxReconnectAttempts).toBe(0);
    expect(PLAIN_URI_DEFAULTS.maxReconnectAttempts).toBe(-1);
    expect({ ...PLAIN_URI_DEFAULTS, startupMaxReconnectAttempts: -1 }).toEqual(FAILOVER_DEFAULTS);
  });

  it('reads a plain URI\'s query as failover options', () => {
    const parsed = parseFailoverUri('tcp://host:61613?startupMaxReconnectAttempts=5,initialReconnectDelay=50');
    expect(parsed.options).toEqual({ ...PLAIN_URI_DEFAULTS, startupMaxReconnectAttempts: 5, initialReconnectDelay: 50 });
  });

  it('has the ActiveMQ/stompest defaults', () => {
    expect(FAILOVER_DEFAULTS).toEqual({
      initialReconnectDelay: 10,
      maxReconnectDelay: 30000,
      useExponentialBackOff: true,
      backOffMultiplier: 2,
      maxReconnectAttempts: -1,
      startupMaxReconnectAttempts: -1,
      reconnectDelayJitter: 0,
      randomize: true,
      priorityBackup: false,
      priorityURIs: [],
    });
  });

  it('ignores case in failover: and the schemes, and keeps the host as written', () => {
    const parsed = parseFailoverUri('FAILOVER:(TCP://AMQ1:61613,Ws://Rabbit/ws)');
    expect(parsed.brokers).toEqual([broker('tcp', 'AMQ1', 61613), broker('ws', 'Rabbit', 80, '/ws')]);
  });

  it('ignores whitespace around the URI and around separators', () => {
    const parsed = parseFailoverUri('  failover:( tcp://a:61613 , tcp://b:61613 ) ?randomize = false & maxReconnectAttempts=2 , \n');
    expect(parsed.brokers).toEqual([broker('tcp', 'a', 61613), broker('tcp', 'b', 61613)]);
    expect(parsed.options).toEqual({ ...FAILOVER_DEFAULTS, randomize: false, maxReconnectAttempts: 2 });
  });

  it('ignores empty option segments', () => {
    expect(parseFailoverUri('tcp://a:61613?').options).toEqual(PLAIN_URI_DEFAULTS);
    expect(parseFailoverUri('failover:(tcp://a:61613)?randomize=false&&,').options.randomize).toBe(false);
  });
});

describe('parseFailoverUri: schemes, hosts and ports', () => {
  it('defaults the port of tcp to 61613, ws to 80, wss to 443; ssl and tls have none', () => {
    expect(DEFAULT_PORTS).toEqual({ tcp: 61613, ssl: undefined, tls: undefined, ws: 80, wss: 443 });
    const parsed = parseFailoverUri('failover:(tcp://a,ws://b,wss://c,ssl://d:61612,tls://e:61614)');
    expect(parsed.brokers.map((b) => [b.scheme, b.port])).toEqual([
      ['tcp', 61613],
      ['ws', 80],
      ['wss', 443],
      ['ssl', 61612],
      ['tls', 61614],
    ]);
  });

  it('treats ssl and tls as the same transport', () => {
    expect(brokerTransport(broker('ssl', 'a', 1))).toBe('tls');
    expect(brokerTransport(broker('tls', 'a', 1))).toBe('tls');
    expect(brokerTransport(broker('tcp', 'a', 1))).toBe('tcp');
    expect(brokerTransport(broker('ws', 'a', 1))).toBe('ws');
    expect(brokerTransport(broker('wss', 'a', 1))).toBe('wss');
  });

  it('keeps the path of a ws/wss broker, and its query inside brackets', () => {
    expect(parseFailoverUri('ws://127.0.0.1:15674/ws').brokers).toEqual([broker('ws', '127.0.0.1', 15674, '/ws')]);
    const parsed = parseFailoverUri('failover:(wss://mq.example.com/stomp/ws?vhost=%2Fprod&token=a.b,ws://b:15674)?randomize=false');
    expect(parsed.brokers).toEqual([
      broker('wss', 'mq.example.com', 443, '/stomp/ws', 'vhost=%2Fprod&token=a.b'),
      broker('ws', 'b', 15674),
    ]);
    expect(parsed.options.randomize).toBe(false);
  });

  it('parses IPv6 hosts in brackets, with or without a port', () => {
    expect(parseFailoverUri('tcp://[::1]:61613').brokers).toEqual([broker('tcp', '::1', 61613)]);
    expect(parseFailoverUri('tcp://[::1]').brokers).toEqual([broker('tcp', '::1', 61613)]);
    expect(parseFailoverUri('failover:(ws://[fe80::1:2]:15674/ws,tcp://[2001:db8::ff00:42:8329]:61613)').brokers).toEqual([
      broker('ws', 'fe80::1:2', 15674, '/ws'),
      broker('tcp', '2001:db8::ff00:42:8329', 61613),
    ]);
    expect(parseFailoverUri('tcp://[::ffff:192.0.2.1]:1').brokers[0].host).toBe('::ffff:192.0.2.1');
    expect(parseFailoverUri('tcp://[1:2:3:4:5:6:7:8]:1').brokers[0].host).toBe('1:2:3:4:5:6:7:8');
  });

  it('accepts host names with "-", "_" and digits, and IPv4 addresses', () => {
    expect(parseFailoverUri('tcp://amq-1_a.example.com:1').brokers[0].host).toBe('amq-1_a.example.com');
    expect(parseFailoverUri('tcp://10.0.0.255:1').brokers[0].host).toBe('10.0.0.255');
  });

  it('accepts ports from 1 to 65535, leading zeros included', () => {
    expect(parseFailoverUri('tcp://a:1').brokers[0].port).toBe(1);
    expect(parseFailoverUri('tcp://a:65535').brokers[0].port).toBe(65535);
    expect(parseFailoverUri('tcp://a:061613').brokers[0].port).toBe(61613);
  });
});

describe('parseFailoverUri: options', () => {
  const base = 'failover:(tcp://a:61613,tcp://b:61613)?';
  const cases: [string, keyof FailoverOptions, unknown][] = [
    ['initialReconnectDelay=250', 'initialReconnectDelay', 250],
    ['initialReconnectDelay=0', 'initialReconnectDelay', 0],
    ['maxReconnectDelay=5000', 'maxReconnectDelay', 5000],
    [`maxReconnectDelay=${MAX_TIMER_DELAY}`, 'maxReconnectDelay', MAX_TIMER_DELAY],
    ['useExponentialBackOff=false', 'useExponentialBackOff', false],
    ['useExponentialBackOff=TRUE', 'useExponentialBackOff', true],
    ['backOffMultiplier=1.5', 'backOffMultiplier', 1.5],
    ['backOffMultiplier=3.0', 'backOffMultiplier', 3],
    ['backOffMultiplier=1', 'backOffMultiplier', 1],
    ['backOffMultiplier=100', 'backOffMultiplier', 100],
    ['maxReconnectAttempts=0', 'maxReconnectAttempts', 0],
    ['maxReconnectAttempts=7', 'maxReconnectAttempts', 7],
    ['maxReconnectAttempts=-1', 'maxReconnectAttempts', -1],
    ['startupMaxReconnectAttempts=0', 'startupMaxReconnectAttempts', 0],
    ['startupMaxReconnectAttempts=3', 'startupMaxReconnectAttempts', 3],
    ['reconnectDelayJitter=40', 'reconnectDelayJitter', 40],
    ['randomize=false', 'randomize', false],
    ['randomize=False', 'randomize', false],
    ['priorityBackup=true', 'priorityBackup', true],
    ['priorityURIs=tcp://b:61613', 'priorityURIs', [1]],
  ];
  it.each(cases)('%s', (option, name, value) => {
    const options = parseFailoverUri(base + option).options;
    expect(options).toEqual({ ...FAILOVER_DEFAULTS, [name]: value });
  });

  it('accepts "&", "," and both mixed between options', () => {
    const expected = { ...FAILOVER_DEFAULTS, randomize: false, maxReconnectAttempts: 2, reconnectDelayJitter: 5 };
    expect(parseFailoverUri(`${base}randomize=false&maxReconnectAttempts=2&reconnectDelayJitter=5`).options).toEqual(expected);
    expect(parseFailoverUri(`${base}randomize=false,maxReconnectAttempts=2,reconnectDelayJitter=5`).options).toEqual(expected);
    expect(parseFailoverUri(`${base}randomize=false,maxReconnectAttempts=2&reconnectDelayJitter=5`).options).toEqual(expected);
  });

  it('reads priorityURIs as a comma-separated list of the brokers, in priority order', () => {
    const uri = 'failover:(tcp://a:61613,ws://b/ws?x=1,ssl://c:61612)?priorityBackup=true&priorityURIs=tls://c:61612,ws://B:80/ws,randomize=false';
    const { options } = parseFailoverUri(uri);
    expect(options.priorityURIs).toEqual([2, 1]);
    expect(options.randomize).toBe(false);
    expect(options.priorityBackup).toBe(true);
  });

  it('applies default ports when matching priorityURIs, and keeps the first of a repeated entry', () => {
    const { options } = parseFailoverUri('failover:(tcp://a,tcp://b:61613)?priorityURIs=tcp://b,tcp://a:61613,tcp://b:61613');
    expect(options.priorityURIs).toEqual([1, 0]);
  });

  it('keeps priorityURIs without priorityBackup (it has no effect then, as in ActiveMQ)', () => {
    const { options } = parseFailoverUri('failover:(tcp://a,tcp://b)?priorityURIs=tcp://b');
    expect(options).toEqual({ ...FAILOVER_DEFAULTS, priorityURIs: [1] });
  });

  it('lists every option name', () => {
    expect([...FAILOVER_OPTION_NAMES].sort()).toEqual(Object.keys(FAILOVER_DEFAULTS).sort());
  });
});

describe('parseFailoverUri: errors point at the offending characters', () => {
  const cases: [uri: string, problem: FailoverUriProblem, offset: number, underlined: string][] = [
    ['', 'empty-uri', 0, ''],
    ['   ', 'empty-uri', 3, ''],
    ['failover:', 'missing-broker', 9, ''],
    ['failover:()', 'missing-broker', 10, ''],
    ['failover:?randomize=false', 'missing-broker', 9, ''],
    ['(tcp://a:61613)', 'missing-broker', 0, ''],
    ['failover:(tcp://a:61613,,tcp://b:61613)', 'missing-broker', 24, ','],
    ['failover:(tcp://a:61613,)', 'missing-broker', 23, ','],
    ['failover:(,tcp://a:61613)', 'missing-broker', 10, ','],
    ['failover:(tcp://a:61613', 'unclosed-bracket', 9, '('],
    ['failover:(tcp://a:61613?randomize=false', 'unclosed-bracket', 9, '('],
    ['failover:(tcp://a:61613))', 'unmatched-bracket', 24, ')'],
    ['failover:tcp://a:61613)', 'unmatched-bracket', 22, ')'],
    ['failover:((tcp://a:61613))', 'nested-bracket', 10, '('],
    ['failover:x(tcp://a)', 'nested-bracket', 10, '('],
    ['failover:(tcp://a:61613)randomize=false', 'text-after-bracket', 24, 'randomize=false'],
    ['failover:(tcp://a:61613) x?randomize=false', 'text-after-bracket', 25, 'x'],
    ['tcp://a:61613,tcp://b:61613', 'several-brokers-without-failover', 13, ','],
    ['localhost:61613', 'missing-scheme', 0, ''],
    ['failover:(tcp://a,b)', 'missing-scheme', 18, ''],
    ['tcp:localhost:61613', 'missing-scheme', 4, ''],
    ['stomp://a:61613', 'unknown-scheme', 0, 'stomp'],
    ['failover:(tcp://a:61613,stomp+ssl://b:61612)', 'unknown-scheme', 24, 'stomp+ssl'],
    ['http://a', 'unknown-scheme', 0, 'http'],
    ['tcp://:61613', 'missing-host', 6, ''],
    ['tcp://', 'missing-host', 6, ''],
    ['failover:(tcp://a:1,ws:///ws)', 'missing-host', 25, ''],
    ['tcp://my host:61613', 'bad-host', 8, ' '],
    ['tcp://bücher.de:61613', 'bad-host', 7, 'ü'],
    ['tcp://999.1.1.1:61613', 'bad-host', 6, '999.1.1.1'],
    ['tcp://::1:61613', 'bad-host', 6, '::1:61613'],
    ['tcp://[::1:61613', 'bad-host', 6, '['],
    ['tcp://[::g]:61613', 'bad-host', 7, '::g'],
    ['tcp://[1:2:3:4:5:6:7]:61613', 'bad-host', 7, '1:2:3:4:5:6:7'],
    ['tcp://[127.0.0.1]:61613', 'bad-host', 7, '127.0.0.1'],
    ['tcp://[::1]x:61613', 'bad-host', 11, 'x'],
    ['tcp://guest:guest@a:61613', 'credentials', 6, 'guest:guest@'],
    ['tcp://a:', 'missing-port', 8, ''],
    ['ssl://a', 'missing-port', 7, ''],
    ['failover:(tls://[::1])', 'missing-port', 21, ''],
    ['tcp://a:port', 'bad-port', 8, 'port'],
    ['tcp://a:0', 'bad-port', 8, '0'],
    ['tcp://a:65536', 'bad-port', 8, '65536'],
    ['tcp://a:-1', 'bad-port', 8, '-1'],
    ['tcp://a:61613/queue', 'unexpected-path', 13, '/queue'],
    ['ssl://a:61612/', 'unexpected-path', 13, '/'],
    ['failover:(tcp://a:61613?x=1)', 'unexpected-query', 23, '?x=1'],
    ['ws://a:15674/w s', 'bad-character', 14, ' '],
    ['failover:(ws://a/x%zz)', 'bad-character', 18, '%zz'],
    ['failover:(ws://a/x?q=%4)', 'bad-character', 21, '%4'],
    ['failover:(ws://a/x?q="1")', 'bad-character', 21, '"'],
    ['tcp://a:61613#frag', 'fragment', 13, '#frag'],
    ['failover:(ws://a/ws?q=1#top)', 'fragment', 23, '#top'],
    ['failover:(tcp://a:61613)?initalReconnectDelay=5', 'unknown-option', 25, 'initalReconnectDelay'],
    ['tcp://a:61613?Randomize=false', 'unknown-option', 14, 'Randomize'],
    ['tcp://a:61613?foo=1', 'unknown-option', 14, 'foo'],
    ['ws://a/ws?token=abc', 'unknown-option', 10, 'token'],
    ['failover:(tcp://a:61613)?timeout=3000', 'unsupported-option', 25, 'timeout'],
    ['failover:(tcp://a:61613)?reconnectDelayExponent=2', 'unsupported-option', 25, 'reconnectDelayExponent'],
    ['failover:(tcp://a:61613)?jms.prefetchPolicy.all=1', 'unsupported-option', 25, 'jms.prefetchPolicy.all'],
    ['failover:(tcp://a:61613)?=5', 'missing-option-name', 25, ''],
    ['failover:(tcp://a:61613)?randomize', 'missing-value', 34, ''],
    ['failover:(tcp://a:61613)?randomize=', 'missing-value', 35, ''],
    ['failover:(tcp://a:61613)?priorityURIs=', 'missing-value', 38, ''],
    ['failover:(tcp://a:61613)?randomize=yes', 'bad-value', 35, 'yes'],
    ['failover:(tcp://a:61613)?priorityBackup=1', 'bad-value', 40, '1'],
    ['failover:(tcp://a:61613)?initialReconnectDelay=1.5', 'bad-value', 47, '1.5'],
    ['failover:(tcp://a:61613)?initialReconnectDelay=-1', 'bad-value', 47, '-1'],
    ['failover:(tcp://a:61613)?initialReconnectDelay=1e3', 'bad-value', 47, '1e3'],
    ['failover:(tcp://a:61613)?maxReconnectAttempts=-2', 'bad-value', 46, '-2'],
    ['failover:(tcp://a:61613)?startupMaxReconnectAttempts=x', 'bad-value', 53, 'x'],
    ['failover:(tcp://a:61613)?backOffMultiplier=0.5', 'bad-value', 43, '0.5'],
    ['failover:(tcp://a:61613)?backOffMultiplier=101', 'bad-value', 43, '101'],
    ['failover:(tcp://a:61613)?backOffMultiplier=2.', 'bad-value', 43, '2.'],
    ['failover:(tcp://a:61613)?maxReconnectDelay=2147483648', 'bad-value', 43, '2147483648'],
    ['failover:(tcp://a:61613)?reconnectDelayJitter=+5', 'bad-value', 46, '+5'],
    ['failover:(tcp://a:61613)?randomize=true,randomize=false', 'duplicate-option', 40, 'randomize'],
    ['failover:tcp://a:61613?randomize=false,tcp://b:61613', 'broker-in-options', 39, 'tcp://b:61613'],
    ['failover:(tcp://a,tcp://b)?priorityBackup=true&priorityURIs=tcp://c:61613', 'unknown-priority-uri', 60, 'tcp://c:61613'],
    ['failover:(tcp://a,tcp://b)?priorityURIs=tcp://a,tcp://b:1', 'unknown-priority-uri', 48, 'tcp://b:1'],
    ['failover:(ws://a/ws)?priorityURIs=ws://a/ws?x=1', 'unexpected-query', 43, '?x=1'],
    ['failover:(tcp://a)?priorityURIs=tcp://a:x', 'bad-port', 40, 'x'],
    ['  tcp://a:x', 'bad-port', 10, 'x'],
  ];

  it.each(cases)('%j: %s at %i', (uri, problem, offset, underlined) => {
    const error = errorOf(uri);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FailoverUriError');
    expect(error.uri).toBe(uri);
    expect({ problem: error.problem, offset: error.offset, length: error.length }).toEqual({
      problem,
      offset,
      length: underlined.length,
    });
    expect(uri.slice(error.offset, error.offset + error.length)).toBe(underlined);
    // Where, what and how to fix: "... at N: hint" or "... at N (did you mean ...?)".
    expect(error.message).toMatch(new RegExp(`at ${offset}(: | \\(did you mean)`));
  });

  it('suggests the option the user meant', () => {
    expect(errorOf('failover:(tcp://a:61613)?initalReconnectDelay=5').message).toBe(
      'unknown option "initalReconnectDelay" at 25 (did you mean "initialReconnectDelay"?)',
    );
    expect(errorOf('tcp://a:61613?Randomize=false').message).toContain('did you mean "randomize"?');
    expect(errorOf('tcp://a:61613?random=false').message).toContain('did you mean "randomize"?');
    expect(errorOf('tcp://a:61613?maxReconectAttempts=1').message).toContain('did you mean "maxReconnectAttempts"?');
  });

  it('lists the options when no name is close, and explains a plain WebSocket query', () => {
    expect(errorOf('tcp://a:61613?foo=1').message).toContain('initialReconnectDelay, maxReconnectDelay');
    expect(errorOf('ws://a/ws?token=abc').message).toContain('failover:(ws://host/path?query)');
  });

  it('says how to fix the common mistakes', () => {
    expect(errorOf('localhost:61613').message).toContain('write tcp://localhost:61613');
    expect(errorOf('localhost').message).toContain('write tcp://localhost:61613');
    expect(errorOf('stomp://a:61613').message).toContain('use tcp');
    expect(errorOf('stomp+ssl://a:61612').message).toContain('use ssl');
    expect(errorOf('https://a').message).toContain('use wss');
    expect(errorOf('ssl://a').message).toContain('61612');
    expect(errorOf('tcp://::1:61613').message).toContain('tcp://[::1]:61613');
    expect(errorOf('tcp://a:61613,tcp://b:61613').message).toContain('failover:(');
    expect(errorOf('failover:(tcp://a:61613?x=1)').message).toContain('after the closing bracket');
    expect(errorOf('failover:(tcp://a:61613)?reconnectDelayExponent=2').message).toContain('backOffMultiplier');
    expect(errorOf('failover:(tcp://a:61613)?randomize=yes').message).toContain('true or false');
    expect(errorOf('failover:(tcp://a:61613)?randomize=true&randomize=false').message).toContain('the first is at 25');
  });
});

describe('formatFailoverUri', () => {
  it('writes a broker with its port always, and IPv6 hosts in brackets', () => {
    expect(formatBrokerUri(broker('tcp', 'a', 61613))).toBe('tcp://a:61613');
    expect(formatBrokerUri(broker('ws', '::1', 15674, '/ws', 'x=1'))).toBe('ws://[::1]:15674/ws?x=1');
  });

  it('writes only the options that differ from the defaults, joined by "&"', () => {
    const uri = parseFailoverUri('failover:tcp://a,ssl://b:61612?randomize=false,maxReconnectAttempts=3,initialReconnectDelay=10');
    expect(formatFailoverUri(uri)).toBe('failover:(tcp://a:61613,ssl://b:61612)?maxReconnectAttempts=3&randomize=false');
  });

  it('picks the plain form for one broker when it is shorter', () => {
    expect(formatFailoverUri(parseFailoverUri('tcp://a'))).toBe('tcp://a:61613');
    expect(formatFailoverUri(parseFailoverUri('failover:(tcp://a)'))).toBe('failover:(tcp://a:61613)');
    expect(formatFailoverUri(parseFailoverUri('tcp://a?startupMaxReconnectAttempts=-1&randomize=false'))).toBe(
      'failover:(tcp://a:61613)?randomize=false',
    );
    expect(formatFailoverUri(parseFailoverUri('ws://a/ws?maxReconnectAttempts=4'))).toBe('ws://a:80/ws?maxReconnectAttempts=4');
  });

  it('keeps a broker query inside brackets', () => {
    const uri = { brokers: [broker('wss', 'a', 443, '/ws', 'v=1')], options: PLAIN_URI_DEFAULTS };
    expect(formatFailoverUri(uri)).toBe('failover:(wss://a:443/ws?v=1)?startupMaxReconnectAttempts=0');
    expect(parseFailoverUri(formatFailoverUri(uri))).toEqual(uri);
  });

  it('writes priorityURIs without the brokers\' queries', () => {
    const text = 'failover:(ws://a:80/ws?x=1,tcp://b:61613)?priorityBackup=true&priorityURIs=tcp://b:61613,ws://a:80/ws';
    expect(formatFailoverUri(parseFailoverUri(text))).toBe(text);
  });

  it('refuses a plan without brokers', () => {
    expect(() => formatFailoverUri({ brokers: [], options: FAILOVER_DEFAULTS })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9_-]{0,8}[a-z0-9])?$/);
const hostArb = fc.oneof(
  fc.domain(),
  fc.ipV4(),
  fc.ipV6(),
  fc.array(label, { minLength: 1, maxLength: 3 }).map((labels) => labels.join('.')).filter((h) => !/^[0-9.]+$/.test(h)),
  fc.constantFrom('localhost', 'AMQ-1', 'rabbit_mq'),
);
const pathArb = fc.oneof(
  fc.constant(''),
  fc.array(fc.oneof(fc.stringMatching(/^[A-Za-z0-9._~!$'*+;=:@-]{0,8}$/), fc.constantFrom('%2C', '%28', '%29')), { minLength: 1, maxLength: 3 })
    .map((segments) => `/${segments.join('/')}`),
);
const queryArb = fc.oneof(fc.constant(''), fc.stringMatching(/^[A-Za-z0-9._~=&%/?-]{1,16}$/).filter((q) => !/%(?![0-9A-Fa-f]{2})/.test(q)));
const brokerArb: fc.Arbitrary<FailoverBroker> = fc
  .record({
    scheme: fc.constantFrom<BrokerScheme>('tcp', 'ssl', 'tls', 'ws', 'wss'),
    host: hostArb,
    port: fc.integer({ min: 1, max: 65535 }),
    path: pathArb,
    query: queryArb,
  })
  .map((b) => (b.scheme === 'ws' || b.scheme === 'wss' ? b : { ...b, path: '', query: '' }));

const brokerKey = (b: FailoverBroker): string => `${brokerTransport(b)}|${b.host.toLowerCase()}|${b.port}|${b.path}`;

const attemptsArb = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -1, max: MAX_TIMER_DELAY }));
const delayArb = fc.oneof(fc.constantFrom(0, 10, 30000), fc.integer({ min: 0, max: MAX_TIMER_DELAY }));

const failoverUriArb: fc.Arbitrary<FailoverUri> = fc
  .uniqueArray(brokerArb, { minLength: 1, maxLength: 5, selector: brokerKey })
  .chain((brokers) =>
    fc
      .record({
        initialReconnectDelay: delayArb,
        maxReconnectDelay: delayArb,
        useExponentialBackOff: fc.boolean(),
        backOffMultiplier: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.double({ min: 1, max: 100, noNaN: true })),
        maxReconnectAttempts: attemptsArb,
        startupMaxReconnectAttempts: attemptsArb,
        reconnectDelayJitter: delayArb,
        randomize: fc.boolean(),
        priorityBackup: fc.boolean(),
        priorityURIs: fc.shuffledSubarray(brokers.map((_, i) => i)),
      })
      .map((options) => ({ brokers, options })),
  );

describe('properties', () => {
  it('formatting any plan and parsing it back gives the same plan', () => {
    fc.assert(
      fc.property(failoverUriArb, (uri) => {
        expect(parseFailoverUri(formatFailoverUri(uri))).toEqual(uri);
      }),
      { numRuns: 500 },
    );
  });

  it('formatting is stable: format(parse(format(x))) === format(x)', () => {
    fc.assert(
      fc.property(failoverUriArb, (uri) => {
        const text = formatFailoverUri(uri);
        expect(formatFailoverUri(parseFailoverUri(text))).toBe(text);
      }),
    );
  });

  // Pieces of failover URIs, so that random strings reach deep into the parser.
  const token = fc.constantFrom(
    'failover:', 'failover://', '(', ')', ',', '?', '&', '=', ' ', 'tcp://', 'ssl://', 'tls://', 'ws://', 'wss://',
    'stomp://', '[', ']', ':', '::1', '61613', '0', 'a', 'B.c', '/ws', '/', '%', '%2', '%2C', '#', '@', '-1', '1.5',
    'true', 'False', 'randomize', 'priorityURIs', 'priorityBackup', 'initialReconnectDelay', 'timeout', 'jms.x', 'ü', '\u{1F600}',
  );
  const uriLike = fc.array(token, { maxLength: 30 }).map((parts) => parts.join(''));
  const mutated = fc
    .tuple(failoverUriArb, fc.nat(), fc.nat(), fc.string({ maxLength: 3 }))
    .map(([uri, at, cut, insert]) => {
      const text = formatFailoverUri(uri);
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + (cut % 3));
    });

  it('no input makes the parser throw anything but a FailoverUriError that points inside the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), uriLike, mutated), (input) => {
        let parsed: FailoverUri | undefined;
        try {
          parsed = parseFailoverUri(input);
        } catch (error) {
          expect(error).toBeInstanceOf(FailoverUriError);
          const e = error as FailoverUriError;
          expect(e.uri).toBe(input);
          expect(Number.isInteger(e.offset) && Number.isInteger(e.length)).toBe(true);
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.length).toBeGreaterThanOrEqual(0);
          expect(e.offset + e.length).toBeLessThanOrEqual(input.length);
          expect(e.message).toContain(`at ${e.offset}`);
          return;
        }
        // Whatever parses formats to something that parses to the same plan.
        expect(parsed.brokers.length).toBeGreaterThan(0);
        expect(parseFailoverUri(formatFailoverUri(parsed))).toEqual(parsed);
      }),
      { numRuns: 3000 },
    );
  });
});
