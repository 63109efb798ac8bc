/**
 * ActiveMQ Classic's statisticsBrokerPlugin, asked over STOMP on a short-lived connection of its
 * own (never the user's): SEND to `ActiveMQ.Statistics.Destination.>` (every queue, then every
 * topic) with `reply-to` a temp queue, and read one MapMessage per destination there, as JSON
 * (`transformation:jms-map-json`). The `ActiveMQ.Statistics.Destination.List.End.With.Null` header
 * asks the plugin to end each listing with an empty map, and `correlation-id` tells the two apart.
 */
import { randomUUID } from 'node:crypto';
import type { BrokerDestination } from '../../../src-core/api/schemas/destinations';
import type { ClientOptions } from '../../../src-core/client/client-options';
import { StompClient } from '../../../src-core/client/stomp-client';
import { MapMessageError, parseJettisonMap, type MapValue } from './jettison-map';

export interface StatisticsQuery {
  readonly client: ClientOptions;
  /** For the whole query: connect, ask, read both listings. */
  readonly timeoutMs?: number;
  /** Listed destinations at most; the seen ones are always kept. */
  readonly limit: number;
  readonly seen: ReadonlySet<string>;
}

export interface StatisticsResult {
  readonly destinations: BrokerDestination[];
  readonly total: number;
  readonly hidden: number;
}

const END_WITH_NULL = 'ActiveMQ.Statistics.Destination.List.End.With.Null';
const LISTINGS = [
  { kind: 'queue', query: '/queue/ActiveMQ.Statistics.Destination.>' },
  { kind: 'topic', query: '/topic/ActiveMQ.Statistics.Destination.>' },
] as const;

export class StatisticsUnavailableError extends Error {
  override readonly name = 'StatisticsUnavailableError';
}

export async function queryActiveMqStatistics(q: StatisticsQuery): Promise<StatisticsResult> {
  const timeoutMs = q.timeoutMs ?? 5000;
  const client = new StompClient({
    ...q.client,
    reconnect: false,
    heartBeat: [0, 0],
    connectTimeout: Math.min(q.client.connectTimeout ?? timeoutMs, timeoutMs),
    connectedTimeout: timeoutMs,
    receiptTimeout: timeoutMs,
    strict: false,
    keepRawFrames: false,
  });
  const replyTo = `/temp-queue/stomp-explorer-stats-${randomUUID()}`;
  const result = { destinations: [] as BrokerDestination[], total: 0, hidden: 0 };
  const open = new Set<string>(LISTINGS.map((l) => l.kind));
  let problem: Error | undefined;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const stopDrop = client.on('disconnected', ({ error }) => {
    if (!error || open.size === 0) return;
    problem = new StatisticsUnavailableError(
      `ActiveMQ closed the statistics connection (${error.message}); a broker whose STOMP cannot write JSON map messages (the xstream and jettison jars missing from its lib/) drops a jms-map-json subscriber`,
    );
    finish();
  });
  const timer = setTimeout(finish, timeoutMs);
  try {
    await client.connect();
    await client.subscribe(
      replyTo,
      (message) => {
        const listing = message.headers['correlation-id'];
        if (!listing || !open.has(listing)) return;
        let map: Record<string, MapValue>;
        try {
          map = parseJettisonMap(message.text());
        } catch (error) {
          problem = new StatisticsUnavailableError(`ActiveMQ answered the statistics query with a message STOMP Explorer cannot read (${(error as MapMessageError).message})`);
          finish();
          return;
        }
        if (Object.keys(map).length === 0) {
          open.delete(listing);
          if (open.size === 0) finish();
          return;
        }
        take(map, q, result);
      },
      { ack: 'auto', headers: { transformation: 'jms-map-json' }, receipt: true },
    );
    for (const listing of LISTINGS) {
      await client.send(listing.query, '', { headers: { 'reply-to': replyTo, 'correlation-id': listing.kind, [END_WITH_NULL]: 'true' }, receipt: true });
    }
    await finished;
    if (problem) throw problem;
    if (open.size === LISTINGS.length && result.total === 0) {
      throw new StatisticsUnavailableError(
        `ActiveMQ did not answer the statistics query within ${timeoutMs / 1000} s: its statisticsBrokerPlugin is probably not enabled (<plugins><statisticsBrokerPlugin/></plugins> in activemq.xml)`,
      );
    }
    result.destinations.sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));
    return result;
  } finally {
    clearTimeout(timer);
    stopDrop();
    await client.disconnect({ timeout: 1000 }).catch(() => undefined);
  }
}

/** One destination's statistics into the result, unless it is hidden or past the limit. */
function take(map: Record<string, MapValue>, q: StatisticsQuery, result: { destinations: BrokerDestination[]; total: number; hidden: number }): void {
  result.total++;
  const entry = toDestination(map);
  if (!entry || (result.destinations.length >= q.limit && !q.seen.has(entry.destination))) {
    result.hidden++;
    return;
  }
  result.destinations.push(entry);
}

/** queue://x → /queue/x and topic://x → /topic/x; temporary and advisory destinations are left out. */
export function toDestination(map: Record<string, MapValue>): BrokerDestination | undefined {
  const name = String(map.destinationName ?? '');
  const match = /^(queue|topic):\/\/(.+)$/.exec(name);
  if (!match) return undefined;
  const kind = match[1] as 'queue' | 'topic';
  if (kind === 'topic' && match[2].startsWith('ActiveMQ.Advisory.')) return undefined;
  const out: BrokerDestination = { destination: `/${kind}/${match[2]}`, kind, brokerName: name };
  const set = (key: 'depth' | 'unacked' | 'consumers' | 'producers' | 'enqueued' | 'dequeued', field: string) => {
    const value = map[field];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) out[key] = Math.floor(value);
  };
  set('depth', 'size');
  set('unacked', 'inflightCount');
  set('consumers', 'consumerCount');
  set('producers', 'producerCount');
  set('enqueued', 'enqueueCount');
  set('dequeued', 'dequeueCount');
  return out;
}
