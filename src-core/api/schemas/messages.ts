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
  /** The body's length in bytes (bodyBase64 may hold only its start: see bodyTruncated). */
  bodySize: z.number().int().optional(),
  /**
   * Asked with `bodyLimit` and the body is longer: bodyBase64 holds its first bodyLimit bytes and
   * rawBase64 the frame's head and those bytes; messages.bodyPage reads the rest, a page at a time.
   */
  bodyTruncated: z.boolean().optional(),
});
export type MessageDetail = z.infer<typeof messageDetailSchema>;

/** The largest page of a body one request may ask for. */
export const BODY_PAGE_MAX = 4 * 1024 * 1024;

/** messages.get: with `bodyLimit`, a large body comes back cut to its first bodyLimit bytes. */
export const messageGetInputSchema = z.object({
  captureId: idSchema,
  seq: z.number().int().min(0),
  bodyLimit: z.number().int().min(0).max(BODY_PAGE_MAX).optional(),
});

/** messages.bodyPage: bytes [offset, offset + length) of a captured body, clipped to its end. */
export const bodyPageInputSchema = z.object({
  captureId: idSchema,
  seq: z.number().int().min(0),
  offset: z.number().int().min(0),
  length: z.number().int().min(1).max(BODY_PAGE_MAX),
});
export const bodyPageResultSchema = z.object({ size: z.number().int(), offset: z.number().int(), base64: z.string() });

/**
 * captures.exportPage: the capture as NDJSON, a page of lines at a time (about maxBytes each), so
 * an export of any size streams instead of crossing the bridge as one string. The first page
 * (no cursor) starts with the file's header line and fixes the messages exported; `cursor` is the
 * previous page's `next`; `done` says the last line has been sent.
 */
export const exportPageInputSchema = z.object({
  captureId: idSchema,
  cursor: z.string().max(200).optional(),
  maxBytes: z
    .number()
    .int()
    .min(64 * 1024)
    .max(16 * 1024 * 1024)
    .default(4 * 1024 * 1024),
});
export const exportPageResultSchema = z.object({ ndjson: z.string(), next: z.string().optional(), done: z.boolean(), messages: z.number().int(), total: z.number().int() });

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

/** Names a long-running action (a bulk send), chosen by the UI so it can cancel it while it runs. */
export const operationIdSchema = z.string().min(1).max(LIMITS.id);

export const sendInputSchema = z.object({
  connectionId: idSchema,
  operationId: operationIdSchema.optional(),
  destination: destinationSchema,
  headers: sendableHeadersSchema.default([]),
  body: bodySchema.default({ encoding: 'text', text: '' }),
  receipt: z.boolean().default(true),
  copies: z.number().int().min(1).max(LIMITS.copies).default(1),
  transactionId: idSchema.optional(),
  /** `omit`: a text body without content-length (ActiveMQ then makes a TextMessage). */
  contentLength: z.enum(['auto', 'omit']).default('auto'),
});

/**
 * as-captured: same destination, headers and body; raw: the frame's bytes as they arrived (a
 * MESSAGE's command line made SEND); raw-clean: those bytes without the header lines a broker
 * forbids on SEND (message-id, subscription, ack, redelivered...); edited: with changes.
 */
export const REPLAY_MODES = ['as-captured', 'raw', 'raw-clean', 'edited'] as const;

export const replayInputSchema = z.object({
  connectionId: idSchema,
  operationId: operationIdSchema.optional(),
  source: messageRefSchema,
  mode: z.enum(REPLAY_MODES),
  edit: z
    .object({ destination: destinationSchema.optional(), headers: sendableHeadersSchema.optional(), body: bodySchema.optional() })
    .optional(),
  copies: z.number().int().min(1).max(LIMITS.copies).default(1),
  receipt: z.boolean().default(true),
});

/**
 * What became of a send-like action, as the broker told it. `confirmed`: every copy's RECEIPT came;
 * `unconfirmed`: written, no receipt asked, and no ERROR within a grace period; `partial`: some
 * confirmed, some not; `failed`: the broker refused (see brokerError) or nothing could be written;
 * `cancelled`: stopped by the user (counts say how far it got); `pending-commit`: written in a
 * transaction whose broker holds the receipts until COMMIT (the receipt tracker follows them).
 */
export const SEND_STATES = ['confirmed', 'unconfirmed', 'partial', 'failed', 'cancelled', 'pending-commit'] as const;
export const sendResultSchema = z.object({
  state: z.enum(SEND_STATES),
  /** Copies asked for. */
  total: z.number().int(),
  /** Copies written to the connection. */
  sent: z.number().int(),
  /** Copies a RECEIPT confirmed. */
  confirmed: z.number().int(),
  /** Copies the broker refused, or whose receipt failed or timed out. */
  failed: z.number().int(),
  cancelled: z.boolean(),
  /** The receipt ids put on the wire (the first 1000), as the receipt tracker lists them. */
  receiptIds: z.array(z.string()),
  /** Receipt latencies in ms, when receipts were asked for (the first 1000). */
  receiptLatenciesMs: z.array(z.number()),
  /** The broker's ERROR that came while this action ran. */
  brokerError: z.object({ message: z.string(), body: z.string() }).optional(),
  /** Why it stopped before the last copy (the connection dropped, a frame could not be built...). */
  stoppedBecause: z.string().optional(),
  elapsedMs: z.number(),
});
export type SendOutcome = z.infer<typeof sendResultSchema>;

/** The exact bytes a raw replay will write, before the user sends them. */
export const replayPreviewSchema = z.object({
  bytesBase64: z.string(),
  /** Header lines left out (raw-clean), by name. */
  removed: z.array(z.string()),
  /** Why a broker will likely refuse these bytes, when it will (a MESSAGE-only header on SEND...). */
  warnings: z.array(z.string()),
});

export const templateSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(LIMITS.name),
  destination: z.string().max(LIMITS.destination),
  headers: headersSchema,
  body: bodySchema,
});
export type Template = z.infer<typeof templateSchema>;
