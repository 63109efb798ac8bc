/**
 * Playwright's global set-up for the UI tests:
 *   1. Debian's Chromium must be there (/usr/bin/chromium). No skipping, ever: a missing browser is
 *      a loud failure, in CI and on a laptop alike (scripts/system/install-deps.sh installs it).
 *   2. The real brokers (RabbitMQ :61613, ActiveMQ :61614) are started when they are down, under
 *      a lease (<broker state>/leases/<pid>) that keeps any other test run from stopping them
 *      under us (scripts/brokers/test-run.mjs). The teardown stops what test runs started once no
 *      run uses it any more (never with STOMP_KEEP_BROKERS=1, never brokers someone else started);
 *      under `npm test`, which holds a lease for its whole run, that is npm test's own end.
 *   3. STOMP Explorer runs in browser mode with a fresh temporary data directory, serving a copy of
 *      the renderer (built first when out/renderer is missing or stale); its address goes to
 *      process.env.STOMP_E2E_URL (inherited by the workers) and to .tmp/e2e-url.txt.
 * The returned teardown stops that app, then ends the brokers' part of the run.
 */
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { URL_ENV, URL_FILE } from './support/app-url';
import { RENDERER_SNAPSHOT_ENV, repoRoot, snapshotRenderer, startBrowserMode } from './support/browser-mode';
import { beginRun, finishRun, startMissingBrokers } from '../../scripts/brokers/test-run.mjs';

const CHROMIUM = '/usr/bin/chromium';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the UI tests run on Debian's Chromium. Install it with ` +
        '`sudo bash scripts/system/install-deps.sh` (or `apt-get install -y chromium`). Never `npx playwright install`.',
    );
  }
  accessSync(CHROMIUM, constants.X_OK);

  const log = (message: string) => process.stderr.write(`[brokers] ${message}\n`);
  const releaseLease = beginRun('playwright e2e');
  const endBrokers = () => finishRun(releaseLease, { log });
  const { failures } = await startMissingBrokers({ log });
  if (failures.length > 0) {
    await endBrokers();
    throw new Error(failures.map((r) => `bash scripts/brokers/${r.name}.sh start failed (exit ${r.code}): ${r.stderr.trim()}`).join('\n'));
  }

  let renderer: Awaited<ReturnType<typeof snapshotRenderer>> | undefined;
  let app;
  try {
    renderer = await snapshotRenderer();
    process.env[RENDERER_SNAPSHOT_ENV] = renderer.dir;
    app = await startBrowserMode('e2e', renderer.dir);
  } catch (error) {
    renderer?.remove();
    await endBrokers();
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
    await endBrokers();
  };
}
