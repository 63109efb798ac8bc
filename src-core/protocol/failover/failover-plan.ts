/**
 * Which broker to try next and how long to wait first, for a parsed failover URI.
 *
 *   const plan = createFailoverPlan(parseFailoverUri(text));
 *   let last: FailoverStep | undefined;
 *   for (const step of plan.attempts()) {
 *     last = step;
 *     await sleep(step.delay);
 *     if (await tryConnect(step.broker)) { plan.connected(); break; }
 *   }
 *   // the loop ran out: gave up after `last.attempt` attempts
 *
 * One call of `attempts()` is one episode: from "not connected" to connected or given up. It is
 * lazy (an unlimited plan never ends on its own) and it ends when the limit is reached, so a
 * loop that runs out means the plan gave up. `connected()` ends the episode; the next one
 * starts from the initial delay again and counts against maxReconnectAttempts instead of
 * startupMaxReconnectAttempts.
 *
 * Semantics, and where they come from:
 * - An attempt is one connection to one broker, as in stompest. The first attempt of an
 *   episode waits 0 ms; a limit of N retries allows N + 1 attempts; -1 is unlimited.
 * - The delay before retry k (k = 1, 2, ...) is initialReconnectDelay * backOffMultiplier^(k-1)
 *   (or initialReconnectDelay without exponential back-off), capped at maxReconnectDelay, plus
 *   a random 0..reconnectDelayJitter, rounded to whole ms. stompest adds its jitter before the
 *   cap; here it comes after, so that clients that all reached the cap still spread out: a delay
 *   is at most maxReconnectDelay + reconnectDelayJitter.
 * - Each round (one pass over the brokers) is shuffled anew when `randomize` is set.
 * - With `priorityBackup`, the priority brokers (priorityURIs, else the first broker) open every
 *   round in their written order, unshuffled; the others follow. This is ActiveMQ's preference
 *   for its priority brokers; stompest's "prefer localhost" reading is not followed.
 * - After a connection is lost, the broker that was lost goes last in the first round of the
 *   reconnect episode, as ActiveMQ does: a broker that has just died is the worst first guess.
 *   A priority broker keeps its place: priorityBackup asks for it to be tried first.
 *
 * `random` is injectable for tests; it is called once per swap of a round's shuffle (when the
 * round starts), then once per retry when reconnectDelayJitter > 0. Values outside [0, 1) are
 * clamped.
 */

import { MAX_TIMER_DELAY, type FailoverBroker, type FailoverUri } from './failover-types';

export interface FailoverStep {
  readonly broker: FailoverBroker;
  /** ms to wait before this attempt; 0 for the first attempt of an episode. */
  readonly delay: number;
  /** 1-based count within the episode. */
  readonly attempt: number;
  /** The attempts this episode allows in all, or null when unlimited: "attempt 2 of 4". */
  readonly maxAttempts: number | null;
}

/** Before the first successful connection, or after one. */
export type FailoverPhase = 'startup' | 'reconnect';

export interface FailoverPlanOptions {
  /** Uniform in [0, 1); defaults to Math.random. */
  readonly random?: () => number;
}

export interface FailoverPlan {
  readonly uri: FailoverUri;
  readonly phase: FailoverPhase;
  /** A new episode; an episode still being iterated stops. */
  attempts(): IterableIterator<FailoverStep>;
  /** The broker of the latest step answered: ends the episode and resets the back-off. */
  connected(): void;
}

export function createFailoverPlan(uri: FailoverUri, options: FailoverPlanOptions = {}): FailoverPlan {
  const random = options.random ?? Math.random;
  let phase: FailoverPhase = 'startup';
  let episode = 0;
  let latest: FailoverBroker | undefined;
  let lost: FailoverBroker | undefined;

  function* run(own: number): Generator<FailoverStep, void, undefined> {
    const o = uri.options;
    const limit = phase === 'startup' && o.startupMaxReconnectAttempts !== -1
      ? o.startupMaxReconnectAttempts
      : o.maxReconnectAttempts;
    const maxAttempts = limit === -1 ? null : limit + 1;
    const exhausted = (attempt: number): boolean => maxAttempts !== null && attempt >= maxAttempts;
    let attempt = 0;
    let backoff = o.initialReconnectDelay;
    let first = true;
    while (uri.brokers.length > 0 && !exhausted(attempt)) {
      const round = roundOrder(uri, random, first ? lost : undefined);
      first = false;
      for (const broker of round) {
        if (exhausted(attempt)) return;
        attempt++;
        let delay = 0;
        if (attempt > 1) {
          const jitter = o.reconnectDelayJitter > 0 ? unit(random) * o.reconnectDelayJitter : 0;
          delay = Math.min(Math.round(Math.min(backoff, o.maxReconnectDelay) + jitter), MAX_TIMER_DELAY);
          if (o.useExponentialBackOff) backoff = Math.min(backoff * o.backOffMultiplier, o.maxReconnectDelay);
        }
        latest = broker;
        yield { broker, delay, attempt, maxAttempts };
        if (own !== episode) return;
      }
    }
  }

  return {
    uri,
    get phase() {
      return phase;
    },
    attempts() {
      episode++;
      return run(episode);
    },
    connected() {
      phase = 'reconnect';
      lost = latest;
      episode++;
    },
  };
}

/** One pass over the brokers: priority ones first, the rest shuffled if asked, `last` last. */
function roundOrder(uri: FailoverUri, random: () => number, last: FailoverBroker | undefined): FailoverBroker[] {
  const { brokers, options } = uri;
  const indices = options.priorityURIs.length > 0 ? options.priorityURIs : [0];
  const priority = options.priorityBackup
    ? indices.map((i) => brokers[i]).filter((b) => b !== undefined)
    : [];
  const rest = brokers.filter((b) => !priority.includes(b));
  if (options.randomize) shuffle(rest, random);
  const at = last === undefined ? -1 : rest.indexOf(last);
  if (at !== -1) rest.push(...rest.splice(at, 1));
  return [...priority, ...rest];
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.min(Math.floor(unit(random) * (i + 1)), i);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

function unit(random: () => number): number {
  const r = random();
  return Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
}
