/** The wire log and the receipt tracker. */
import { z } from 'zod';
import { headersSchema } from './common';

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
