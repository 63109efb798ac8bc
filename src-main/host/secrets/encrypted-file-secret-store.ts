/**
 * Secrets for browser mode and plain Node, where Electron's safeStorage does not exist: one
 * AES-256-GCM box per secret in `<dataDir>/secrets.json` (format in secrets-file.ts), under a
 * random data key that is itself sealed under a key derived with scrypt from
 * - the passphrase in STOMP_EXPLORER_SECRET_PASSPHRASE, when it is set (never written anywhere), or
 * - a random machine key in `<dataDir>/.secret-key` (0600, directory 0700) otherwise.
 *
 * Nothing is decrypted until a secret is actually read: listing profiles, deleting one or
 * forgetting a secret works even when the passphrase is wrong, so a bad start-up setting costs
 * the user their passcodes at most, never their profiles.
 */
import { randomBytes } from 'node:crypto';
import { ensurePrivateDir } from '../storage/private-dir';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { DEFAULT_SCRYPT_COST, deriveKey, newScryptParams, type ScryptParams } from './key-derivation';
import { machineKeyPath, readMachineKey, readOrCreateMachineKey } from './machine-key';
import { KEY_BYTES, seal, unseal } from './sealed-box';
import { checkSecretKey, checkSecretValue, type SecretStore } from './secret-store';
import { SecretStoreError } from './secret-store-error';
import { DATA_KEY_PURPOSE, secretPurpose, secretsFile, type KeyRecord, type KeySource, type SecretsDocument } from './secrets-file';

export const PASSPHRASE_ENV = 'STOMP_EXPLORER_SECRET_PASSPHRASE';

export interface EncryptedFileSecretStoreOptions {
  readonly dataDir: string;
  /** Takes precedence over the environment; an empty string counts as none. */
  readonly passphrase?: string;
  /** Where STOMP_EXPLORER_SECRET_PASSPHRASE is looked up; process.env by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** scrypt cost for newly wrapped data keys; existing files keep theirs. */
  readonly scryptCost?: Pick<ScryptParams, 'N' | 'r' | 'p'>;
  readonly now?: () => Date;
}

export class EncryptedFileSecretStore implements SecretStore {
  readonly dataDir: string;
  private readonly file: VersionedJsonFile<SecretsDocument>;
  private readonly passphrase: string | undefined;
  private readonly scryptCost: Pick<ScryptParams, 'N' | 'r' | 'p'>;
  private readonly now: () => Date;
  private readonly queue = new SerialQueue();
  private readonly found: StoreDiagnostic[] = [];
  private document: SecretsDocument | undefined;
  private dataKey: Buffer | undefined;

  constructor(options: EncryptedFileSecretStoreOptions) {
    this.dataDir = options.dataDir;
    this.file = secretsFile(options.dataDir);
    const passphrase = options.passphrase ?? (options.env ?? process.env)[PASSPHRASE_ENV];
    // NFC: the same passphrase typed on macOS (NFD-prone) and elsewhere must derive the same key.
    this.passphrase = passphrase ? passphrase.normalize('NFC') : undefined;
    this.scryptCost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    this.now = options.now ?? (() => new Date());
  }

  /** The file that holds the sealed secrets. */
  get path(): string {
    return this.file.path;
  }

  /** What protects the data key of a file created now. */
  get protection(): KeySource {
    return this.passphrase ? 'passphrase' : 'machine-key';
  }

  /** What the store found and repaired: a damaged file set aside, a key file's loose permissions. */
  get diagnostics(): readonly StoreDiagnostic[] {
    return [...this.found];
  }

  get(key: string): Promise<string | undefined> {
    checkSecretKey(key);
    return this.queue.run(async () => {
      const document = await this.load();
      const box = document.secrets.get(key);
      if (!box) return undefined;
      const plain = unseal(await this.unlock(), box, secretPurpose(key));
      if (!plain) {
        throw new SecretStoreError(
          'tampered',
          `the saved secret ${JSON.stringify(key)} in ${this.path} fails its integrity check: the file was changed or damaged. Enter it again to replace it`,
          { key, file: this.path },
        );
      }
      return plain.toString('utf8');
    });
  }

  set(key: string, value: string): Promise<void> {
    checkSecretKey(key);
    checkSecretValue(value);
    return this.queue.run(async () => {
      const document = await this.load();
      const dataKey = document.key ? await this.unlock() : await this.createKey();
      const secrets = new Map(this.document!.secrets);
      secrets.set(key, seal(dataKey, Buffer.from(value, 'utf8'), secretPurpose(key)));
      await this.save({ key: this.document!.key, secrets });
    });
  }

  delete(key: string): Promise<void> {
    checkSecretKey(key);
    return this.queue.run(async () => {
      const document = await this.load();
      if (!document.secrets.has(key)) return;
      const secrets = new Map(document.secrets);
      secrets.delete(key);
      await this.save({ key: document.key, secrets });
    });
  }

  /**
   * Opens the file and its data key now rather than at the first passcode read, so that the host
   * can report a wrong or missing passphrase at start-up. Nothing to check before the first secret.
   */
  check(): Promise<void> {
    return this.queue.run(async () => {
      if ((await this.load()).key) await this.unlock();
    });
  }

