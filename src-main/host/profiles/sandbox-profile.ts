/**
 * The built-in profile that connects to the embedded sandbox broker, so that someone with no
 * broker installed can try the app in one click. It exists from the first run and cannot be
 * deleted.
 *
 * Its URI is the marker `sandbox:` rather than an address: the broker picks a free port each time
 * the host starts it, and the host puts the real `tcp://127.0.0.1:<port>` in its place when it
 * connects. A marker that is not a dialable URI also fails loudly if that substitution is ever
 * forgotten, where a made-up `tcp://127.0.0.1:0` could look like a broker that is merely down.
 */
import type { Profile } from '../../../src-core/api';

export const SANDBOX_PROFILE_ID = 'sandbox';
export const SANDBOX_PROFILE_NAME = 'Sandbox (built-in broker)';
export const SANDBOX_URI = 'sandbox:';

/** Whether the URI means "the embedded broker"; a duplicate of the sandbox profile keeps it too. */
export function isSandboxUri(uri: string): boolean {
  return uri.trim().toLowerCase() === SANDBOX_URI;
}

/** The address the host substitutes for SANDBOX_URI once the embedded broker listens. */
export function sandboxBrokerUri(port: number): string {
  return `tcp://127.0.0.1:${port}`;
}

export function createSandboxProfile(now: Date): Profile {
  const at = now.toISOString();
  return {
    id: SANDBOX_PROFILE_ID,
    name: SANDBOX_PROFILE_NAME,
    uri: SANDBOX_URI,
    preset: 'sandbox',
    hasPasscode: false,
    builtIn: true,
    createdAt: at,
    updatedAt: at,
  };
}

/** The profiles with the sandbox first, adding it when missing (first run, or removed by hand). */
export function withSandboxProfile(profiles: readonly Profile[], now: Date): Profile[] {
  if (profiles.some((p) => p.builtIn)) return [...profiles];
  const sandbox = createSandboxProfile(now);
  // A user profile that happens to have the fixed id keeps it; the sandbox then gets another.
  const id = profiles.some((p) => p.id === SANDBOX_PROFILE_ID) ? `${SANDBOX_PROFILE_ID}-${now.getTime()}` : SANDBOX_PROFILE_ID;
  return [{ ...sandbox, id }, ...profiles];
}
