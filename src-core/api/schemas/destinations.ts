/**
 * What the broker itself says about its destinations (issue 11's destination overview): RabbitMQ's
 * management HTTP API, ActiveMQ's statistics plugin over STOMP, the sandbox's own snapshot, or
 * nothing, said plainly. What the connection has seen comes from `stats.*`.
 */
import { z } from 'zod';
import { idSchema } from './common';

export const DESTINATION_LIMITS = {
  /** Broker destinations listed in one answer (seen ones are always listed). */
  listed: 2000,
  managementUrl: 2048,
} as const;

export const BROKER_INFO_SOURCES = ['rabbitmq-management', 'activemq-statistics', 'sandbox', 'none'] as const;
export const brokerInfoSourceSchema = z.enum(BROKER_INFO_SOURCES);
export type BrokerInfoSource = z.infer<typeof brokerInfoSourceSchema>;

const count = z.number().int().min(0);

/** One queue or topic as the broker reports it; a figure the broker does not give is absent. */
export const brokerDestinationSchema = z.object({
  /** The STOMP destination that reaches it: /queue/x, /amq/queue/x, /topic/x. */
  destination: z.string(),
  kind: z.enum(['queue', 'topic']),
  /** The broker's own name for it (RabbitMQ's queue name, ActiveMQ's queue://x). */
  brokerName: z.string(),
  /** Messages in the queue: waiting plus delivered and not yet acked (RabbitMQ `messages`, ActiveMQ `size`). */
  depth: count.optional(),
  /** Waiting for a consumer (RabbitMQ `messages_ready`, the sandbox's depth). */
  ready: count.optional(),
  /** Delivered, not yet acked (RabbitMQ `messages_unacknowledged`, ActiveMQ `inflightCount`). */
  unacked: count.optional(),
  consumers: count.optional(),
  producers: count.optional(),
  /** Messages ever sent to it, and ever consumed from it (ActiveMQ; the sandbox: sent only). */
  enqueued: count.optional(),
  dequeued: count.optional(),
  /** Messages a second, as the broker measures them (RabbitMQ). */
  publishRate: z.number().optional(),
  deliverRate: z.number().optional(),
});
export type BrokerDestination = z.infer<typeof brokerDestinationSchema>;

export const brokerInfoSchema = z.object({
  connectionId: z.string(),
  source: brokerInfoSourceSchema,
  /** Figures came back this time. */
  available: z.boolean(),
  /** One sentence for people: where the figures come from, or why there are none. */
  note: z.string(),
  /** Where they were asked for (a management URL without credentials, or a STOMP address). */
  endpoint: z.string().optional(),
  /** What went wrong this time, when something did. */
  error: z.string().optional(),
  fetchedAt: z.number(),
  tookMs: z.number(),
  destinations: z.array(brokerDestinationSchema),
  /** Destinations the broker reported in all, listed or not. */
  total: count,
  /** Left out on purpose: other connections' exclusive queues, advisory topics, past the listing limit. */
  hidden: count,
});
export type BrokerInfo = z.infer<typeof brokerInfoSchema>;

/** An http(s) URL without credentials in it (they come from the profile, never from a URL). */
export const managementUrlSchema = z
  .string()
  .trim()
  .max(DESTINATION_LIMITS.managementUrl)
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not a URL: write it as http://host:15672/ (or https://…)' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: `the management API is reached over http or https, not ${url.protocol.replace(/:$/, '')}` });
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'leave credentials out of the URL: the profile’s login and passcode are used' });
    if (url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'the URL takes no query or fragment: give the API’s base, e.g. http://host:15672/' });
  });

export const destinationSettingsSchema = z.object({
  /** Where RabbitMQ's management API is; absent: the connected broker's host, port 15672 (15671 over TLS). */
  managementUrl: z.string().optional(),
});
export type DestinationSettings = z.infer<typeof destinationSettingsSchema>;

export const DESTINATIONS_METHODS = {
  /** Asks the broker about its destinations now (each call asks again; a few a second at most is wise). */
  'destinations.brokerInfo': { params: z.object({ connectionId: idSchema }), result: brokerInfoSchema },
  'destinations.getSettings': { params: z.object({ profileId: idSchema }), result: destinationSettingsSchema },
  /** `managementUrl: null` goes back to the derived one. */
  'destinations.setSettings': {
    params: z.object({ profileId: idSchema, managementUrl: managementUrlSchema.nullable() }),
    result: destinationSettingsSchema,
  },
} as const;
