/**
 * Where passcodes live: never in profiles.json, never sent to the UI. Profiles only remember
 * whether one is set; the connections service asks for it when it dials.
 */
export interface SecretStore {
  /** The secret, or undefined when none is stored under `key`. */
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** Forgets `key`; nothing happens when it is not there. */
  delete(key: string): Promise<void>;
  /** How secrets are protected, and from whom, in a few sentences for the README and the UI. */
  describe(): string;
}

/** Keys are short names such as `profile:<id>:passcode`; anything else is a bug in the caller. */
export const MAX_SECRET_KEY_LENGTH = 512;
/** Far above any passcode; a bound so that one call cannot bloat the file without limit. */
export const MAX_SECRET_VALUE_LENGTH = 64 * 1024;

export function checkSecretKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_SECRET_KEY_LENGTH) {
    throw new RangeError(`a secret key is a string of 1 to ${MAX_SECRET_KEY_LENGTH} characters`);
  }
}

export function checkSecretValue(value: string): void {
  if (typeof value !== 'string' || value.length > MAX_SECRET_VALUE_LENGTH) {
    throw new RangeError(`a secret is a string of at most ${MAX_SECRET_VALUE_LENGTH} characters`);
  }
}
