/**
 * Traffic statistics per connection and per destination (issue 11), counted by the host from the
 * frames the client writes and reads: messages and bytes in and out, acks, nacks, redeliveries,
 * receipt latency, and messages a second over the last few minutes.
 */
import { z } from 'zod';
import { destinationSchema, idSchema } from './common';

export const STATS_LIMITS = {
  /** Seconds of per-second history kept for every series (the chart's window). */
  windowSeconds: 300,
  /** Destinations counted one by one per connection; the rest share one "other destinations" row. */
  destinations: 1000,
  /** Rows of a series CSV export. */
  csvRows: 200_000,
} as const;

/**
 * One second of traffic: [second since the epoch, messages in, messages out, body bytes in, body
 * bytes out]. Seconds without traffic are left out; the UI reads a missing second as zero.
 */
export const statsPointSchema = z.tuple([z.number().int(), z.number(), z.number(), z.number(), z.number()]);
export type StatsPoint = z.infer<typeof statsPointSchema>;

/** Receipt round trips (a SEND's `receipt` to its RECEIPT), in ms; percentiles within about 5 %. */
export const latencySummarySchema = z.object({
  count: z.number().int(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  max: z.number(),
});
export type LatencySummary = z.infer<typeof latencySummarySchema>;

const count = z.number().int().min(0);

/** What was counted for one destination (or, with `overflow`, for every destination past the limit). */
export const statsRowSchema = z.object({
  destination: z.string(),
  /** The row of destinations past STATS_LIMITS.destinations: their counts, not their names. */
  overflow: z.boolean().optional(),
  /** MESSAGE frames received. */
  messagesIn: count,
  /** SEND frames written. */
  messagesOut: count,
  /** Body bytes of those frames. */
  bytesIn: count,
  bytesOut: count,
  /** ACK and NACK frames written for this destination's messages. */
  acks: count,
  nacks: count,
  /** MESSAGEs marked `redelivered:true`. */
  redeliveries: count,
  receipts: latencySummarySchema,
  /** Messages a second over the last 5 full seconds. */
  rateIn: z.number(),
  rateOut: z.number(),
  firstAt: z.number().optional(),
  lastInAt: z.number().optional(),
  lastOutAt: z.number().optional(),
  /** A SUBSCRIBE to it is in force on this connection (UNSUBSCRIBE not sent). */
  subscribed: z.boolean(),
});
export type StatsRow = z.infer<typeof statsRowSchema>;

/** The connection as a whole: every destination's counts plus what is not a message. */
export const connectionTotalsSchema = statsRowSchema.omit({ destination: true, overflow: true, subscribed: true }).extend({
  framesIn: count,
  framesOut: count,
  /** Bytes of every frame and heart-beat as they travelled. */
  wireBytesIn: count,
  wireBytesOut: count,
  heartBeatsIn: count,
  heartBeatsOut: count,
  errors: count,
  /** When counting started: the connection's opening, or the last reset. */
  since: z.number(),
  /** Destinations counted one by one (at most STATS_LIMITS.destinations). */
  destinations: count,
});
export type ConnectionTotals = z.infer<typeof connectionTotalsSchema>;

export const statsSnapshotSchema = z.object({
  connectionId: z.string(),
  at: z.number(),
  total: connectionTotalsSchema,
  /** The connection's seconds with traffic over the window, oldest first. */
  points: z.array(statsPointSchema),
  destinations: z.array(statsRowSchema),
});
export type StatsSnapshot = z.infer<typeof statsSnapshotSchema>;

/** One connection's part of a `stats.updated` batch: rows that changed, with their seconds since the last batch. */
export const statsDeltaSchema = z.object({
  connectionId: z.string(),
  total: connectionTotalsSchema,
  points: z.array(statsPointSchema),
  destinations: z.array(statsRowSchema.extend({ points: z.array(statsPointSchema) })),
});
export type StatsDelta = z.infer<typeof statsDeltaSchema>;

export const statsCsvKindSchema = z.enum(['totals', 'series']);

const connectionRef = z.object({ connectionId: idSchema });

export const STATS_METHODS = {
  /** Everything counted for a connection now, with the connection's per-second history. */
  'stats.get': { params: connectionRef, result: statsSnapshotSchema },
  /** One destination's per-second history over the window (the chart of one row). */
  'stats.series': { params: connectionRef.extend({ destination: destinationSchema }), result: z.object({ points: z.array(statsPointSchema) }) },
  /** Starts counting afresh for this connection. */
  'stats.reset': { params: connectionRef, result: z.object({ ok: z.literal(true) }) },
  /**
   * CSV (RFC 4180): `totals` is one line per destination plus the connection's; `series` is one
   * line per second of the window for the connection and for every destination with traffic in it.
   */
  'stats.exportCsv': { params: connectionRef.extend({ kind: statsCsvKindSchema }), result: z.object({ csv: z.string(), fileName: z.string() }) },
} as const;

export const STATS_EVENTS = {
  /** At most once a second, only when something was counted (or a rate is still falling to zero). */
  'stats.updated': z.object({ at: z.number(), connections: z.array(statsDeltaSchema) }),
} as const;
