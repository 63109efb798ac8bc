/**
 * Playwright's global set-up for the UI tests:
 *   1. Debian's Chromium must be there (/usr/bin/chromium). No skipping, ever: a missing browser is
 *      a loud failure, in CI and on a laptop alike (scripts/system/install-deps.sh installs it).
 *   2. The real brokers (RabbitMQ :61613, ActiveMQ :61614) are started with
 *      `bash scripts/brokers/all.sh start` (a no-op when they are up) and left running; a lease
 *      (<broker state>/leases/<pid>) keeps a concurrent vitest run from stopping them under us.
 *   3. STOMP Explorer runs in browser mode with a fresh temporary data directory, serving a copy of
 *      the renderer (built first when out/renderer is missing or stale); its address goes to
 *      process.env.STOMP_E2E_URL (inherited by the workers) and to .tmp/e2e-url.txt.
 * The returned teardown stops that app (and only that app).
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL_ENV, URL_FILE } from './support/app-url';
import { RENDERER_SNAPSHOT_ENV, repoRoot, snapshotRenderer, startBrowserMode } from './support/browser-mode';
import { startAllBrokers, takeBrokerLease } from './support/brokers';

const CHROMIUM = '/usr/bin/chromium';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the UI tests run on Debian's Chromium. Install it with ` +
        '`sudo bash scripts/system/install-deps.sh` (or `apt-get install -y chromium`). Never `npx playwright install`.',
    );
  }
  accessSync(CHROMIUM, constants.X_OK);

  const releaseLease = takeBrokerLease();
  try {
    startAllBrokers();
  } catch (error) {
    releaseLease();
    throw error;
  }

  let renderer: Awaited<ReturnType<typeof snapshotRenderer>> | undefined;
  let app;
  try {
    renderer = await snapshotRenderer();
    process.env[RENDERER_SNAPSHOT_ENV] = renderer.dir;
    app = await startBrowserMode('e2e', renderer.dir);
  } catch (error) {
    renderer?.remove();
    releaseLease();
    throw error;
  }
  process.env[URL_ENV] = app.url;
  const file = join(repoRoot, URL_FILE);
  mkdirSync(join(repoRoot, '.tmp'), { recursive: true });
  writeFileSync(file, `${app.url}\n`);

  return async () => {
    await app.stop();
    rmSync(file, { force: true });
    renderer?.remove();
    releaseLease();
  };
}
