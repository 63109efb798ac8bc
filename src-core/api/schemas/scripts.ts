/** Sandboxed user scripts: checking one, previewing a payload script, sending with one. */
import { z } from 'zod';
import { destinationSchema, headersSchema, idSchema } from './common';
import { operationIdSchema } from './messages';

export const SCRIPT_LIMITS = {
  source: 256 * 1024,
  preview: 100,
  /** Messages one scripted send may build. */
  send: 100_000,
} as const;

export const scriptKindSchema = z.enum(['filter', 'payload']);
export const scriptSourceSchema = z.string().min(1, 'the script is empty').max(SCRIPT_LIMITS.source);

/** Details of a script that failed (ApiError details): what kind of failure and where. */
export const scriptFailureSchema = z.object({
  kind: z.enum(['syntax', 'runtime', 'escape', 'timeout', 'memory', 'stack', 'result']),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const previewInputSchema = z.object({
  source: scriptSourceSchema,
  destination: destinationSchema,
  count: z.number().int().min(1).max(SCRIPT_LIMITS.preview).default(5),
  /** How many the send will build: what the script sees as ctx.count. */
  total: z.number().int().min(1).max(SCRIPT_LIMITS.send).default(1),
});

export const builtMessageSchema = z.object({
  index: z.number().int(),
  headers: headersSchema,
  size: z.number().int(),
  /** The body as text when it is text, else null (see bodyBase64). */
  text: z.string().nullable(),
  bodyBase64: z.string(),
});
export type BuiltMessageView = z.infer<typeof builtMessageSchema>;

export const scriptedSendInputSchema = z.object({
  connectionId: idSchema,
  /** Names the job for messages.cancel. */
  operationId: operationIdSchema.optional(),
  destination: destinationSchema,
  source: scriptSourceSchema,
  count: z.number().int().min(1).max(SCRIPT_LIMITS.send),
  receipt: z.boolean().default(true),
  /** Headers on every message, before the script's own. */
  headers: headersSchema.default([]),
  transactionId: idSchema.optional(),
});

