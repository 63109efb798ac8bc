/** The wire log and the receipt tracker. */
import { z } from 'zod';
import { headersSchema } from './common';

/** How long one wire.watch lasts unless renewed (the host's lease; a view renews at a third of it). */
export const WIRE_WATCH_MS = 15_000;

export const wireEntryViewSchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  /** `link`: not a frame but something that happened to the connection (a marker). */
  direction: z.enum(['in', 'out', 'link']),
  /** `marker`: a drop, a reconnect, a replay of subscriptions, shown in the stream where it happened. */
  kind: z.enum(['frame', 'heartbeat', 'diagnostic', 'marker']),
  command: z.string().optional(),
  headers: headersSchema.optional(),
  size: z.number().int().optional(),
  /** First bytes of the body as text, for the log line. */
  preview: z.string().optional(),
  diagnostic: z.string().optional(),
  /** A marker's words. */
  text: z.string().optional(),
  broker: z.string().optional(),
});
export type WireEntryView = z.infer<typeof wireEntryViewSchema>;

/** Which wire-log entries to list: any of `commands` (HEARTBEAT, MARKER, DIAGNOSTIC for those kinds), a destination part, a text anywhere. */
export const wireFilterSchema = z.object({
  commands: z.array(z.string().min(1).max(32)).max(40).optional(),
  destination: z.string().max(1024).optional(),
  text: z.string().max(1024).optional(),
  direction: z.enum(['in', 'out']).optional(),
});
export type WireFilter = z.infer<typeof wireFilterSchema>;

export const receiptViewSchema = z.object({
  id: z.string(),
  purpose: z.string(),
  /** `aborted`: its transaction was aborted before the broker answered (RabbitMQ holds them until COMMIT). */
  state: z.enum(['pending', 'received', 'timed-out', 'failed', 'aborted']),
  sentAt: z.number(),
  latencyMs: z.number().optional(),
  error: z.string().optional(),
});
export type ReceiptView = z.infer<typeof receiptViewSchema>;

export const transactionViewSchema = z.object({
  id: z.string(),
  startedAt: z.number(),
  /** SENDs written in it (counted when written, before any receipt). */
  sends: z.number().int(),
  acks: z.number().int(),
  /** Receipts of its SENDs still to come (RabbitMQ sends them after COMMIT). */
  pendingReceipts: z.number().int(),
});
export type TransactionView = z.infer<typeof transactionViewSchema>;

/** One direction of the heart-beat timeline: beats, frames (per 250 ms), late stretches and missed beats. */
export const heartbeatLaneSchema = z.object({
  /** Times of the heart-beats seen. */
  beats: z.array(z.number()),
  /** Frames seen, as [bucket start, count] per 250 ms: a frame proves the peer alive as a beat does. */
  frames: z.array(z.tuple([z.number(), z.number()])),
  /** Silences longer than the period (and a half): from the expected beat to what came next (or now). */
  late: z.array(z.object({ from: z.number(), to: z.number(), ongoing: z.boolean() })),
  /** Expected beats that never came, each at the time it was due. */
  missed: z.array(z.number()),
});

export const heartbeatTimelineSchema = z.object({
  now: z.number(),
  from: z.number(),
  /** The periods agreed at the latest CONNECTED, in ms; 0: no beats that way. */
  sendEvery: z.number(),
  expectEvery: z.number(),
  /** Silence of this many periods declares the broker dead. */
  tolerance: z.number(),
  /** When each connection of the window began (CONNECTED) and ended. */
  connections: z.array(z.object({ from: z.number(), to: z.number().optional(), sendEvery: z.number(), expectEvery: z.number() })),
  out: heartbeatLaneSchema,
  in: heartbeatLaneSchema,
  /** When the client declared the broker dead (heart-beats missed beyond the tolerance), and how long it had been silent. */
  dead: z.array(z.object({ at: z.number(), silentMs: z.number() })),
});
export type HeartbeatTimeline = z.infer<typeof heartbeatTimelineSchema>;
