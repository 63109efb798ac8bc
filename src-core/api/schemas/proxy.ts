/**
 * The recording and intercepting proxy in the app (issue 12): proxy definitions, a running
 * proxy's connections, its frame log (paged, bounded), the hold queue, faults, and recordings
 * (saved, re-opened offline, replayed against a broker).
 */
import { z } from 'zod';
import { bodySchema, headersSchema, idSchema, LIMITS, nameSchema } from './common';

export const PROXY_LIMITS = {
  /** Log entries returned by one page. */
  page: 2000,
  rules: 100,
  pattern: 1024,
  /** A held frame's body sent to the UI at most this long (the rest is shown as cut). */
  heldBody: 1024 * 1024,
  /** Edits carried by one replay request. */
  edits: 10_000,
} as const;

export const directionSchema = z.enum(['client-to-broker', 'broker-to-client']);
export const directionScopeSchema = z.enum(['client-to-broker', 'broker-to-client', 'both']);
export type ProxyDirection = z.infer<typeof directionSchema>;
export type ProxyDirectionScope = z.infer<typeof directionScopeSchema>;

const port = z.number().int().min(0).max(65535);

/** A Proxy kind of profile: where it listens, which profile it forwards to, whether it records. */
export const proxyDefinitionInputSchema = z.object({
  name: nameSchema,
  listenHost: z.string().trim().min(1).max(255).default('127.0.0.1'),
  listenPort: port,
  /** Listening on a non-loopback address must be asked for: anyone reaching it talks to the broker. */
  allowRemote: z.boolean().default(false),
  /** Its URI, credentials and TLS are the upstream's. */
  upstreamProfileId: idSchema,
  record: z.boolean().default(false),
});
export const proxyDefinitionSchema = proxyDefinitionInputSchema.extend({ id: idSchema });
export type ProxyDefinition = z.infer<typeof proxyDefinitionSchema>;
export type ProxyDefinitionInput = z.input<typeof proxyDefinitionInputSchema>;

const patternSchema = z.string().max(PROXY_LIMITS.pattern);

export const holdRuleSchema = z.object({
  id: idSchema,
  enabled: z.boolean().default(true),
  direction: directionScopeSchema.default('both'),
  commands: z.array(z.string().min(1).max(32)).max(20).default([]),
  /** Exact, `*` wildcards, or `re:regex`. */
  destination: patternSchema.optional(),
  header: z.object({ name: z.string().min(1).max(LIMITS.headerName), value: patternSchema.optional() }).optional(),
  /** Text the body contains, or `re:regex`. */
  text: patternSchema.optional(),
});
export type HoldRuleView = z.infer<typeof holdRuleSchema>;

export const faultSettingsSchema = z.object({
  latency: z.object({ ms: z.number().int().min(0).max(60_000), jitterMs: z.number().int().min(0).max(60_000).optional(), direction: directionScopeSchema.optional() }).optional(),
  bandwidth: z.object({ bytesPerSecond: z.number().int().min(1).max(10 * 1024 * 1024 * 1024), direction: directionScopeSchema.optional() }).optional(),
  dropAfterFrames: z.object({ count: z.number().int().min(1).max(1_000_000_000), direction: directionScopeSchema.optional() }).optional(),
  swallowReceipts: z.boolean().optional(),
  corruptFrame: z.object({ nth: z.number().int().min(1).max(1_000_000_000), direction: directionSchema }).optional(),
});
export type FaultSettingsView = z.infer<typeof faultSettingsSchema>;

export const proxyConnectionViewSchema = z.object({
  id: z.number().int(),
  client: z.string(),
  broker: z.string(),
  state: z.enum(['connecting', 'open', 'closing', 'closed']),
  openedAt: z.number(),
  closedAt: z.number().optional(),
  closeReason: z.string().optional(),
  closedBy: z.enum(['client', 'broker', 'proxy', 'fault']).optional(),
  version: z.enum(['1.0', '1.1', '1.2']).optional(),
  /** ms between the client's and the broker's beats, as negotiated (0: off). */
  heartBeat: z.tuple([z.number(), z.number()]).optional(),
  server: z.string().optional(),
  frames: z.object({ 'client-to-broker': z.number().int(), 'broker-to-client': z.number().int() }),
  diagnostics: z.number().int(),
});
export type ProxyConnectionView = z.infer<typeof proxyConnectionViewSchema>;

export const heldFrameViewSchema = z.object({
  connection: z.number().int(),
  direction: directionSchema,
  /** The frame's number in its connection; with the connection, what release names. */
  frameSeq: z.number().int(),
  /** Its row in the log. */
  logSeq: z.number().int(),
  rule: z.string(),
  at: z.number(),
  command: z.string(),
  headers: headersSchema,
  bodyBase64: z.string(),
  bodySize: z.number().int(),
  framing: z.enum(['content-length', 'nul']),
});
export type HeldFrameView = z.infer<typeof heldFrameViewSchema>;

