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

export const SANDBOX_COLOR = '#7c3aed';
