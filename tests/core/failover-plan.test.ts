import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFailoverPlan, type FailoverPlan, type FailoverStep } from '../../src-core/protocol/failover-plan';
import {
  FAILOVER_DEFAULTS,
  MAX_TIMER_DELAY,
  parseFailoverUri,
  type FailoverBroker,
  type FailoverOptions,
  type FailoverUri,
} from '../../src-core/protocol/failover-uri';

/** A random() that replays `values`, then repeats the last one. */
function replay(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}

function noRandom(): number {
  throw new Error('random() was not expected to be called');
}

/** Up to `max` steps of one episode, as [host, delay] pairs. */
function take(plan: FailoverPlan, max = 100): [string, number][] {
  const out: [string, number][] = [];
  for (const step of plan.attempts()) {
    out.push([step.broker.host, step.delay]);
    if (out.length >= max) break;
  }
  return out;
}

function steps(plan: FailoverPlan, max = 100): FailoverStep[] {
  const out: FailoverStep[] = [];
  for (const step of plan.attempts()) {
    out.push(step);
    if (out.length >= max) break;
  }
  return out;
}

/** Runs an episode, reporting success at the `n`th attempt (1-based). */
function connectAt(plan: FailoverPlan, n: number): string {
  for (const step of plan.attempts()) {
    if (step.attempt === n) {
      plan.connected();
      return step.broker.host;
    }
  }
  throw new Error('the plan gave up first');
}

describe('createFailoverPlan: stompest\'s vectors', () => {
  it('backs off by the multiplier and gives up after startupMaxReconnectAttempts retries', () => {
    const uri = parseFailoverUri(
      'failover:tcp://remote1:61615,tcp://localhost:61616,tcp://remote2:61617?randomize=false,startupMaxReconnectAttempts=3,initialReconnectDelay=7,backOffMultiplier=3.0,maxReconnectAttempts=1',
    );
    const plan = createFailoverPlan(uri, { random: noRandom });
    expect(take(plan)).toEqual([
      ['remote1', 0],
      ['localhost', 7],
      ['remote2', 21],
      ['remote1', 63],
    ]);
  });

  it('caps the delay at maxReconnectDelay', () => {
    const uri = parseFailoverUri(
      'failover:(tcp://remote1:61615,tcp://localhost:61616)?randomize=false,startupMaxReconnectAttempts=3,initialReconnectDelay=7,maxReconnectDelay=8,maxReconnectAttempts=0',
    );
    const plan = createFailoverPlan(uri, { random: noRandom });
    expect(take(plan)).toEqual([
      ['remote1', 0],
      ['localhost', 7],
      ['remote1', 8],
      ['localhost', 8],
    ]);
  });

  it('keeps the delay constant without exponential back-off', () => {
    const uri = parseFailoverUri(
      'failover:(tcp://remote1:61615,tcp://localhost:61616)?randomize=false,startupMaxReconnectAttempts=2,initialReconnectDelay=3,useExponentialBackOff=false',
    );
    expect(take(createFailoverPlan(uri, { random: noRandom }))).toEqual([
      ['remote1', 0],
      ['localhost', 3],
      ['remote1', 3],
    ]);
  });
});