export const proxyViewSchema = z.object({
  definition: proxyDefinitionSchema,
  state: z.enum(['stopped', 'starting', 'running', 'failed']),
  /** Where it listens while running (the port chosen when 0 was asked for). */
  address: z.object({ host: z.string(), port: port }).optional(),
  upstream: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()),
  /** The log of the current (or last) run: `proxy.log` pages it. */
  logId: z.string().optional(),
  connections: z.array(proxyConnectionViewSchema),
  held: z.array(heldFrameViewSchema),
  rules: z.array(holdRuleSchema),
  faults: faultSettingsSchema,
  /** The recording being written, if any. */
  recordingId: z.string().optional(),
});
export type ProxyView = z.infer<typeof proxyViewSchema>;

export const LOG_ENTRY_KINDS = ['frame', 'heartbeat', 'diagnostic', 'open', 'close', 'altered', 'note'] as const;

/** One row of a proxy log: frames both ways interleaved, with what happened around them. */
export const proxyLogEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  kind: z.enum(LOG_ENTRY_KINDS),
  connection: z.number().int(),
  direction: directionSchema.optional(),
  /** frame: its number in its connection. */
  frameSeq: z.number().int().optional(),
  command: z.string().optional(),
  /** frame: destination, receipt or message id, whichever says most. */
  summary: z.string().optional(),
  size: z.number().int().optional(),
  framing: z.enum(['content-length', 'nul']).optional(),
  /** frame: what happened to it in the hold or through a fault. */
  status: z.enum(['held', 'forwarded', 'edited', 'dropped', 'discarded', 'swallowed', 'corrupted', 'rewritten']).optional(),
  /** frame: diagnostics that point into it. */
  diagnostics: z.number().int().optional(),
  rule: z.string().optional(),
  offset: z.number().int().optional(),
  message: z.string().optional(),
});
export type ProxyLogEntry = z.infer<typeof proxyLogEntrySchema>;

/** A frame of the log, whole, for the inspector. */
export const proxyFrameDetailSchema = z.object({
  logId: z.string(),
  seq: z.number().int(),
  at: z.number(),
  connection: z.number().int(),
  direction: directionSchema,
  frameSeq: z.number().int(),
  command: z.string(),
  headers: headersSchema,
  framing: z.enum(['content-length', 'nul']),
  /** Where the frame starts in its direction's stream. */
  offset: z.number().int(),
  size: z.number().int(),
  /** Undefined when the log's memory budget let it go (a recording still has it). */
  bodyBase64: z.string().optional(),
  bodySize: z.number().int(),
  rawBase64: z.string().optional(),
  status: proxyLogEntrySchema.shape.status,
  /** What went out instead, when the proxy altered it. */
  alteredBase64: z.string().optional(),
  alteredDetail: z.string().optional(),
  diagnostics: z.array(z.object({ rule: z.string(), offset: z.number().int(), message: z.string() })),
});
export type ProxyFrameDetail = z.infer<typeof proxyFrameDetailSchema>;

export const recordingViewSchema = z.object({
  id: idSchema,
  label: z.string(),
  startedAt: z.string().optional(),
  upstream: z.string().optional(),
  bytes: z.number().int(),
  /** Still being written by a running proxy. */
  live: z.boolean(),
});
export type RecordingView = z.infer<typeof recordingViewSchema>;

/** A log as the UI opens it: a running proxy's, an offline recording's, or a replay's. */
export const logViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['proxy', 'recording', 'replay']),
  label: z.string(),
  total: z.number().int(),
  /** Entries before this seq were let go (the log is bounded); pages start here at the earliest. */
  first: z.number().int(),
  /** A replay still sending. */
  running: z.boolean(),
  /** A recording's log: the recording it was opened from (to replay it). */
  recordingId: z.string().optional(),
  connections: z.array(proxyConnectionViewSchema),
});
export type LogView = z.infer<typeof logViewSchema>;

export const frameInputSchema = z.object({ command: z.string().regex(/^[A-Z]+$/, 'a command is upper-case letters').max(32), headers: headersSchema, body: bodySchema });

export const releaseInputSchema = z.discriminatedUnion('action', [
  z.object({ id: idSchema, connection: z.number().int(), frameSeq: z.number().int(), action: z.literal('forward') }),
  z.object({ id: idSchema, connection: z.number().int(), frameSeq: z.number().int(), action: z.literal('drop') }),
  z.object({ id: idSchema, connection: z.number().int(), frameSeq: z.number().int(), action: z.literal('edit'), frame: frameInputSchema }),
]);

export const replayEditSchema = z.discriminatedUnion('action', [
  z.object({ connection: z.number().int(), frameSeq: z.number().int(), action: z.literal('drop') }),
  z.object({ connection: z.number().int(), frameSeq: z.number().int(), action: z.literal('edit'), frame: frameInputSchema }),
]);

