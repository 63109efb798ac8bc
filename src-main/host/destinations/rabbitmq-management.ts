/**
 * RabbitMQ's management HTTP API (the rabbitmq_management plugin): the vhost's queues with their
 * depth, consumers and unacked messages, a page of 500 at a time up to the listing limit, plus any
 * queue the connection has seen that the pages did not reach. Credentials are the profile's,
 * sent as Basic auth to the management URL only.
 */
import type { BrokerDestination } from '../../../src-core/api/schemas/destinations';
import { HttpGetError, httpGetJson, type HttpGetOptions } from './http-get-json';
import type { StatisticsResult } from './activemq-statistics';

export interface ManagementQuery extends Omit<HttpGetOptions, 'maxBytes'> {
  /** The API's base, e.g. http://127.0.0.1:15672/ (its paths are api/...). */
  readonly baseUrl: string;
  readonly vhost: string;
  readonly limit: number;
  /** STOMP destinations the connection has seen: their queues are listed past the limit too. */
  readonly seen: ReadonlySet<string>;
}

const PAGE = 500;
/** Seen queues past the listing asked for one by one, at most. */
const EXTRA_LOOKUPS = 50;
const COLUMNS = [
  'name',
  'messages',
  'messages_ready',
  'messages_unacknowledged',
  'consumers',
  'durable',
  'auto_delete',
  'exclusive',
  'message_stats.publish_details.rate',
  'message_stats.deliver_get_details.rate',
].join(',');

interface QueueJson {
  name?: unknown;
  messages?: unknown;
  messages_ready?: unknown;
  messages_unacknowledged?: unknown;
  consumers?: unknown;
  durable?: unknown;
  auto_delete?: unknown;
  exclusive?: unknown;
  message_stats?: { publish_details?: { rate?: unknown }; deliver_get_details?: { rate?: unknown } };
}

interface PageJson {
  items?: unknown;
  page_count?: unknown;
  total_count?: unknown;
}

export async function queryRabbitMqQueues(q: ManagementQuery): Promise<StatisticsResult> {
  const base = q.baseUrl.endsWith('/') ? q.baseUrl : `${q.baseUrl}/`;
  const vhost = encodeURIComponent(q.vhost);
  const get = (path: string) => httpGetJson(new URL(path, base), q).catch((error: unknown) => {
    throw explain(error, base, q);
  });
  const destinations: BrokerDestination[] = [];
  const listed = new Set<string>();
  let total = 0;
  let pages = 1;
  for (let page = 1; page <= pages && destinations.length < q.limit; page++) {
    const answer = (await get(`api/queues/${vhost}?page=${page}&page_size=${PAGE}&sort=name&columns=${COLUMNS}`)) as PageJson;
    if (!Array.isArray(answer.items)) throw new HttpGetError(`the management API at ${base} answered without a list of queues: is that RabbitMQ's management URL?`);
    pages = typeof answer.page_count === 'number' ? answer.page_count : 1;
    total = typeof answer.total_count === 'number' ? answer.total_count : answer.items.length;
    for (const item of answer.items as QueueJson[]) {
      const entry = toDestination(item, q.seen);
      if (!entry || destinations.length >= q.limit) continue;
      listed.add(entry.brokerName);
      destinations.push(entry);
    }
  }
  const unlisted = [...q.seen].map(queueName).filter((name): name is string => name !== undefined && !listed.has(name));
  for (const name of unlisted.slice(0, EXTRA_LOOKUPS)) {
    const item = (await get(`api/queues/${vhost}/${encodeURIComponent(name)}?columns=${COLUMNS}`).catch((error: HttpGetError) => {
      if (error.status === 404) return undefined; // not a queue (yet): a destination seen, never declared
      throw error;
    })) as QueueJson | undefined;
    const entry = item && toDestination(item, q.seen);
    if (entry) destinations.push(entry);
  }
  // Whatever the broker has and the list does not show: exclusive and subscription queues, and those past the limit.
  const hidden = Math.max(0, total - destinations.length);
  destinations.sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));
  return { destinations, total, hidden };
}

/** The queue a STOMP destination names on RabbitMQ: /queue/x and /amq/queue/x are queue x. */
export function queueName(destination: string): string | undefined {
  const match = /^\/(?:amq\/)?queue\/(.+)$/.exec(destination);
  return match ? match[1] : undefined;
}

/**
 * A queue as the destination that reaches it: the form the connection used, else /queue/x for
 * one STOMP would declare the same way (durable, not auto-delete), else /amq/queue/x (which
 * addresses an existing queue as it is). Exclusive queues (another connection's) and the queues
 * behind topic subscriptions (stomp-subscription-…) are left out.
 */
function toDestination(item: QueueJson, seen: ReadonlySet<string>): BrokerDestination | undefined {
  if (typeof item.name !== 'string') return undefined;
  const name = item.name;
  if (item.exclusive === true || name.startsWith('stomp-subscription-')) return undefined;
  const destination = seen.has(`/queue/${name}`)
    ? `/queue/${name}`
    : seen.has(`/amq/queue/${name}`)
      ? `/amq/queue/${name}`
      : item.durable !== false && item.auto_delete !== true
        ? `/queue/${name}`
        : `/amq/queue/${name}`;
  const out: BrokerDestination = { destination, kind: 'queue', brokerName: name };
  const int = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined);
  const rate = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const fields = {
    depth: int(item.messages),
    ready: int(item.messages_ready),
    unacked: int(item.messages_unacknowledged),
    consumers: int(item.consumers),
    publishRate: rate(item.message_stats?.publish_details?.rate),
    deliverRate: rate(item.message_stats?.deliver_get_details?.rate),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  return out;
}

/** The failure in words that say what to do about it; the URL is named, the credentials never. */
function explain(error: unknown, base: string, q: ManagementQuery): Error {
  if (!(error instanceof HttpGetError)) return error as Error;
  const where = `RabbitMQ's management API at ${base}`;
  if (error.status === 401) {
    return new HttpGetError(
      `${where} refused the login ${JSON.stringify(q.login ?? '')} (HTTP 401${reason(error.body)}): the user needs the management or monitoring tag (rabbitmqctl set_user_tags), or the passcode differs`,
      401,
    );
  }
  if (error.status === 404) return new HttpGetError(`${where} knows no vhost ${JSON.stringify(q.vhost)} (HTTP 404): check the profile's virtual host, or the management URL's path`, 404);
  if (error.status === undefined) {
    return new HttpGetError(`${where} does not answer (${error.message}): enable the rabbitmq_management plugin (rabbitmq-plugins enable rabbitmq_management), or set this profile's management URL`);
  }
  return new HttpGetError(`${where} ${error.message}`, error.status);
}

function reason(body: unknown): string {
  const b = body as { error?: unknown } | undefined;
  return b && typeof b.error === 'string' ? ` ${b.error}` : '';
}
