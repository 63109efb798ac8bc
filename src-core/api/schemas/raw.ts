/**
 * The raw frame composer (issue 11): a frame described field by field (any command, headers in any
 * order with duplicates, body as text, hex or a file's bytes, framing, line endings, escaping), the
 * host's verdict on the exact bytes it makes (the core's parser, strict and lenient, plus the
 * rules a broker enforces that the parser lets pass), sending those bytes as they are, and what
 * the broker answered. Saved raw templates are recipes with a name.
 */
import { z } from 'zod';
import { idSchema, LIMITS, nameSchema, versionSchema } from './common';

export const RAW_LIMITS = {
  /** Body bytes of one recipe: the composer is for crafting frames, large sends belong to the composer. */
  body: 16 * 1024 * 1024,
  command: 1024,
  /** The check returns the bytes' start (and end) for the hex view, not all of them. */
  preview: 64 * 1024,
  tail: 1024,
  /** Frames and problems listed per verdict (each verdict says how many there were). */
  listed: 50,
  /** An ERROR body in the answer, at most (its length says when it was cut). */
  errorBody: 64 * 1024,
  /** How long a send watches the connection for the broker's answer. */
  waitMsMax: 60_000,
  templates: 1000,
} as const;

export const rawBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string().max(RAW_LIMITS.body) }),
  /** Hex digits, any whitespace between them. */
  z.object({ kind: z.literal('hex'), hex: z.string().max(RAW_LIMITS.body * 3) }),
  /** A file's bytes (or any bytes), with the file's name for the UI. */
  z.object({ kind: z.literal('base64'), base64: z.string().max(Math.ceil(RAW_LIMITS.body / 3) * 4), fileName: z.string().max(LIMITS.name).optional() }),
]);
export type RawBody = z.infer<typeof rawBodySchema>;

/**
 * A frame to build, byte by byte. Headers go in the order given, duplicates and all; a
 * `content-length` header written by hand goes as written and stops `framing: 'content-length'`
 * from adding one (that is how a wrong content-length is made).
 */
export const rawRecipeSchema = z.object({
  /** Any text; suggestions are only suggestions. */
  command: z.string().max(RAW_LIMITS.command),
  headers: z.array(z.tuple([z.string().max(LIMITS.headerName), z.string().max(LIMITS.headerValue)])).max(LIMITS.headers),
  body: rawBodySchema,
  /** `content-length`: add one with the body's length (unless written by hand); `nul`: none, the body ends at the NUL. */
  framing: z.enum(['content-length', 'nul']).default('content-length'),
  eol: z.enum(['lf', 'crlf']).default('lf'),
  /** Escape `\`, LF, `:` (and CR in 1.2) in header names and values as the version says; off writes them raw. */
  escape: z.boolean().default(true),
  /** Write the NUL that ends the frame; off leaves the frame unfinished. */
  nul: z.boolean().default(true),
});
export type RawRecipe = z.output<typeof rawRecipeSchema>;
export type RawRecipeInput = z.input<typeof rawRecipeSchema>;

/** A broken rule and the byte it is at (offsets count from the frame's first byte). */
export const rawProblemSchema = z.object({ rule: z.string(), offset: z.number().int(), message: z.string() });
export type RawProblem = z.infer<typeof rawProblemSchema>;

export const rawFrameSummarySchema = z.object({
  command: z.string(),
  offset: z.number().int(),
  size: z.number().int(),
  /** Decoded, in wire order (at most 100). */
  headers: z.array(z.tuple([z.string(), z.string()])),
  bodyLength: z.number().int(),
  framing: z.enum(['content-length', 'nul']),
});
export type RawFrameSummary = z.infer<typeof rawFrameSummarySchema>;

/** What one parser mode made of the bytes. */
export const rawVerdictSchema = z.object({
  /** Every byte read into frames (or heart-beats) with no rule broken. */
  ok: z.boolean(),
  frames: z.array(rawFrameSummarySchema),
  frameCount: z.number().int(),
  /** Strict: the first broken rule. Lenient: only what even lenient parsing cannot go past (a truncated frame, a limit). */
  error: rawProblemSchema.optional(),
  /** Lenient: every rule broken and read past. */
  diagnostics: z.array(rawProblemSchema),
  diagnosticCount: z.number().int(),
});
export type RawVerdict = z.infer<typeof rawVerdictSchema>;

/** Why a broker will likely refuse (or misread) the frame; `offset` when it is about one byte. */
export const rawWarningSchema = z.object({ code: z.string(), message: z.string(), offset: z.number().int().optional() });
export type RawWarning = z.infer<typeof rawWarningSchema>;

