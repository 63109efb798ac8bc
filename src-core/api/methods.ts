/**
 * Every request the UI may make: its parameters and its result, as schemas. The host validates
 * params with these before any service sees them; the types the renderer uses come from them too.
 */
import { z } from 'zod';
import { API_VERSION } from './api-version';
import { bodySchema, destinationSchema, emptySchema, headersSchema, idSchema, LIMITS, okSchema, pageSchema } from './schemas/common';
import { connectionViewSchema, subscribeInputSchema, subscriptionViewSchema } from './schemas/connections';
import {
  bodyPageInputSchema,
  bodyPageResultSchema,
  captureViewSchema,
  exportPageInputSchema,
  exportPageResultSchema,
  filterSchema,
  messageDetailSchema,
  messageGetInputSchema,
  messageRefSchema,
  messageSummarySchema,
  operationIdSchema,
  replayInputSchema,
  replayPreviewSchema,
  sendInputSchema,
  sendResultSchema,
  templateSchema,
} from './schemas/messages';
import { importActionSchema, importEntryPlanSchema, profileInputSchema, profilePatchSchema, profileSchema } from './schemas/profiles';
import { heartbeatTimelineSchema, receiptViewSchema, transactionViewSchema, wireEntryViewSchema, wireFilterSchema } from './schemas/wire';
import { loadRunViewSchema, loadStartSchema } from './schemas/load';
import { RAW_METHODS } from './schemas/raw';
import { PROXY_METHODS } from './schemas/proxy';
import { STATS_METHODS } from './schemas/stats';
import { DESTINATIONS_METHODS } from './schemas/destinations';
import { bodyDecodingSchema, decodeInputSchema, destinationMappingSchema, encodeInputSchema, encodeResultSchema, SCHEMA_LIMITS, schemaFileInputSchema, schemaFileSchema, schemaSetViewSchema } from './schemas/schemas';
import { builtMessageSchema, previewInputSchema, scriptedSendInputSchema, scriptKindSchema, scriptSourceSchema } from './schemas/scripts';

const connectionRef = z.object({ connectionId: idSchema });
const openWaitSchema = z.enum(['connected', 'started']).default('connected');
const settleResult = z.object({ settled: z.enum(['acked', 'nacked', 'stale']), receiptLatencyMs: z.number().optional() });

function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R) {
  return { params, result };
}

