/** Shared by the profile tests: a store over a temp dir with a controllable clock and ids. */
import { ApiError } from '../../src-core/api';
import { ProfileStore } from '../../src-main/host/profiles';
import type { SecretStore } from '../../src-main/host/secrets';
import { MemorySecretStore } from './secret-test-kit';

export interface Opened {
  readonly store: ProfileStore;
  readonly secrets: SecretStore;
}

let clock = Date.parse('2025-03-01T10:00:00.000Z');
/** Each call one second later, so that updatedAt visibly moves. */
export const now = () => new Date((clock += 1000));

let ids = 0;

export function openStore(dataDir: string, secrets: SecretStore = new MemorySecretStore()): Promise<ProfileStore> {
  return ProfileStore.open({ dataDir, secrets, now, newId: () => `id-${++ids}` });
}

/** The ApiError a call rejects or throws with. */
export async function apiError(run: () => unknown): Promise<ApiError> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(caught)}`);
  return caught;
}
