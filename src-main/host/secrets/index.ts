/** Where passcodes are kept: the interface the profiles use, and its two implementations. */
export { checkSecretKey, checkSecretValue, MAX_SECRET_KEY_LENGTH, MAX_SECRET_VALUE_LENGTH, type SecretStore } from './secret-store';
export { SecretStoreError, type SecretStoreErrorReason } from './secret-store-error';
export { EncryptedFileSecretStore, PASSPHRASE_ENV, type EncryptedFileSecretStoreOptions } from './encrypted-file-secret-store';
export { SafeStorageSecretStore, type SafeStorageSecretStoreOptions } from './safe-storage-secret-store';
export { safeStorageStatus, type SafeStorageLike } from './safe-storage';
export { MACHINE_KEY_FILE } from './machine-key';
export { SECRETS_FILE, type KeySource } from './secrets-file';
export { SAFE_STORAGE_FILE } from './safe-storage-file';
export { DEFAULT_SCRYPT_COST, type ScryptParams } from './key-derivation';