export const METHODS = {
  ...RAW_METHODS,
  ...PROXY_METHODS,
  ...STATS_METHODS,
  ...DESTINATIONS_METHODS,
  'app.hello': method(
    z.object({ apiVersion: z.number().int(), client: z.string().max(200).optional() }),
    z.object({ apiVersion: z.literal(API_VERSION), mode: z.enum(['electron', 'web']), hostVersion: z.string() }),
  ),

  'profiles.list': method(emptySchema, z.object({ profiles: z.array(profileSchema) })),
  'profiles.create': method(z.object({ profile: profileInputSchema }), z.object({ profile: profileSchema })),
  'profiles.update': method(z.object({ id: idSchema, patch: profilePatchSchema }), z.object({ profile: profileSchema })),
  'profiles.duplicate': method(z.object({ id: idSchema }), z.object({ profile: profileSchema })),
  'profiles.delete': method(z.object({ id: idSchema }), okSchema),
  /** Without secrets, always. */
  'profiles.export': method(z.object({ ids: z.array(idSchema).max(1000).optional() }), z.object({ json: z.string() })),
  /** What an import would do to each entry: add, update (naming the fields that differ), skip (identical). */
  'profiles.importPreview': method(z.object({ json: z.string().max(LIMITS.text) }), z.object({ entries: z.array(importEntryPlanSchema) })),
  /** Imports as previewed, or as `actions` (one per entry, in file order) says; never two profiles of one name. */
  'profiles.import': method(
    z.object({ json: z.string().max(LIMITS.text), actions: z.array(importActionSchema).max(1000).optional() }),
    z.object({ profiles: z.array(profileSchema), added: z.number().int(), updated: z.number().int(), skipped: z.number().int() }),
  ),
  /** Validates a broker URI; a bad one answers invalid-request with details { offset, length, problem }. */
  'profiles.checkUri': method(
    z.object({ uri: z.string().max(LIMITS.uri) }),
    z.object({ brokers: z.array(z.string()), failover: z.boolean() }),
  ),

  'connections.list': method(emptySchema, z.object({ connections: z.array(connectionViewSchema) })),
  /**
   * `wait: 'connected'` (default) answers once connected (or failed, or retrying a failover plan);
   * `'started'` answers at once, the connection `connecting`, the rest arriving as events.
   */
  'connections.open': method(z.object({ profileId: idSchema, wait: openWaitSchema }), z.object({ connection: connectionViewSchema })),
  'connections.close': method(connectionRef, okSchema),
  /** A closed or failed connection connects again; a live one drops and reconnects, replaying its subscriptions. */
  'connections.reconnect': method(connectionRef.extend({ wait: openWaitSchema }), z.object({ connection: connectionViewSchema })),
  'connections.forget': method(connectionRef, okSchema),

  'subscriptions.add': method(subscribeInputSchema, z.object({ subscription: subscriptionViewSchema })),
  'subscriptions.remove': method(z.object({ connectionId: idSchema, subscriptionId: idSchema }), okSchema),
  /** Stops a subscription without losing its place: UNSUBSCRIBE now, the same SUBSCRIBE (same id, headers, capture) on resume. */
  'subscriptions.pause': method(z.object({ connectionId: idSchema, subscriptionId: idSchema }), z.object({ subscription: subscriptionViewSchema })),
  'subscriptions.resume': method(z.object({ connectionId: idSchema, subscriptionId: idSchema }), z.object({ subscription: subscriptionViewSchema })),
  /** Acks every message of the subscription still waiting for an ack (a broker at its prefetch limit waits for them). */
  'subscriptions.ackAll': method(z.object({ connectionId: idSchema, subscriptionId: idSchema }), z.object({ acked: z.number().int() })),

  'captures.list': method(emptySchema, z.object({ captures: z.array(captureViewSchema) })),
  'captures.export': method(z.object({ captureId: idSchema }), z.object({ ndjson: z.string() })),
  /** The export a page at a time (streams any size; see exportPageInputSchema). */
  'captures.exportPage': method(exportPageInputSchema, exportPageResultSchema),
  'captures.import': method(
    z.object({ ndjson: z.string().max(LIMITS.importBytes), label: z.string().max(LIMITS.name).optional() }),
    z.object({ capture: captureViewSchema }),
  ),
  'captures.clear': method(z.object({ captureId: idSchema }), okSchema),
  'captures.setLimit': method(
    z.object({ memoryBytes: z.number().int().min(1024 * 1024).max(16 * 1024 * 1024 * 1024) }),
    okSchema,
  ),

  'messages.list': method(
    z.object({ captureId: idSchema, filter: filterSchema.optional() }).extend(pageSchema.shape),
    z.object({ total: z.number().int(), items: z.array(messageSummarySchema) }),
  ),
  'messages.get': method(messageGetInputSchema, z.object({ message: messageDetailSchema })),
  /** A page of a captured body: a large body crosses the bridge in pages, never whole. */
  'messages.bodyPage': method(bodyPageInputSchema, bodyPageResultSchema),
  'messages.ack': method(messageRefSchema.extend({ transactionId: idSchema.optional() }), settleResult),
  'messages.nack': method(messageRefSchema.extend({ transactionId: idSchema.optional() }), settleResult),
  /** In `client` mode an ACK is cumulative: the messages it will settle, before the user confirms. */
  'messages.ackPreview': method(messageRefSchema, z.object({ covers: z.array(z.number().int()), header: z.string() })),
  'messages.send': method(sendInputSchema, sendResultSchema),
  'messages.replay': method(replayInputSchema, sendResultSchema),
  /** The bytes a raw replay (raw or raw-clean) will write, exactly, before the user sends them. */
  'messages.replayPreview': method(z.object({ source: messageRefSchema, mode: z.enum(['raw', 'raw-clean']), connectionId: idSchema.optional() }), replayPreviewSchema),
  /** Stops a send or replay started with this operationId, between two copies; its result says how far it got. */
  'messages.cancel': method(z.object({ operationId: operationIdSchema }), z.object({ cancelled: z.boolean() })),
  /** Moves messages in one transaction: send a copy to `to`, ack the original. */
  'messages.resubmit': method(
    z.object({ captureId: idSchema, seqs: z.array(z.number().int().min(0)).min(1).max(10_000), to: destinationSchema }),
    z.object({ moved: z.number().int() }),
  ),

  'transactions.begin': method(connectionRef, z.object({ transactionId: z.string() })),
  'transactions.commit': method(connectionRef.extend({ transactionId: idSchema }), okSchema),
  'transactions.abort': method(connectionRef.extend({ transactionId: idSchema }), okSchema),
  'transactions.list': method(connectionRef, z.object({ transactions: z.array(transactionViewSchema) })),

  'templates.list': method(emptySchema, z.object({ templates: z.array(templateSchema) })),
  'templates.save': method(
    z.object({ template: templateSchema.omit({ id: true }).extend({ id: idSchema.optional() }) }),
    z.object({ template: templateSchema }),
  ),
  'templates.delete': method(z.object({ id: idSchema }), okSchema),

  /** A page of the wire log; with a filter, `total` counts the matches and the page indexes them. */
  'wire.list': method(
    connectionRef.extend(pageSchema.shape).extend({ filter: wireFilterSchema.optional() }),
    z.object({ total: z.number().int(), entries: z.array(wireEntryViewSchema) }),
  ),
  /**
   * A frame's bytes exactly as they travelled (a CONNECT's passcode masked), while the log's byte
   * budget keeps them; `kept: false` when they were let go (or the frame never had any).
   */
  'wire.frameBytes': method(
    connectionRef.extend({ seq: z.number().int().min(0) }),
    z.object({ kept: z.boolean(), bytesBase64: z.string().optional(), masked: z.boolean() }),
  ),
  /** The wire log as NDJSON lines (bytes base64), a page at a time; the first page starts with a header line. */
  'wire.exportPage': method(
    connectionRef.extend({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(5_000) }),
    z.object({ ndjson: z.string(), next: z.number().int().nullable(), total: z.number().int() }),
  ),
  /** The heart-beat timeline: negotiated periods, beats and frames seen each way, late and missed beats, a dead peer. */
  'wire.heartbeats': method(connectionRef.extend({ sinceMs: z.number().int().min(1_000).max(3_600_000).default(300_000) }), heartbeatTimelineSchema),
  /**
   * A wire-log view is showing this connection: wire.appended carries its newest entries for the
   * next `watchMs` (renew before then). Unwatched, the events carry the total alone, and a view
   * pages entries with wire.list.
   */
  'wire.watch': method(connectionRef, z.object({ watchMs: z.number().int() })),
  'receipts.list': method(connectionRef, z.object({ receipts: z.array(receiptViewSchema) })),

  /** A profile's .proto/.avsc files, destination mappings, usable message types and problems. */
  'schemas.list': method(z.object({ profileId: idSchema }), schemaSetViewSchema),
  /** Adds or replaces a file; one with a syntax error is refused (details: problems with line and column). */
  'schemas.save': method(z.object({ profileId: idSchema, file: schemaFileInputSchema }), z.object({ file: schemaFileSchema, view: schemaSetViewSchema })),
  'schemas.delete': method(z.object({ profileId: idSchema, fileId: idSchema }), z.object({ view: schemaSetViewSchema })),
  /** Destination → codec and message type, first match wins; `*` matches any run of characters. */
  'schemas.setMappings': method(
    z.object({ profileId: idSchema, mappings: z.array(destinationMappingSchema).max(SCHEMA_LIMITS.mappings) }),
    z.object({ view: schemaSetViewSchema }),
  ),
  /** A captured body read with its profile's schemas: a tree with byte ranges, an error at a byte, or the plain viewer that fits. */
  'bodies.decode': method(decodeInputSchema, bodyDecodingSchema.and(z.object({ profileId: idSchema.optional() }))),
  /** JSON to body bytes; a value that does not fit answers invalid-request with details.issues [{ path, message }]. */
  'bodies.encode': method(encodeInputSchema, encodeResultSchema),

  /** Compiles a script in the sandbox; a bad one answers invalid-request with details { kind, line, column }. */
  'scripts.check': method(z.object({ kind: scriptKindSchema, source: scriptSourceSchema }), okSchema),
  /** The first messages a payload script builds, before sending. */
  'scripts.preview': method(previewInputSchema, z.object({ messages: z.array(builtMessageSchema) })),
  /** Sends `count` messages built by a payload script, as a send job (send.progress events, messages.cancel). */
  'scripts.send': method(scriptedSendInputSchema, sendResultSchema),

  /** Starts a load run against a profile's broker, on connections of its own; load.progress events follow. */
  'load.start': method(loadStartSchema, z.object({ run: loadRunViewSchema })),
  'load.stop': method(z.object({ runId: idSchema }), okSchema),
  'load.list': method(emptySchema, z.object({ runs: z.array(loadRunViewSchema) })),
} as const;

export type MethodName = keyof typeof METHODS;
export type MethodParams<M extends MethodName> = z.input<(typeof METHODS)[M]['params']>;
/** Params after validation, with defaults filled in: what the host services receive. */
export type ValidParams<M extends MethodName> = z.output<(typeof METHODS)[M]['params']>;
export type MethodResult<M extends MethodName> = z.infer<(typeof METHODS)[M]['result']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);
}

// Re-exported for the services' convenience.
export { bodySchema, headersSchema };
