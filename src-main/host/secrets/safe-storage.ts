/**
 * The part of Electron's `safeStorage` the host uses, as a type: the Electron adapter passes
 * `electron.safeStorage`, tests pass a fake, and the host never imports electron.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /**
   * Linux only: which secret service is in use. `basic_text` means none is, and Electron encrypts
   * with a password hard-coded in Chromium, which protects nothing.
   */
  getSelectedStorageBackend?(): string;
}

/** Whether `safeStorage` would really protect a secret now, and if not, why. */
export function safeStorageStatus(safeStorage: SafeStorageLike): { readonly available: boolean; readonly backend?: string } {
  let backend: string | undefined;
  try {
    backend = safeStorage.getSelectedStorageBackend?.();
  } catch {
    backend = undefined;
  }
  if (backend === 'basic_text') return { available: false, backend };
  return { available: safeStorage.isEncryptionAvailable(), backend };
}