  describe(): string {
    const common =
      `Passcodes are kept apart from the profiles, in ${this.path}: each one encrypted with AES-256-GCM ` +
      '(a random IV per value, tamper-evident) under a random data key, and that data key encrypted under a key derived with scrypt';
    if (this.passphrase) {
      return (
        `${common} from the passphrase in the environment variable ${PASSPHRASE_ENV}, which is never written to disk. ` +
        'A copy of the data directory is useless without the passphrase. Anyone who can read the environment or the memory ' +
        'of the running app (you, root, a debugger) can recover the passcodes.'
      );
    }
    return (
      `${common} from a random machine key stored in ${machineKeyPath(this.dataDir)} (readable by you only: mode 0600 in a 0700 directory). ` +
      'This protects the passcodes when secrets.json is copied, backed up or synced without the key file, and from other ' +
      'non-administrator users of this computer. It does not protect them from the administrator (root), from programs running ' +
      `under your account, or from anyone who gets both files. Set ${PASSPHRASE_ENV} for a passphrase that is never stored` +
      (process.platform === 'win32' ? '. On Windows the file modes are not enforced; the privacy of your user profile folder is what keeps other users out.' : '.')
    );
  }

  private async load(): Promise<SecretsDocument> {
    if (this.document) return this.document;
    await ensurePrivateDir(this.dataDir, { tighten: true });
    const loaded = await loadVersionedJson(this.file, this.now());
    this.found.push(...loaded.diagnostics);
    this.document = loaded.value;
    // A file started afresh has no key yet: it is written with the first secret.
    if (loaded.dirty && loaded.value.key) await this.save(loaded.value);
    return this.document;
  }

  private async save(document: SecretsDocument): Promise<void> {
    await saveVersionedJson(this.file, document);
    this.document = document;
  }

  /** The data key of the loaded file, which has a key record. */
  private async unlock(): Promise<Buffer> {
    if (this.dataKey) return this.dataKey;
    const record = this.document!.key!;
    const dataKey = record.source === 'passphrase' ? await this.unlockWithPassphrase(record) : await this.unlockWithMachineKey(record);
    this.dataKey = dataKey;
    if (record.source === 'machine-key' && this.passphrase) await this.rewrapUnderPassphrase(dataKey);
    return dataKey;
  }

  private async unlockWithPassphrase(record: KeyRecord): Promise<Buffer> {
    if (!this.passphrase) {
      throw new SecretStoreError(
        'passphrase-required',
        `${this.path} is protected by a passphrase: set ${PASSPHRASE_ENV} to it and start STOMP Explorer again`,
        { file: this.path },
      );
    }
    const dataKey = unseal(await deriveKey(this.passphrase, record.kdf), record.dataKey, DATA_KEY_PURPOSE);
    if (!dataKey) {
      throw new SecretStoreError(
        'wrong-passphrase',
        `the passphrase in ${PASSPHRASE_ENV} does not open ${this.path}: it differs from the one the file was created with (or the file was damaged)`,
        { file: this.path },
      );
    }
    return dataKey;
  }

  private async unlockWithMachineKey(record: KeyRecord): Promise<Buffer> {
    const keyPath = machineKeyPath(this.dataDir);
    const machine = await readMachineKey(this.dataDir);
    if (!machine) {
      throw new SecretStoreError(
        'missing-key-file',
        `${this.path} was encrypted with the machine key in ${keyPath}, which is missing, so the passcodes in it cannot be read. ` +
          'Restore the key file from the same backup as secrets.json, or enter the passcodes again',
        { file: this.path, keyFile: keyPath },
      );
    }
    this.found.push(...machine.diagnostics);
    const dataKey = unseal(await deriveKey(machine.key, record.kdf), record.dataKey, DATA_KEY_PURPOSE);
    if (!dataKey) {
      throw new SecretStoreError(
        'wrong-key-file',
        `the machine key in ${keyPath} does not open ${this.path}: one of the two files was replaced or damaged`,
        { file: this.path, keyFile: keyPath },
      );
    }
    return dataKey;
  }

  /** A passphrase set after secrets were saved under the machine key: from now on, it protects them. */
  private async rewrapUnderPassphrase(dataKey: Buffer): Promise<void> {
    const kdf = newScryptParams(this.scryptCost);
    const key: KeyRecord = { source: 'passphrase', kdf, dataKey: seal(await deriveKey(this.passphrase!, kdf), dataKey, DATA_KEY_PURPOSE) };
    await this.save({ key, secrets: this.document!.secrets });
    this.found.push({
      level: 'info',
      kind: 'migrated',
      file: this.path,
      message: `${this.path} is now protected by the passphrase in ${PASSPHRASE_ENV} instead of the machine key; ${machineKeyPath(this.dataDir)} no longer opens it`,
    });
  }

  /** The first secret: a new data key, under the passphrase or the machine key. */
  private async createKey(): Promise<Buffer> {
    const dataKey = randomBytes(KEY_BYTES);
    const material = this.passphrase ?? (await readOrCreateMachineKey(this.dataDir)).key;
    const kdf = newScryptParams(this.scryptCost);
    const key: KeyRecord = { source: this.protection, kdf, dataKey: seal(await deriveKey(material, kdf), dataKey, DATA_KEY_PURPOSE) };
    this.document = { key, secrets: this.document!.secrets };
    this.dataKey = dataKey;
    return dataKey;
  }
}
