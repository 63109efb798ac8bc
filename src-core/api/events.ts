/**
 * Everything the host tells the UI without being asked. High-rate streams (messages, wire log)
 * arrive batched, a few events a second, never one per message.
 */
import { z } from 'zod';
import { connectionViewSchema } from './schemas/connections';
import { captureViewSchema, messageSummarySchema } from './schemas/messages';
import { profileSchema } from './schemas/profiles';
import { wireEntryViewSchema } from './schemas/wire';
import { loadRunViewSchema } from './schemas/load';
import { PROXY_EVENTS } from './schemas/proxy';
import { STATS_EVENTS } from './schemas/stats';

export const EVENTS = {
  ...PROXY_EVENTS,
  ...STATS_EVENTS,
  'connection.changed': z.object({ connection: connectionViewSchema }),
  'connection.removed': z.object({ connectionId: z.string() }),
  'profiles.changed': z.object({ profiles: z.array(profileSchema) }),
  'captures.changed': z.object({ captures: z.array(captureViewSchema) }),
  /** A batch: how many arrived since the last one, and the newest rows (at most a screenful). */
  'messages.captured': z.object({ captureId: z.string(), total: z.number().int(), added: z.number().int(), newest: z.array(messageSummarySchema) }),
  /** `entries`: the newest (at most 100) while a view watches the log (wire.watch); else empty. */
  'wire.appended': z.object({ connectionId: z.string(), total: z.number().int(), entries: z.array(wireEntryViewSchema) }),
  'receipts.changed': z.object({ connectionId: z.string() }),
  /** A send or replay of many copies, while it runs (a few times a second) and once at its end. */
  'send.progress': z.object({
    operationId: z.string(),
    connectionId: z.string(),
    total: z.number().int(),
    sent: z.number().int(),
    confirmed: z.number().int(),
    failed: z.number().int(),
    elapsedMs: z.number(),
  }),
  /** An ERROR frame from the broker: the UI opens a banner. */
  'broker.error': z.object({ connectionId: z.string(), message: z.string(), body: z.string(), at: z.number() }),
  /** A load run's state, about once a second while it runs and when it ends; `samples` holds only those since the previous event. */
  'load.progress': z.object({ run: loadRunViewSchema }),
  /** A profile's schema files or mappings changed. */
  'schemas.changed': z.object({ profileId: z.string() }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.infer<(typeof EVENTS)[E]>;
