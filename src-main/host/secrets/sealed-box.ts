/**
 * AES-256-GCM with a fresh random 96-bit IV per value and a full 128-bit tag. The associated data
 * names what the box is for (which secret, the data key), so a ciphertext copied from one entry
 * to another fails to open instead of yielding the wrong passcode.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Base64 fields, as stored in JSON. */
export interface SealedBox {
  readonly iv: string;
  readonly data: string;
  readonly tag: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_BYTES = 32;

const base64 = z.string().max(1_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
export const sealedBoxSchema = z.object({ iv: base64, data: base64, tag: base64 });

export function seal(key: Uint8Array, plaintext: Uint8Array, associatedData: string): SealedBox {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/** The plaintext, or undefined when the box does not authenticate under this key and purpose. */
export function unseal(key: Uint8Array, box: SealedBox, associatedData: string): Buffer | undefined {
  const iv = Buffer.from(box.iv, 'base64');
  const tag = Buffer.from(box.tag, 'base64');
  // Node accepts a shortened tag unless told its length; a truncated tag would weaken the check.
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(box.data, 'base64')), decipher.final()]);
  } catch {
    return undefined;
  }
}