export const proxyReplayInputSchema = z.object({
  recordingId: idSchema,
  /** The broker to replay against: a profile (its URI, credentials and TLS). */
  profileId: idSchema,
  connections: z.array(z.number().int()).max(10_000).optional(),
  use: z.enum(['sent', 'forwarded']).default('sent'),
  pacing: z.enum(['original', 'none']).default('original'),
  edits: z.array(replayEditSchema).max(PROXY_LIMITS.edits).default([]),
});

const proxyRef = z.object({ id: idSchema });
const ok = z.object({ ok: z.literal(true) });
const logRef = z.object({ logId: idSchema });

/** The proxy.* methods: spread into METHODS (methods.ts). */
export const PROXY_METHODS = {
  'proxy.list': { params: z.object({}).strict(), result: z.object({ proxies: z.array(proxyViewSchema), recordings: z.array(recordingViewSchema) }) },
  'proxy.create': { params: z.object({ proxy: proxyDefinitionInputSchema }), result: z.object({ proxy: proxyViewSchema }) },
  /** A running proxy takes a new definition at its next start. */
  'proxy.update': { params: z.object({ id: idSchema, proxy: proxyDefinitionInputSchema }), result: z.object({ proxy: proxyViewSchema }) },
  'proxy.delete': { params: proxyRef, result: ok },
  /** Listens and relays; a bad listen address or upstream answers invalid-request, a port in use io-error. */
  'proxy.start': { params: proxyRef, result: z.object({ proxy: proxyViewSchema }) },
  /** Closes both sides of every connection (each gets what was already sent). */
  'proxy.stop': { params: proxyRef, result: z.object({ proxy: proxyViewSchema }) },
  'proxy.setRules': { params: z.object({ id: idSchema, rules: z.array(holdRuleSchema).max(PROXY_LIMITS.rules) }), result: z.object({ proxy: proxyViewSchema }) },
  'proxy.setFaults': { params: z.object({ id: idSchema, faults: faultSettingsSchema }), result: z.object({ proxy: proxyViewSchema }) },
  /** Forward, edit then forward, or drop a held frame. */
  'proxy.release': { params: releaseInputSchema, result: ok },
  /** Cuts one connection (or every one) now: a fault at a click. */
  'proxy.drop': { params: z.object({ id: idSchema, connection: z.number().int().optional() }), result: ok },
  /** Flips one byte of the next frame that way. */
  'proxy.corruptNext': { params: z.object({ id: idSchema, direction: directionSchema, connection: z.number().int().optional() }), result: ok },
  /** Starts or stops recording a running proxy (a stopped recording is saved in the recordings list). */
  'proxy.record': { params: z.object({ id: idSchema, on: z.boolean() }), result: z.object({ proxy: proxyViewSchema }) },
  'proxy.log': {
    params: logRef.extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(PROXY_LIMITS.page).default(200) }),
    result: z.object({ log: logViewSchema, entries: z.array(proxyLogEntrySchema) }),
  },
  'proxy.frame': { params: logRef.extend({ seq: z.number().int().min(0) }), result: z.object({ frame: proxyFrameDetailSchema }) },
  'proxy.closeLog': { params: logRef, result: ok },
  'proxy.recordings': { params: z.object({}).strict(), result: z.object({ recordings: z.array(recordingViewSchema) }) },
  /** Re-opens a recording offline, as a log of its own. */
  'proxy.openRecording': { params: z.object({ recordingId: idSchema }), result: z.object({ log: logViewSchema }) },
  'proxy.exportRecording': { params: z.object({ recordingId: idSchema }), result: z.object({ ndjson: z.string() }) },
  'proxy.importRecording': { params: z.object({ ndjson: z.string().max(LIMITS.importBytes) }), result: z.object({ recording: recordingViewSchema }) },
  'proxy.deleteRecording': { params: z.object({ recordingId: idSchema }), result: ok },
  /** Replays a recording's client side against a profile's broker; watch it in the log it returns. */
  'proxy.replay': { params: proxyReplayInputSchema, result: z.object({ log: logViewSchema }) },
} as const;

/** The proxy's events: spread into EVENTS (events.ts). High-rate ones are batched. */
export const PROXY_EVENTS = {
  'proxy.changed': z.object({ proxy: proxyViewSchema }),
  'proxy.removed': z.object({ id: z.string() }),
  /** A batch: the log's size, its newest entries since the last batch (at most a screenful), and entries whose status changed. */
  'proxy.log': z.object({ log: logViewSchema, entries: z.array(proxyLogEntrySchema), updated: z.array(proxyLogEntrySchema) }),
  'proxy.recordings': z.object({ recordings: z.array(recordingViewSchema) }),
} as const;