describe('createFailoverPlan: limits and phases', () => {
  const two = 'failover:(tcp://a,tcp://b)?randomize=false';

  it('retries for ever with the failover defaults, doubling from 10 ms up to 30 s', () => {
    const plan = createFailoverPlan(parseFailoverUri(two), { random: noRandom });
    const delays = steps(plan, 20).map((s) => s.delay);
    expect(delays).toEqual([0, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 30000, 30000, 30000, 30000, 30000, 30000, 30000]);
    expect(steps(plan, 1)[0].maxAttempts).toBeNull();
  });

  it('is lazy: an unlimited plan yields as many steps as asked', () => {
    const plan = createFailoverPlan(parseFailoverUri(two), { random: noRandom });
    const many = steps(plan, 100_000);
    expect(many).toHaveLength(100_000);
    expect(many[99_999]).toMatchObject({ attempt: 100_000, delay: 30000, broker: { host: 'b' } });
  });

  it('tries a plain URI once at start-up, then reconnects for ever once it was connected', () => {
    const plan = createFailoverPlan(parseFailoverUri('tcp://solo'), { random: noRandom });
    expect(plan.phase).toBe('startup');
    expect(steps(plan)).toEqual([{ broker: expect.objectContaining({ host: 'solo' }), delay: 0, attempt: 1, maxAttempts: 1 }]);
    // Trying again without success stays in the start-up phase.
    expect(steps(plan)).toHaveLength(1);
    connectAt(plan, 1);
    expect(plan.phase).toBe('reconnect');
    const again = steps(plan, 5);
    expect(again.map((s) => [s.delay, s.maxAttempts])).toEqual([[0, null], [10, null], [20, null], [40, null], [80, null]]);
  });

  it('makes maxReconnectAttempts=0 one attempt, and N retries N + 1 attempts', () => {
    const none = createFailoverPlan(parseFailoverUri(`${two}&maxReconnectAttempts=0`), { random: noRandom });
    expect(take(none)).toEqual([['a', 0]]);
    const three = createFailoverPlan(parseFailoverUri(`${two}&maxReconnectAttempts=3`), { random: noRandom });
    expect(steps(three).map((s) => `${s.attempt}/${s.maxAttempts}`)).toEqual(['1/4', '2/4', '3/4', '4/4']);
  });

  it('lets startupMaxReconnectAttempts=-1 fall back to maxReconnectAttempts, as ActiveMQ does', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${two}&maxReconnectAttempts=2&startupMaxReconnectAttempts=-1`), { random: noRandom });
    expect(take(plan)).toEqual([['a', 0], ['b', 10], ['a', 20]]);
  });

  it('uses startupMaxReconnectAttempts before the first connection and maxReconnectAttempts after it', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${two}&startupMaxReconnectAttempts=4&maxReconnectAttempts=1`), { random: noRandom });
    expect(steps(plan)).toHaveLength(5);
    expect(connectAt(plan, 3)).toBe('a');
    expect(steps(plan)).toHaveLength(2);
    // Giving up does not bring the start-up limit back.
    expect(steps(plan)).toHaveLength(2);
  });

  it('starts every episode from the initial delay again after a connection', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${two}&initialReconnectDelay=100`), { random: noRandom });
    expect(connectAt(plan, 6)).toBe('b');
    expect(steps(plan, 4).map((s) => s.delay)).toEqual([0, 100, 200, 400]);
  });

  it('stops an episode as soon as connected() is called, even if the loop goes on', () => {
    const plan = createFailoverPlan(parseFailoverUri(two), { random: noRandom });
    const seen: number[] = [];
    for (const step of plan.attempts()) {
      seen.push(step.attempt);
      if (step.attempt === 2) plan.connected(); // no break: the iterator must end by itself
    }
    expect(seen).toEqual([1, 2]);
  });

  it('ends the previous episode when a new one starts', () => {
    const plan = createFailoverPlan(parseFailoverUri(two), { random: noRandom });
    const first = plan.attempts();
    expect(first.next().value).toMatchObject({ attempt: 1 });
    const second = plan.attempts();
    expect(first.next()).toEqual({ done: true, value: undefined });
    expect(second.next().value).toMatchObject({ attempt: 1, delay: 0 });
  });

  it('yields nothing for a plan without brokers', () => {
    const plan = createFailoverPlan({ brokers: [], options: FAILOVER_DEFAULTS }, { random: noRandom });
    expect(steps(plan)).toEqual([]);
  });

  it('lets the client tell "gave up after N attempts"', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${two}&startupMaxReconnectAttempts=2`), { random: noRandom });
    let last: FailoverStep | undefined;
    for (const step of plan.attempts()) last = step;
    expect(last).toMatchObject({ attempt: 3, maxAttempts: 3 });
  });
});

describe('createFailoverPlan: jitter', () => {
  it('adds random() * reconnectDelayJitter to each retry, rounded to whole ms', () => {
    const uri = parseFailoverUri('failover:(tcp://a)?useExponentialBackOff=false&reconnectDelayJitter=4&initialReconnectDelay=10');
    const plan = createFailoverPlan(uri, { random: replay(0, 0.5, 0.999, 0.1) });
    expect(steps(plan, 5).map((s) => s.delay)).toEqual([0, 10, 12, 14, 10]);
  });

  it('adds the jitter after the cap, so clients at the cap still spread out', () => {
    const uri = parseFailoverUri('failover:(tcp://a)?initialReconnectDelay=100&maxReconnectDelay=150&reconnectDelayJitter=50');
    const plan = createFailoverPlan(uri, { random: replay(0.5, 0.5, 0, 1) });
    expect(steps(plan, 5).map((s) => s.delay)).toEqual([0, 125, 175, 150, 200]);
  });

  it('clamps a random() that leaves [0, 1)', () => {
    const uri = parseFailoverUri('failover:(tcp://a)?reconnectDelayJitter=10&useExponentialBackOff=false');
    const plan = createFailoverPlan(uri, { random: replay(-5, 7, Number.NaN, Infinity) });
    expect(steps(plan, 5).map((s) => s.delay)).toEqual([0, 10, 20, 10, 10]);
  });

  it('never waits longer than a timer can', () => {
    const uri = parseFailoverUri(`failover:(tcp://a)?initialReconnectDelay=${MAX_TIMER_DELAY}&maxReconnectDelay=${MAX_TIMER_DELAY}&reconnectDelayJitter=1000`);
    const plan = createFailoverPlan(uri, { random: () => 0.9 });
    expect(steps(plan, 3).map((s) => s.delay)).toEqual([0, MAX_TIMER_DELAY, MAX_TIMER_DELAY]);
  });
});

