/**
 * Secrets in the Electron app: encrypted by the operating system through Electron's safeStorage
 * (Keychain, DPAPI, kwallet/libsecret), kept in `secrets.safe-storage.json`. When the OS offers
 * no protection, it refuses to store: a passcode saved "encrypted" with a well-known key would
 * look protected and not be.
 */
import { ensurePrivateDir } from '../storage/private-dir';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { safeStorageStatus, type SafeStorageLike } from './safe-storage';
import { safeStorageFile, type SafeStorageDocument } from './safe-storage-file';
import { checkSecretKey, checkSecretValue, type SecretStore } from './secret-store';
import { SecretStoreError } from './secret-store-error';

export interface SafeStorageSecretStoreOptions {
  readonly dataDir: string;
  readonly safeStorage: SafeStorageLike;
  readonly now?: () => Date;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly dataDir: string;
  private readonly safeStorage: SafeStorageLike;
  private readonly file: VersionedJsonFile<SafeStorageDocument>;
  private readonly now: () => Date;
  private readonly queue = new SerialQueue();
  private readonly found: StoreDiagnostic[] = [];
  private document: SafeStorageDocument | undefined;

  constructor(options: SafeStorageSecretStoreOptions) {
    this.dataDir = options.dataDir;
    this.safeStorage = options.safeStorage;
    this.file = safeStorageFile(options.dataDir);
    this.now = options.now ?? (() => new Date());
  }

  get path(): string {
    return this.file.path;
  }

  get diagnostics(): readonly StoreDiagnostic[] {
    return [...this.found];
  }

  /** Whether a secret can be stored now; the UI can say so before the user types a passcode. */
  get available(): boolean {
    return safeStorageStatus(this.safeStorage).available;
  }

  get(key: string): Promise<string | undefined> {
    checkSecretKey(key);
    return this.queue.run(async () => {
      const encrypted = (await this.load()).secrets.get(key);
      if (encrypted === undefined) return undefined;
      this.requireAvailable('read');
      try {
        return this.safeStorage.decryptString(Buffer.from(encrypted, 'base64'));
      } catch (error) {
        throw new SecretStoreError(
          'tampered',
          `the saved secret ${JSON.stringify(key)} in ${this.path} cannot be decrypted (${(error as Error).message}): ` +
            'it was changed, or encrypted by another user account, machine or keyring. Enter it again to replace it',
          { key, file: this.path },
        );
      }
    });
  }

  set(key: string, value: string): Promise<void> {
    checkSecretKey(key);
    checkSecretValue(value);
    return this.queue.run(async () => {
      this.requireAvailable('save');
      const document = await this.load();
      const encrypted = this.safeStorage.encryptString(value).toString('base64');
      const secrets = new Map(document.secrets);
      secrets.set(key, encrypted);
      await this.save({ secrets });
    });
  }

  /** Works without the OS secret service: forgetting a secret needs no decryption. */
  delete(key: string): Promise<void> {
    checkSecretKey(key);
    return this.queue.run(async () => {
      const document = await this.load();
      if (!document.secrets.has(key)) return;
      const secrets = new Map(document.secrets);
      secrets.delete(key);
      await this.save({ secrets });
    });
  }

  describe(): string {
    const { available, backend } = safeStorageStatus(this.safeStorage);
    const where =
      `Passcodes are kept apart from the profiles, in ${this.path}, encrypted by the operating system's secret storage through Electron's safeStorage ` +
      '(the Keychain on macOS, DPAPI on Windows, kwallet or libsecret on Linux)';
    if (!available) {
      return (
        `${where}, but it is not available here${backend === 'basic_text' ? ' (no keyring: Electron would fall back to a built-in password)' : ''}, ` +
        'so STOMP Explorer does not save passcodes: enter them when connecting, or start a keyring service.'
      );
    }
    return (
      `${where}${backend ? ` (backend: ${backend})` : ''}. Only your user account on this machine can decrypt them, so a copy of the file ` +
      'or a backup is useless elsewhere, and other users cannot read them. What other programs running under your account can do depends ' +
      'on the system: on Windows they can decrypt them too; on macOS the Keychain asks you first; on Linux it depends on the keyring. ' +
      'Nothing here protects them from the administrator.'
    );
  }

  private requireAvailable(what: 'read' | 'save'): void {
    const { available, backend } = safeStorageStatus(this.safeStorage);
    if (available) return;
    const why =
      backend === 'basic_text'
        ? "no keyring (kwallet or libsecret) is running, and Electron's fallback is a built-in password that protects nothing"
        : "the operating system's secret storage is not available";
    throw new SecretStoreError(
      'unavailable',
      what === 'save'
        ? `cannot save the passcode: ${why}. STOMP Explorer will not store it unprotected; enter it when connecting instead`
        : `cannot read the saved passcode: ${why}`,
      { backend },
    );
  }

  private async load(): Promise<SafeStorageDocument> {
    if (this.document) return this.document;
    await ensurePrivateDir(this.dataDir);
    const loaded = await loadVersionedJson(this.file, this.now());
    this.found.push(...loaded.diagnostics);
    this.document = loaded.value;
    if (loaded.dirty) await this.save(loaded.value);
    return this.document;
  }

  private async save(document: SafeStorageDocument): Promise<void> {
    await saveVersionedJson(this.file, document);
    this.document = document;
  }
}