export const rawCheckSchema = z.object({
  /** The version the bytes were judged by, and where it came from. */
  version: versionSchema,
  versionFrom: z.enum(['connection', 'chosen']),
  size: z.number().int(),
  /** Of all the bytes: raw.send refuses to send other bytes than these when given it. */
  sha256: z.string(),
  /** The first bytes (all of them up to RAW_LIMITS.preview). */
  previewBase64: z.string(),
  /** The last bytes, when the preview does not reach the end. */
  tail: z.object({ offset: z.number().int(), base64: z.string() }).optional(),
  /** Bytes around the offsets the verdict points at beyond the preview (a short body's NUL inside a large body). */
  windows: z.array(z.object({ offset: z.number().int(), base64: z.string() })),
  /** Command line to blank line, inclusive. */
  headLength: z.number().int(),
  bodyLength: z.number().int(),
  strict: rawVerdictSchema,
  lenient: rawVerdictSchema,
  /** Rules the parser reads past but a peer that follows the grammar would not (a raw `:` in a 1.1/1.2 header). */
  lint: z.array(rawProblemSchema),
  warnings: z.array(rawWarningSchema),
});
export type RawCheck = z.infer<typeof rawCheckSchema>;

/** One frame the broker sent while the send watched, in order, timed from the write. */
export const rawIncomingSchema = z.object({ command: z.string(), afterMs: z.number(), headers: z.array(z.tuple([z.string(), z.string()])) });

export const rawAnswerSchema = z.object({
  /** What settles it: an ERROR, else the RECEIPT, else the dropped connection, else silence for the whole wait. */
  outcome: z.enum(['receipt', 'error', 'dropped', 'silent']),
  /** One sentence saying what happened. */
  summary: z.string(),
  waitedMs: z.number(),
  receipt: z.object({ id: z.string(), latencyMs: z.number() }).optional(),
  error: z
    .object({
      message: z.string().optional(),
      headers: z.array(z.tuple([z.string(), z.string()])),
      body: z.string(),
      bodyLength: z.number().int(),
      afterMs: z.number(),
    })
    .optional(),
  dropped: z.object({ reason: z.string(), afterMs: z.number(), willReconnect: z.boolean() }).optional(),
  /** Every frame that came in while watching (at most RAW_LIMITS.listed). */
  frames: z.array(rawIncomingSchema),
  /** Whether the connection was still up when the watch ended. */
  connected: z.boolean(),
});
export type RawAnswer = z.infer<typeof rawAnswerSchema>;

export const rawTemplateSchema = z.object({ id: idSchema, name: nameSchema, recipe: rawRecipeSchema });
export type RawTemplate = z.infer<typeof rawTemplateSchema>;
export const rawTemplateDraftSchema = rawTemplateSchema.omit({ id: true }).extend({ id: idSchema.optional() });

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits');

export const RAW_METHODS = {
  /**
   * Builds the recipe's bytes and judges them: strict and lenient parsing under the connection's
   * negotiated version (or `version`), lint, and warnings for what brokers refuse. A recipe that
   * cannot be built (bad hex, too large) answers invalid-request with details { field }.
   */
  'raw.check': {
    params: z.object({ recipe: rawRecipeSchema, connectionId: idSchema.optional(), version: versionSchema.optional() }),
    result: rawCheckSchema,
  },
  /**
   * Writes the recipe's bytes exactly, on the live connection, then watches it for up to `waitMs`
   * (ending early at the RECEIPT, an ERROR or a drop) and reports what the broker answered. With
   * `sha256` (from raw.check), bytes that differ from those checked are refused (conflict).
   */
  'raw.send': {
    params: z.object({
      connectionId: idSchema,
      recipe: rawRecipeSchema,
      sha256: sha256Schema.optional(),
      waitMs: z.number().int().min(100).max(RAW_LIMITS.waitMsMax).default(2000),
    }),
    result: z.object({ size: z.number().int(), sha256: z.string(), version: versionSchema, answer: rawAnswerSchema }),
  },
  'raw.listTemplates': { params: z.object({}).strict(), result: z.object({ templates: z.array(rawTemplateSchema) }) },
  /** Without an id: a new template; with one: replaces it (not-found when it is gone). */
  'raw.saveTemplate': { params: z.object({ template: rawTemplateDraftSchema }), result: z.object({ template: rawTemplateSchema }) },
  'raw.deleteTemplate': { params: z.object({ id: idSchema }), result: z.object({ ok: z.literal(true) }) },
} as const;
