/** Captured messages, searching them, settling them, sending and replaying. */
import { z } from 'zod';
import { bodySchema, destinationSchema, headersSchema, idSchema, LIMITS, sendableHeadersSchema } from './common';

export const ACK_STATES = ['none', 'pending', 'acked', 'nacked', 'stale'] as const;
export const ackStateSchema = z.enum(ACK_STATES);

/** One row of the message list: never the whole body, only a preview. */
export const messageSummarySchema = z.object({
  captureId: idSchema,
  seq: z.number().int(),
  receivedAt: z.number(),
  destination: z.string().optional(),
  messageId: z.string().optional(),
  size: z.number().int(),
  contentType: z.string().optional(),
  redelivered: z.boolean(),
  ackState: ackStateSchema,
  preview: z.string(),
  binary: z.boolean(),
});
export type MessageSummary = z.infer<typeof messageSummarySchema>;

export const messageDetailSchema = messageSummarySchema.extend({
  command: z.string(),
  headers: headersSchema,
  bodyBase64: z.string(),
  framing: z.enum(['content-length', 'nul']),
  /** The frame's bytes exactly as they arrived, for byte-for-byte replay and the hex view. */
  rawBase64: z.string().optional(),
  subscriptionId: z.string().optional(),
  connectionId: z.string().optional(),
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

export const captureViewSchema = z.object({
  id: idSchema,
  label: z.string(),
  connectionId: z.string().optional(),
  subscriptionId: z.string().optional(),
  destination: z.string().optional(),
  /** Messages kept (memory and disk); none is ever dropped. */
  count: z.number().int(),
  /** Imported from a file: browsable, nothing to ack. */
  offline: z.boolean(),
  bytesInMemory: z.number().int(),
  bytesOnDisk: z.number().int(),
});
export type CaptureView = z.infer<typeof captureViewSchema>;

/** Filter syntax: plain text over headers and body; `re:` for a regex; `header:value` for one header. */
export const filterSchema = z.string().max(4096);

export const messageRefSchema = z.object({ captureId: idSchema, seq: z.number().int().min(0) });

export const sendInputSchema = z.object({
  connectionId: idSchema,
  destination: destinationSchema,
  headers: sendableHeadersSchema.default([]),
  body: bodySchema.default({ encoding: 'text', text: '' }),
  receipt: z.boolean().default(true),
  copies: z.number().int().min(1).max(LIMITS.copies).default(1),
  transactionId: idSchema.optional(),
  /** `omit`: a text body without content-length (ActiveMQ then makes a TextMessage). */
  contentLength: z.enum(['auto', 'omit']).default('auto'),
});

export const replayInputSchema = z.object({
  connectionId: idSchema,
  source: messageRefSchema,
  /** as-captured: same destination, headers and body; raw: the frame's bytes as they arrived; edited: with changes. */
  mode: z.enum(['as-captured', 'raw', 'edited']),
  edit: z
    .object({ destination: destinationSchema.optional(), headers: sendableHeadersSchema.optional(), body: bodySchema.optional() })
    .optional(),
  copies: z.number().int().min(1).max(LIMITS.copies).default(1),
  receipt: z.boolean().default(true),
});

export const sendResultSchema = z.object({
  sent: z.number().int(),
  /** Receipt latencies in ms, when receipts were asked for. */
  receiptLatenciesMs: z.array(z.number()),
});

export const templateSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(LIMITS.name),
  destination: z.string().max(LIMITS.destination),
  headers: headersSchema,
  body: bodySchema,
});
export type Template = z.infer<typeof templateSchema>;
