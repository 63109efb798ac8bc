/**
 * Destination names: `/queue/<name>` is point-to-point, `/topic/<name>` is fan-out, as on
 * ActiveMQ and RabbitMQ. Anything else is refused (RabbitMQ's `/exchange/`, `/amq/queue/` and
 * ActiveMQ's `/temp-queue/` are not modelled).
 */

export type DestinationKind = 'queue' | 'topic';

export interface ParsedDestination {
  readonly kind: DestinationKind;
  /** The whole name as sent, e.g. `/queue/orders`: the key and what MESSAGE echoes. */
  readonly name: string;
}

const PREFIXES: readonly (readonly [string, DestinationKind])[] = [
  ['/queue/', 'queue'],
  ['/topic/', 'topic'],
];

export function parseDestination(name: string): ParsedDestination | undefined {
  for (const [prefix, kind] of PREFIXES) {
    if (name.startsWith(prefix) && name.length > prefix.length) return { kind, name };
  }
  return undefined;
}

export const DESTINATION_RULE = 'destinations are /queue/<name> (point-to-point) or /topic/<name> (fan-out)';