describe('createFailoverPlan: broker order', () => {
  const hosts = (plan: FailoverPlan, n: number): string[] => steps(plan, n).map((s) => s.broker.host);
  const abc = 'failover:(tcp://a,tcp://b,tcp://c)';

  it('keeps the written order without randomize', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${abc}?randomize=false`), { random: noRandom });
    expect(hosts(plan, 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('shuffles each round anew with randomize (Fisher–Yates on the injected random)', () => {
    // Round 1: random 0, 0 -> swap(2,0), swap(1,0): b c a. Round 2: 0.99, 0.99 -> no swaps: a b c.
    const plan = createFailoverPlan(parseFailoverUri(abc), { random: replay(0, 0, 0.99, 0.99, 0.5, 0) });
    // Round 3: 0.5 -> j = 1: swap(2,1) -> a c b; 0 -> swap(1,0) -> c a b.
    expect(hosts(plan, 9)).toEqual(['b', 'c', 'a', 'a', 'b', 'c', 'c', 'a', 'b']);
  });

  it('draws the shuffle before the jitter of the round\'s first retry', () => {
    const uri = parseFailoverUri('failover:(tcp://a,tcp://b)?reconnectDelayJitter=10&useExponentialBackOff=false');
    // shuffle round 1 (0.99: no swap), jitter 0.5, shuffle round 2 (0: swap), jitter 0.2, jitter 0.9
    const plan = createFailoverPlan(uri, { random: replay(0.99, 0.5, 0, 0.2, 0.9) });
    expect(take(plan, 4)).toEqual([['a', 0], ['b', 15], ['b', 12], ['a', 19]]);
  });

  it('every randomized round is a permutation of the brokers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), (n, stream) => {
        const list = Array.from({ length: n }, (_, i) => `tcp://h${i}`).join(',');
        const values = stream.take(200)[Symbol.iterator]();
        const plan = createFailoverPlan(parseFailoverUri(`failover:(${list})`), { random: () => values.next().value ?? 0 });
        const seen = hosts(plan, n * 5);
        for (let round = 0; round < 5; round++) {
          expect([...seen.slice(round * n, round * n + n)].sort()).toEqual(Array.from({ length: n }, (_, i) => `h${i}`).sort());
        }
      }),
    );
  });

  it('with priorityBackup, tries the first broker first in every round, the others shuffled', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${abc}?priorityBackup=true`), { random: replay(0, 0.99, 0) });
    // The rest [b, c]: 0 -> swap -> c b; 0.99 -> no swap -> b c; 0 -> c b.
    expect(hosts(plan, 9)).toEqual(['a', 'c', 'b', 'a', 'b', 'c', 'a', 'c', 'b']);
  });

  it('with priorityURIs, tries those brokers first, in their order, unshuffled', () => {
    const uri = parseFailoverUri('failover:(tcp://a,tcp://b,tcp://c,tcp://d)?priorityBackup=true&priorityURIs=tcp://c,tcp://b');
    const plan = createFailoverPlan(uri, { random: replay(0) });
    expect(hosts(plan, 8)).toEqual(['c', 'b', 'd', 'a', 'c', 'b', 'd', 'a']);
  });

  it('ignores priorityURIs without priorityBackup, as ActiveMQ does', () => {
    const uri = parseFailoverUri(`${abc}?randomize=false&priorityURIs=tcp://c`);
    expect(hosts(createFailoverPlan(uri, { random: noRandom }), 3)).toEqual(['a', 'b', 'c']);
  });

  it('tries the broker that was just lost last in the first reconnect round', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${abc}?randomize=false`), { random: noRandom });
    expect(connectAt(plan, 1)).toBe('a');
    expect(hosts(plan, 6)).toEqual(['b', 'c', 'a', 'a', 'b', 'c']);
    expect(connectAt(plan, 2)).toBe('c');
    expect(hosts(plan, 4)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('keeps a lost priority broker first: priorityBackup asks for it', () => {
    const plan = createFailoverPlan(parseFailoverUri(`${abc}?randomize=false&priorityBackup=true`), { random: noRandom });
    expect(connectAt(plan, 1)).toBe('a');
    expect(hosts(plan, 3)).toEqual(['a', 'b', 'c']);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const optionsArb: fc.Arbitrary<FailoverOptions> = fc.record({
  initialReconnectDelay: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: MAX_TIMER_DELAY })),
  maxReconnectDelay: fc.oneof(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: MAX_TIMER_DELAY })),
  useExponentialBackOff: fc.boolean(),
  backOffMultiplier: fc.double({ min: 1, max: 100, noNaN: true }),
  maxReconnectAttempts: fc.integer({ min: -1, max: 20 }),
  startupMaxReconnectAttempts: fc.integer({ min: -1, max: 20 }),
  reconnectDelayJitter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: MAX_TIMER_DELAY })),
  randomize: fc.boolean(),
  priorityBackup: fc.boolean(),
  priorityURIs: fc.constant([]),
});

const brokersArb: fc.Arbitrary<FailoverBroker[]> = fc
  .integer({ min: 1, max: 5 })
  .map((n) => Array.from({ length: n }, (_, i) => ({ scheme: 'tcp' as const, host: `h${i}`, port: 61613, path: '', query: '' })));

const planArb = fc.record({
  uri: fc.record({ brokers: brokersArb, options: optionsArb }),
  randoms: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 50 }),
  connectAt: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
});

function cycling(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('properties', () => {
  it('delays are whole ms, never negative, never over maxReconnectDelay + jitter; the first is 0', () => {
    fc.assert(
      fc.property(planArb, ({ uri, randoms, connectAt: at }) => {
        const plan = createFailoverPlan(uri, { random: cycling(randoms) });
        if (at !== undefined) {
          for (const step of plan.attempts()) if (step.attempt === at) plan.connected();
        }
        const o = uri.options;
        const bound = Math.min(o.maxReconnectDelay + o.reconnectDelayJitter, MAX_TIMER_DELAY);
        const seen = steps(plan, 60);
        expect(seen.length).toBeGreaterThan(0);
        expect(seen[0].delay).toBe(0);
        seen.forEach((step, i) => {
          expect(step.attempt).toBe(i + 1);
          expect(Number.isInteger(step.delay)).toBe(true);
          expect(step.delay).toBeGreaterThanOrEqual(0);
          expect(step.delay).toBeLessThanOrEqual(bound);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('an episode has exactly the attempts its limit allows', () => {
    fc.assert(
      fc.property(planArb, ({ uri, randoms, connectAt: at }) => {
        const plan = createFailoverPlan(uri, { random: cycling(randoms) });
        const o = uri.options;
        let connected = false;
        if (at !== undefined) {
          for (const step of plan.attempts()) {
            if (step.attempt === at) {
              plan.connected();
              connected = true;
            }
          }
        }
        const limit = !connected && o.startupMaxReconnectAttempts !== -1 ? o.startupMaxReconnectAttempts : o.maxReconnectAttempts;
        const seen = steps(plan, 60);
        expect(seen.length).toBe(limit === -1 ? 60 : Math.min(limit + 1, 60));
        for (const step of seen) expect(step.maxAttempts).toBe(limit === -1 ? null : limit + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('without jitter, delays never shrink within an episode', () => {
    fc.assert(
      fc.property(planArb, ({ uri, randoms }) => {
        const noJitter: FailoverUri = { ...uri, options: { ...uri.options, reconnectDelayJitter: 0 } };
        const delays = steps(createFailoverPlan(noJitter, { random: cycling(randoms) }), 40).map((s) => s.delay);
        for (let i = 2; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]);
      }),
    );
  });

  it('the same random gives the same plan', () => {
    fc.assert(
      fc.property(planArb, ({ uri, randoms }) => {
        const a = steps(createFailoverPlan(uri, { random: cycling(randoms) }), 30);
        const b = steps(createFailoverPlan(uri, { random: cycling(randoms) }), 30);
        expect(a).toEqual(b);
      }),
    );
  });
});
