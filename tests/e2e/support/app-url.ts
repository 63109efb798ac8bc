/** Where the global set-up leaves the address of the app under test. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './browser-mode';

export const URL_ENV = 'STOMP_E2E_URL';
export const URL_FILE = '.tmp/e2e-url.txt';

export function appUrl(): string {
  const fromEnv = process.env[URL_ENV];
  if (fromEnv) return fromEnv;
  try {
    return readFileSync(join(repoRoot, URL_FILE), 'utf8').trim();
  } catch {
    throw new Error(`no app address: run the tests with \`npx playwright test\` (its global set-up starts browser mode and sets ${URL_ENV})`);
  }
}
