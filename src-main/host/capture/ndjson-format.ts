/**
 * The capture file: NDJSON, one JSON object a line, so it streams both ways and a text tool can
 * grep it. The first line says what the file is:
 *   {"type":"stomp-explorer-capture","version":1,"label":"…","exportedAt":"…ISO…","count":N}
 * then one line per message:
 *   {"seq","connectionId","subscriptionId","destination","receivedAt":"…ISO…","receivedAtMs",
 *    "command","headers":[[name,value],…],"bodyBase64","framing","rawBase64"?}
 * Headers stay a list of pairs: wire order and repeated headers survive. Bodies are base64, so
 * binary bodies (NUL bytes included) come back byte for byte.
 */
import { z } from 'zod';

export const CAPTURE_FILE_TYPE = 'stomp-explorer-capture';
export const CAPTURE_FILE_VERSION = 1;

const base64Schema = z.string().refine(isBase64, 'is not base64');

export const fileHeaderSchema = z.object({
  type: z.literal(CAPTURE_FILE_TYPE),
  version: z.number().int(),
  label: z.string().optional(),
  exportedAt: z.string().optional(),
  /** When present, the import checks it: a short count means a truncated file. */
  count: z.number().int().min(0).optional(),
  connectionId: z.string().optional(),
  subscriptionId: z.string().optional(),
  destination: z.string().optional(),
});
export type FileHeader = z.infer<typeof fileHeaderSchema>;

export const messageLineSchema = z
  .object({
    seq: z.number().int().min(0).optional(),
    connectionId: z.string().optional(),
    subscriptionId: z.string().optional(),
    destination: z.string().optional(),
    receivedAt: z.string().optional(),
    receivedAtMs: z.number().finite().optional(),
    command: z.string().min(1),
    headers: z.array(z.tuple([z.string(), z.string()], { error: 'must be a [name, value] pair of strings' })),
    bodyBase64: base64Schema,
    framing: z.enum(['content-length', 'nul']),
    rawBase64: base64Schema.optional(),
  })
  .refine((line) => line.receivedAtMs !== undefined || (line.receivedAt !== undefined && !Number.isNaN(Date.parse(line.receivedAt))), {
    message: 'needs receivedAtMs (a number) or receivedAt (an ISO date)',
    path: ['receivedAt'],
  });
export type MessageLine = z.infer<typeof messageLineSchema>;

/**
 * Standard base64 with padding. A loop, not a RegExp: a repeated group over a body of tens of MiB
 * overflows the regex engine's backtracking stack.
 */
export function isBase64(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  for (let i = 0; i < n - padding; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}
