/**
 * The key-encryption key: scrypt over the passphrase (or the machine key), with the parameters
 * stored beside the wrapped data key so that they can be raised later without breaking old files.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { z } from 'zod';
import { KEY_BYTES } from './sealed-box';

export interface ScryptParams {
  readonly name: 'scrypt';
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
  /** Base64, 16 random bytes. */
  readonly salt: string;
}

/** 2^15 × 8: about 32 MiB and a few tens of ms per unlock, once per process start. */
export const DEFAULT_SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;

// Bounds on what a file may ask for: a doctored file must not make the app allocate gigabytes.
export const scryptParamsSchema = z.object({
  name: z.literal('scrypt'),
  N: z.number().int().min(2 ** 10).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N is a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  salt: z.string().min(16).max(256),
});

export function newScryptParams(cost: Pick<ScryptParams, 'N' | 'r' | 'p'> = DEFAULT_SCRYPT_COST): ScryptParams {
  return { name: 'scrypt', ...cost, salt: randomBytes(16).toString('base64') };
}

export function deriveKey(secret: string | Uint8Array, params: ScryptParams): Promise<Buffer> {
  const { N, r, p } = params;
  return new Promise((resolve, reject) => {
    // Node's default maxmem (32 MiB) is exactly the default cost's need; leave room above it.
    scrypt(secret, Buffer.from(params.salt, 'base64'), KEY_BYTES, { N, r, p, maxmem: 256 * N * r * p }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
