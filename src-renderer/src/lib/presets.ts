/** What each broker preset offers the destination completion. */
import type { BrokerPreset } from '../../../src-core/api';

export const PRESET_PREFIXES: Record<BrokerPreset, readonly string[]> = {
  activemq: ['/queue/', '/topic/', '/temp-queue/', '/temp-topic/'],
  artemis: ['/queue/', '/topic/', 'jms.queue.', 'jms.topic.'],
  rabbitmq: ['/queue/', '/topic/', '/exchange/', '/amq/queue/', '/temp-queue/'],
  generic: ['/queue/', '/topic/'],
  sandbox: ['/queue/', '/topic/'],
};

export const PRESET_LABELS: Record<BrokerPreset, string> = {
  activemq: 'ActiveMQ Classic',
  artemis: 'ActiveMQ Artemis',
  rabbitmq: 'RabbitMQ',
  generic: 'Generic STOMP',
  sandbox: 'Built-in sandbox',
};

export const PRESETS = Object.keys(PRESET_LABELS) as BrokerPreset[];

/** Example destinations for the "Subscribe to a destination" empty state. */
export function exampleDestinations(preset: BrokerPreset | undefined): string[] {
  switch (preset) {
    case 'rabbitmq':
      return ['/queue/orders', '/topic/prices.#', '/exchange/amq.fanout'];
    case 'artemis':
      return ['/queue/orders', '/topic/prices'];
    case 'activemq':
      return ['/queue/orders', '/topic/prices', '/queue/ActiveMQ.DLQ'];
    default:
      return ['/queue/orders', '/topic/prices'];
  }
}

/** Header names the composer suggests, the common ones first, then the preset's own. */
export function headerSuggestions(preset: BrokerPreset | undefined): string[] {
  const common = ['content-type', 'persistent', 'priority', 'expires', 'reply-to', 'correlation-id'];
  switch (preset) {
    case 'activemq':
      return [...common, 'JMSXGroupID', 'AMQ_SCHEDULED_DELAY', 'type'];
    case 'artemis':
      return [...common, 'destination-type', '_AMQ_GROUP_ID'];
    case 'rabbitmq':
      return [...common, 'x-message-ttl', 'x-dead-letter-exchange', 'amqp-message-id', 'app-id'];
    default:
      return common;
  }
}

/**
 * Headers a preset puts on a new subscription. A GUI acks by hand, so an unlimited prefetch
 * (RabbitMQ's default) would pull a whole queue into the app: these keep 100 in flight.
 */
export const PRESET_SUBSCRIBE_HEADERS: Record<BrokerPreset, readonly (readonly [string, string])[]> = {
  activemq: [['activemq.prefetchSize', '100']],
  artemis: [['consumer-window-size', '1048576']],
  rabbitmq: [['prefetch-count', '100']],
  generic: [],
  sandbox: [['prefetch-count', '100']],
};

/** Headers a preset puts on a new message: what a hand-sent message usually wants on that broker. */
export const PRESET_SEND_HEADERS: Record<BrokerPreset, readonly (readonly [string, string])[]> = {
  activemq: [['persistent', 'true']],
  artemis: [['persistent', 'true']],
  rabbitmq: [['persistent', 'true']],
  generic: [],
  sandbox: [],
};

/**
 * A SUBSCRIBE `selector` in the preset's own syntax: ActiveMQ and Artemis take JMS (SQL-92)
 * selectors over JMS properties and headers; RabbitMQ's STOMP has none (undefined: not offered).
 */
export const PRESET_SELECTOR_EXAMPLE: Record<BrokerPreset, string | undefined> = {
  activemq: 'JMSPriority > 4',
  artemis: 'JMSPriority > 4',
  rabbitmq: undefined,
  generic: "type = 'order'",
  sandbox: undefined,
};

/** `name:value` per line → header pairs (split at the first colon; a value may hold more). */
export function parseHeaderLines(text: string): { headers: [string, string][]; error?: string } {
  const headers: [string, string][] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { headers, error: `Line ${i + 1}: write a header as name:value, e.g. prefetch-count:100.` };
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return { headers };
}

export function formatHeaderLines(headers: readonly (readonly [string, string])[]): string {
  return headers.map(([n, v]) => `${n}:${v}`).join('\n');
}

export const SANDBOX_COLOR = '#7c3aed';
