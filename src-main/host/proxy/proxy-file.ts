/**
 * `<dataDir>/proxies.json`, the proxy definitions (a Proxy kind of profile) with their hold rules
 * and faults, so a proxy starts again as it was left:
 *
 *   { "schemaVersion": 1, "proxies": [ { "id", "name", "listenHost", "listenPort", "allowRemote",
 *                                        "upstreamProfileId", "record", "rules": [...], "faults": {...} } ] }
 *
 * No credentials: they are the upstream profile's, read from the secret store when a proxy starts.
 * Damaged files are handled as in storage/json-file.ts.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { faultSettingsSchema, holdRuleSchema, PROXY_LIMITS, proxyDefinitionSchema } from '../../../src-core/api';
import type { VersionedJsonFile } from '../storage/json-file';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';

export const PROXIES_FILE = 'proxies.json';
export const PROXIES_SCHEMA_VERSION = 1;

export const proxyRecordSchema = proxyDefinitionSchema.extend({
  rules: z.array(holdRuleSchema).max(PROXY_LIMITS.rules).default([]),
  faults: faultSettingsSchema.default({}),
});
export type ProxyRecord = z.infer<typeof proxyRecordSchema>;

export function proxiesFile(dataDir: string): VersionedJsonFile<ProxyRecord[]> {
  return {
    path: join(dataDir, PROXIES_FILE),
    version: PROXIES_SCHEMA_VERSION,
    migrations: {},
    initial: () => [],
    decode(document) {
      if (!Array.isArray(document.proxies)) throw new Error('"proxies" is not a list');
      const proxies: ProxyRecord[] = [];
      const problems: string[] = [];
      const ids = new Set<string>();
      document.proxies.forEach((entry: unknown, index: number) => {
        const parsed = proxyRecordSchema.safeParse(entry);
        if (!parsed.success) return problems.push(`proxy ${index + 1}: ${summarizeIssues(fieldIssues(parsed.error))}`);
        if (ids.has(parsed.data.id)) return problems.push(`proxy ${index + 1}: the id ${JSON.stringify(parsed.data.id)} is used twice`);
        ids.add(parsed.data.id);
        proxies.push(parsed.data);
      });
      return { value: proxies, problems };
    },
    encode: (proxies) => ({ proxies }),
  };
}
