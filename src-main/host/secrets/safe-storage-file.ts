/**
 * `<dataDir>/secrets.safe-storage.json`: what `safeStorage.encryptString` returned, base64, by key.
 *
 *   { "schemaVersion": 1, "secrets": { "profile:<id>:passcode": "<base64>" } }
 *
 * A file of its own (not secrets.json) so that the Electron app and browser mode, which protect
 * secrets differently, never misread each other's values.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { VersionedJsonFile } from '../storage/json-file';

export const SAFE_STORAGE_FILE = 'secrets.safe-storage.json';

export interface SafeStorageDocument {
  readonly secrets: ReadonlyMap<string, string>;
}

const base64 = z.string().max(1_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export function safeStorageFile(dataDir: string): VersionedJsonFile<SafeStorageDocument> {
  return {
    path: join(dataDir, SAFE_STORAGE_FILE),
    version: 1,
    migrations: {},
    initial: () => ({ secrets: new Map() }),
    decode(document) {
      const raw = document.secrets;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('"secrets" is not an object');
      const secrets = new Map<string, string>();
      const problems: string[] = [];
      for (const [key, value] of Object.entries(raw)) {
        if (base64.safeParse(value).success) secrets.set(key, value as string);
        else problems.push(`secret ${JSON.stringify(key)} is not base64`);
      }
      return { value: { secrets }, problems };
    },
    encode: (value) => ({ secrets: Object.fromEntries(value.secrets) }),
  };
}
