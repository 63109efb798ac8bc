/**
 * Where the host keeps profiles, captures and secrets. STOMP_EXPLORER_DATA_DIR wins; otherwise the
 * platform's per-user configuration folder, the same one the Electron app uses, so both modes see
 * the same profiles.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_ENV = 'STOMP_EXPLORER_DATA_DIR';
export const APP_DIR_NAME = 'stomp-explorer';

/** The per-user application-data folder: what Electron's app.getPath('appData') answers. */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return env.APPDATA ?? join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || join(home, '.config');
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  const explicit = env[DATA_DIR_ENV];
  if (explicit) return explicit;
  return join(appDataDir(env, platform, home), APP_DIR_NAME);
}
