/** The typed error every failed request answers with: a code to branch on, words for people. */
import { z } from 'zod';

export const API_ERROR_CODES = [
  'invalid-request',
  'unknown-method',
  'version-mismatch',
  'unauthorized',
  'not-found',
  'conflict',
  'too-large',
  /** The host is handling as much as it takes at once (browser mode bounds the bytes of requests in flight): try again shortly. */
  'busy',
  'not-connected',
  'connect-failed',
  'broker-error',
  'timeout',
  'unsupported',
  /** The user stopped it (Disconnect while connecting, Cancel on a bulk send). */
  'cancelled',
  'io-error',
  'internal',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorSchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** Machine-readable particulars: the invalid fields, the offending URI span, the broker's ERROR... */
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }
}
