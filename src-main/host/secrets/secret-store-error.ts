/**
 * Why a secret could not be read or kept. An ApiError, so the host answers it like any other
 * failure; `reason` is for the UI to choose its advice and for tests.
 */
import { ApiError, type ApiErrorCode } from '../../../src-core/api';

export type SecretStoreErrorReason =
  /** The file is protected by a passphrase and none was given. */
  | 'passphrase-required'
  /** The passphrase does not open the file (or the file's key record was damaged: GCM can't tell). */
  | 'wrong-passphrase'
  /** The file is protected by the machine key, and the key file is gone or unreadable. */
  | 'missing-key-file'
  /** The key file exists but does not open the file: one of the two was replaced or damaged. */
  | 'wrong-key-file'
  /** An entry fails its integrity check: changed on disk, or moved from another entry. */
  | 'tampered'
  /** The operating system's secret storage is not available. */
  | 'unavailable';

const CODES: Record<SecretStoreErrorReason, ApiErrorCode> = {
  'passphrase-required': 'unauthorized',
  'wrong-passphrase': 'unauthorized',
  'missing-key-file': 'io-error',
  'wrong-key-file': 'io-error',
  tampered: 'io-error',
  unavailable: 'unsupported',
};

export class SecretStoreError extends ApiError {
  constructor(
    readonly reason: SecretStoreErrorReason,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(CODES[reason], message, { reason, ...details });
    this.name = 'SecretStoreError';
  }
}
