/**
 * The broker URI check behind profiles.checkUri and every save: the failover parser's verdict,
 * with the span to underline, as an ApiError the UI can act on.
 */
import { ApiError } from '../../../src-core/api';
import { formatBrokerUri, FailoverUriError, parseFailoverUri } from '../../../src-core/protocol/failover-uri';
import { isSandboxUri, SANDBOX_URI } from './sandbox-profile';

export interface UriCheck {
  /** Each broker as a client will dial it, port always written. */
  readonly brokers: string[];
  /** Written as `failover:...` (even with one broker). */
  readonly failover: boolean;
}

/** Details of the ApiError for a bad URI: what to underline in the editor. */
export interface UriErrorDetails {
  readonly offset: number;
  readonly length: number;
  readonly problem: string;
}

/** Throws ApiError('invalid-request', message, { offset, length, problem }) for a bad URI. */
export function checkUri(uri: string): UriCheck {
  if (isSandboxUri(uri)) return { brokers: [SANDBOX_URI], failover: false };
  try {
    const parsed = parseFailoverUri(uri);
    return { brokers: parsed.brokers.map(formatBrokerUri), failover: /^\s*failover:/i.test(uri) };
  } catch (error) {
    if (error instanceof FailoverUriError) {
      const details: UriErrorDetails = { offset: error.offset, length: error.length, problem: error.problem };
      throw new ApiError('invalid-request', error.message, details);
    }
    throw error;
  }
}

/** The same check for a profile being saved: the message names the field, the details too. */
export function checkProfileUri(uri: string, where = 'uri'): void {
  try {
    checkUri(uri);
  } catch (error) {
    if (error instanceof ApiError) throw new ApiError(error.code, `${where}: ${error.message}`, { field: 'uri', ...(error.details as UriErrorDetails) });
    throw error;
  }
}
