/**
 * Upgrades of profiles.json, one function per schema version, on the raw JSON. Also applied to
 * imported exports, so that a file exported by an older version imports as it is.
 *
 * v1 → v2 (the preview releases' format, before the profile editor followed the API contract):
 *
 *   v1: { "id", "name", "url", "username"?, "vhost"?, "heartbeat"?: "10000,10000",
 *         "created"?: <epoch ms>, ...fields named as in v2 }
 *   v2: { "id", "name", "uri", "login"?, "host"?, "heartBeat"?: [10000, 10000],
 *         "hasPasscode", "builtIn", "createdAt", "updatedAt", ... }
 *
 * - `url` → `uri`: it holds failover URIs too, which are not URLs;
 * - `username` → `login`, `vhost` → `host`: the STOMP header names, as in the contract;
 * - `heartbeat` "cx,cy" (the header's own syntax) → `heartBeat` [cx, cy]; a value that is not
 *   two numbers is kept as it is, so that the entry fails validation and the file is copied aside
 *   rather than the setting being dropped without a word;
 * - `created` epoch ms → `createdAt`/`updatedAt` ISO strings (the migration time when absent);
 * - `hasPasscode` false: v1 saved no passcodes; `builtIn` false: the sandbox profile is added
 *   by the store when missing.
 */
import type { JsonObject, Migration, MigrationContext } from '../storage/json-file';

function profileV1ToV2(entry: unknown, { now }: MigrationContext): unknown {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
  const { url, username, vhost, heartbeat, created, ...rest } = entry as JsonObject;
  const next: JsonObject = { ...rest };
  if (url !== undefined) next.uri = url;
  if (username !== undefined) next.login = username;
  if (vhost !== undefined) next.host = vhost;
  if (heartbeat !== undefined) next.heartBeat = parseHeartBeat(heartbeat);
  const at = typeof created === 'number' && Number.isFinite(created) ? new Date(created).toISOString() : now.toISOString();
  next.createdAt ??= at;
  next.updatedAt ??= at;
  next.hasPasscode ??= false;
  next.builtIn ??= false;
  return next;
}

function parseHeartBeat(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(value);
  return match ? [Number(match[1]), Number(match[2])] : value;
}

const v1ToV2: Migration = (document, context) => {
  if (!Array.isArray(document.profiles)) throw new Error('"profiles" is not a list');
  return { ...document, profiles: document.profiles.map((entry) => profileV1ToV2(entry, context)) };
};

/** `PROFILE_MIGRATIONS[n]` turns schemaVersion n into n + 1. */
export const PROFILE_MIGRATIONS: Readonly<Record<number, Migration>> = { 1: v1ToV2 };
