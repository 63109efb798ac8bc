/**
 * The destination overview's tree: what the connection has seen (sent to, subscribed to, received
 * from) merged with what the broker reports, grouped by the destination's kind as STOMP brokers
 * spell it (/queue/, /topic/, /exchange/, /amq/queue/, /temp-queue/, ...), names sorted.
 */
import type { BrokerDestination, StatsRow, SubscriptionView } from '../../../../src-core/api';

export interface DestinationGroupKind {
  readonly prefix: string;
  readonly label: string;
  /** A queue can be browsed where the broker can. */
  readonly queue: boolean;
}

export const GROUPS: readonly DestinationGroupKind[] = [
  { prefix: '/queue/', label: 'Queues', queue: true },
  { prefix: '/topic/', label: 'Topics', queue: false },
  { prefix: '/exchange/', label: 'Exchanges', queue: false },
  { prefix: '/amq/queue/', label: 'Existing queues (RabbitMQ)', queue: true },
  { prefix: '/temp-queue/', label: 'Temporary queues', queue: false },
  { prefix: '/temp-topic/', label: 'Temporary topics', queue: false },
  { prefix: '', label: 'Other destinations', queue: false },
];

export interface DestinationEntry {
  readonly destination: string;
  /** What this connection counted, when it has seen the destination. */
  readonly seen: StatsRow | undefined;
  /** What the broker reports, when it does. */
  readonly broker: BrokerDestination | undefined;
  /** Its subscriptions on this connection (a destination can have several). */
  readonly subscriptions: readonly SubscriptionView[];
}

export interface DestinationGroup {
  readonly kind: DestinationGroupKind;
  readonly entries: readonly DestinationEntry[];
}

export function groupOf(destination: string): DestinationGroupKind {
  return GROUPS.find((g) => g.prefix && destination.startsWith(g.prefix)) ?? GROUPS[GROUPS.length - 1];
}

export function buildTree(input: {
  readonly seen: readonly StatsRow[];
  readonly subscriptions: readonly SubscriptionView[];
  readonly broker: readonly BrokerDestination[];
  readonly filter: string;
}): DestinationGroup[] {
  const entries = new Map<string, { seen?: StatsRow; broker?: BrokerDestination; subscriptions: SubscriptionView[] }>();
  const entry = (destination: string) => {
    let e = entries.get(destination);
    if (!e) entries.set(destination, (e = { subscriptions: [] }));
    return e;
  };
  for (const row of input.seen) if (!row.overflow) entry(row.destination).seen = row;
  for (const sub of input.subscriptions) entry(sub.destination).subscriptions.push(sub);
  for (const b of input.broker) entry(b.destination).broker = b;
  const needle = input.filter.trim().toLowerCase();
  const groups = new Map<DestinationGroupKind, DestinationEntry[]>();
  for (const [destination, e] of entries) {
    if (needle && !destination.toLowerCase().includes(needle)) continue;
    const kind = groupOf(destination);
    const list = groups.get(kind) ?? [];
    list.push({ destination, seen: e.seen, broker: e.broker, subscriptions: e.subscriptions });
    groups.set(kind, list);
  }
  return GROUPS.filter((g) => groups.has(g)).map((kind) => ({
    kind,
    // What this connection met first (subscribed, sent to, received from), then what only the broker knows; by name within each.
    entries: groups.get(kind)!.sort((a, b) => Number(isBrokerOnly(a)) - Number(isBrokerOnly(b)) || (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0)),
  }));
}

function isBrokerOnly(entry: DestinationEntry): boolean {
  return !entry.seen && entry.subscriptions.length === 0;
}
