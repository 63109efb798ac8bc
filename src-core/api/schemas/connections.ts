/** Live connections and their subscriptions, as the UI sees them. */
import { z } from 'zod';
import { ackModeSchema, destinationSchema, headersSchema, idSchema, sendableHeadersSchema, versionSchema } from './common';

export const CONNECTION_STATES = ['connecting', 'connected', 'reconnecting', 'disconnecting', 'disconnected', 'failed'] as const;
export const connectionStateSchema = z.enum(CONNECTION_STATES);
export type ConnectionState = z.infer<typeof connectionStateSchema>;

export const subscriptionViewSchema = z.object({
  id: idSchema,
  destination: z.string(),
  ack: ackModeSchema,
  headers: headersSchema,
  /** A non-destructive browse (ActiveMQ `browser:true`): no acks, ends by itself. */
  browse: z.boolean(),
  /** Browsing finished: the broker sent its end marker. */
  browseComplete: z.boolean(),
  captureId: idSchema,
  captured: z.number().int(),
  /** Messages per second over the last few seconds, for the sparkline. */
  rate: z.number(),
  /** Messages delivered and not yet acked or nacked (client and client-individual modes). */
  unacked: z.number().int(),
  /**
   * The most unacked messages the broker sends before it waits for acks, from the SUBSCRIBE's
   * `prefetch-count` (RabbitMQ) or `activemq.prefetchSize` (ActiveMQ) header; absent when not set.
   */
  prefetch: z.number().int().optional(),
  /**
   * Paused by the user: UNSUBSCRIBEd while the app keeps its place (id, headers, capture), so the
   * broker keeps a queue's messages until it is resumed (a topic's are missed meanwhile).
   */
  paused: z.boolean(),
  /** How many times a reconnect sent this SUBSCRIBE again, and when it last did. */
  replays: z.number().int(),
  replayedAt: z.number().optional(),
});
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const attemptFailureSchema = z.object({ broker: z.string(), attempt: z.number().int(), reason: z.string(), at: z.number().optional() });

/** What happened to a connection over its life, newest last: the UI's account of drops and reconnects. */
export const LIFECYCLE_KINDS = ['connecting', 'connected', 'attempt-failed', 'dropped', 'reconnecting', 'reconnected', 'replayed', 'gave-up', 'cancelled', 'disconnected'] as const;
export const lifecycleEventSchema = z.object({
  at: z.number(),
  kind: z.enum(LIFECYCLE_KINDS),
  /** One line for people, e.g. "connection lost: peer silent for 31002 ms". */
  text: z.string(),
  broker: z.string().optional(),
});
export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;

export const connectionViewSchema = z.object({
  id: idSchema,
  profileId: idSchema,
  profileName: z.string(),
  sandbox: z.boolean(),
  state: connectionStateSchema,
  broker: z.string().optional(),
  version: versionSchema.optional(),
  server: z.string().optional(),
  session: z.string().optional(),
  heartBeat: z.object({ sendEvery: z.number(), expectEvery: z.number() }).optional(),
  /** false for a TLS connection whose certificate was not verified (verification switched off). */
  verified: z.boolean().optional(),
  reconnect: z
    .object({ attempt: z.number().int(), maxAttempts: z.number().int().nullable(), nextDelayMs: z.number(), broker: z.string() })
    .optional(),
  failure: z.object({ message: z.string(), attempts: z.array(attemptFailureSchema) }).optional(),
  /**
   * The failed attempts of the latest connect or reconnect, each with its reason, kept after it
   * succeeded too (a failover that found its second broker shows why the first was passed over).
   */
  attempts: z.array(attemptFailureSchema),
  /** Connects, drops, reconnects, replays, newest last (the last 100). */
  history: z.array(lifecycleEventSchema),
  /** The latest unexpected drop, while it matters (until the next user-asked connect). */
  lastDrop: z.object({ at: z.number(), reason: z.string() }).optional(),
  subscriptions: z.array(subscriptionViewSchema),
  /** Where the broker cannot browse without consuming, the UI says so instead of offering it. */
  canBrowse: z.boolean(),
  openedAt: z.string(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

export const subscribeInputSchema = z.object({
  connectionId: idSchema,
  destination: destinationSchema,
  ack: ackModeSchema.default('client-individual'),
  headers: sendableHeadersSchema.default([]),
  browse: z.boolean().default(false),
});
