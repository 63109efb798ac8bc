/**
 * `<dataDir>/secrets.json`, the encrypted file store's only file besides the machine key:
 *
 *   {
 *     "schemaVersion": 1,
 *     "key": {
 *       "source": "machine-key" | "passphrase",
 *       "kdf": { "name": "scrypt", "N": 32768, "r": 8, "p": 1, "salt": "<base64>" },
 *       "dataKey": { "iv": "<base64>", "data": "<base64>", "tag": "<base64>" }
 *     },
 *     "secrets": { "profile:<id>:passcode": { "iv": "...", "data": "...", "tag": "..." } }
 *   }
 *
 * `dataKey` is the random AES-256 data key sealed (AES-256-GCM) under the key derived from the
 * passphrase or the machine key; each secret is sealed under the data key. Two levels, so that
 * changing how the data key is protected rewrites one record, not every secret.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { JsonObject, VersionedJsonFile } from '../storage/json-file';
import { scryptParamsSchema, type ScryptParams } from './key-derivation';
import { sealedBoxSchema, type SealedBox } from './sealed-box';

export const SECRETS_FILE = 'secrets.json';
export const SECRETS_SCHEMA_VERSION = 1;

export type KeySource = 'passphrase' | 'machine-key';

export interface KeyRecord {
  readonly source: KeySource;
  readonly kdf: ScryptParams;
  readonly dataKey: SealedBox;
}

export interface SecretsDocument {
  /** Absent until the first secret is stored. */
  readonly key?: KeyRecord;
  readonly secrets: ReadonlyMap<string, SealedBox>;
}

/** What each sealed box is bound to; see sealed-box.ts. */
export const DATA_KEY_PURPOSE = 'stomp-explorer/data-key/v1';
export function secretPurpose(key: string): string {
  return `stomp-explorer/secret/v1/${key}`;
}

const keyRecordSchema = z.object({
  source: z.enum(['passphrase', 'machine-key']),
  kdf: scryptParamsSchema,
  dataKey: sealedBoxSchema,
});

export function secretsFile(dataDir: string): VersionedJsonFile<SecretsDocument> {
  return {
    path: join(dataDir, SECRETS_FILE),
    version: SECRETS_SCHEMA_VERSION,
    migrations: {},
    initial: () => ({ secrets: new Map() }),
    decode(document) {
      const key = keyRecordSchema.safeParse(document.key);
      // Without its key record, nothing in the file can ever be decrypted: the file is unusable.
      if (!key.success) throw new Error('the key record is missing or damaged');
      const raw = document.secrets;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('"secrets" is not an object');
      const secrets = new Map<string, SealedBox>();
      const problems: string[] = [];
      for (const [name, box] of Object.entries(raw)) {
        const parsed = sealedBoxSchema.safeParse(box);
        if (parsed.success) secrets.set(name, parsed.data);
        else problems.push(`secret ${JSON.stringify(name)} is not a sealed value`);
      }
      return { value: { key: key.data, secrets }, problems };
    },
    encode(value): JsonObject {
      return { ...(value.key ? { key: value.key } : {}), secrets: Object.fromEntries(value.secrets) };
    },
  };
}
