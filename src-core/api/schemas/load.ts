/** Load runs from the app: start one against a profile's broker, watch it, stop it. */
import { z } from 'zod';
import { destinationSchema, headersSchema, idSchema } from './common';
import { scriptSourceSchema } from './scripts';

export const LOAD_API_LIMITS = { rate: 1_000_000, durationS: 24 * 3600, size: 64 * 1024 * 1024, connections: 64, runs: 20 } as const;

export const loadStartSchema = z.object({
  profileId: idSchema,
  destination: destinationSchema,
  /** Messages per second; 0 = as fast as possible. */
  rate: z.number().int().min(0).max(LOAD_API_LIMITS.rate),
  durationS: z.number().positive().max(LOAD_API_LIMITS.durationS),
  size: z.number().int().min(0).max(LOAD_API_LIMITS.size).default(100),
  connections: z.number().int().min(1).max(LOAD_API_LIMITS.connections).default(1),
  receipt: z.boolean().default(false),
  /** With receipts: one every this many messages per connection, confirming those before it. */
  receiptEvery: z.number().int().min(1).max(1_000_000).default(1),
  /** Consume on this destination (the same or another) while publishing. */
  consume: z.object({ destination: destinationSchema }).optional(),
  /** A payload script `(i, ctx) => ({ body, headers })` building each message. */
  script: scriptSourceSchema.optional(),
  headers: headersSchema.default([]),
});

const percentilesSchema = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number(), mean: z.number() });

export const loadSampleSchema = z.object({
  t: z.number(),
  sentRate: z.number(),
  confirmedRate: z.number(),
  receivedRate: z.number(),
  latency: percentilesSchema.nullable(),
  sent: z.number().int(),
  confirmed: z.number().int(),
  received: z.number().int(),
  inFlight: z.number().int(),
  lateP99: z.number(),
});
export type LoadSampleView = z.infer<typeof loadSampleSchema>;

export const LOAD_STATES = ['connecting', 'publishing', 'draining', 'finished', 'cancelled', 'failed'] as const;

/** A run as the UI sees it: its settings, where it is, the samples so far, the report at the end. */
export const loadRunViewSchema = z.object({
  id: idSchema,
  profileId: idSchema,
  profileName: z.string(),
  destination: z.string(),
  consumeDestination: z.string().optional(),
  rate: z.number(),
  durationS: z.number(),
  size: z.number(),
  connections: z.number(),
  receipt: z.boolean(),
  receiptEvery: z.number().int().optional(),
  scripted: z.boolean(),
  state: z.enum(LOAD_STATES),
  startedAt: z.number(),
  samples: z.array(loadSampleSchema),
  /** The final figures, once the run is over. */
  report: z
    .object({
      sent: z.number().int(),
      confirmed: z.number().int().nullable(),
      unconfirmed: z.number().int().nullable(),
      failed: z.number().int(),
      received: z.number().int().nullable(),
      lost: z.number().int().nullable(),
      duplicated: z.number().int().nullable(),
      foreign: z.number().int(),
      publishMs: z.number(),
      throughput: z.object({ sentPerS: z.number(), confirmedPerS: z.number().nullable(), receivedPerS: z.number().nullable(), mbPerS: z.number() }),
      latencyMs: percentilesSchema.nullable(),
      pacing: z.object({ targetRate: z.number(), achievedRate: z.number(), lateMs: percentilesSchema.nullable(), notSent: z.number().int() }),
      cpu: z.object({ userMs: z.number(), systemMs: z.number(), percentOfOneCore: z.number() }),
    })
    .optional(),
  error: z.string().optional(),
});
export type LoadRunView = z.infer<typeof loadRunViewSchema>;
