#!/usr/bin/env node
// `npm test [-- vitest args]`: every test the project has. Installs the system packages it needs
// when run as root on a fresh machine, starts the real brokers once for the whole run (those that
// are down), runs vitest, then the browser tests (Playwright), stops at its end the brokers test
// runs started (unless STOMP_KEEP_BROKERS=1, or another test run still uses them:
// scripts/brokers/lease.mjs), and closes with the plain line `N passed, N failed` that CI reads.
// STOMP_E2E_ARGS passes arguments to Playwright (e.g. one spec file).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beginRun, finishRun, startMissingBrokers } from './brokers/test-run.mjs';
import { browserFailures, vitestFailures } from './test-failures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = join(root, '.tmp');
const report = join(reportDir, 'vitest-report.json');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const installer = join(root, 'scripts/system/install-deps.sh');
if (existsSync(installer) && process.getuid?.() === 0) {
  if (run('bash', [installer]) !== 0) {
    console.error('npm test: installing the system packages failed (see above)');
    process.exit(1);
  }
}

// A Ctrl+C reaches vitest and Playwright too; we wait for them, then still clean up.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (interrupted = true));

const log = (message) => process.stderr.write(`[brokers] ${message}\n`);
let releaseLease = () => undefined;
try {
  releaseLease = beginRun('npm test');
  const { failures } = await startMissingBrokers({ log });
  // The brokers' vitest set-up tries again and says what to do; no need to stop here.
  for (const r of failures) log(`${r.name}: start failed (exit ${r.code}); the broker tests will report it`);
} catch (error) {
  log(`could not prepare the brokers: ${error.message}; the broker tests will report it`);
}

mkdirSync(reportDir, { recursive: true });
rmSync(report, { force: true });
const extra = process.argv.slice(2);
const status = run(join(root, 'node_modules/.bin/vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...extra,
]);

let passed = 0;
let failed = 0;
const failedNames = [];
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  failedNames.push(...vitestFailures(summary));
  passed = summary.numPassedTests ?? 0;
  // A file that fails to load counts as a failure even though no test in it ran.
  failed = (summary.numFailedTests ?? 0) + (summary.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
} else failed = 1;
if (status !== 0 && failed === 0) failed = 1;

// The UI in a real browser: Playwright drives Debian's Chromium against browser mode.
const browserReport = join(reportDir, 'playwright-report.json');
rmSync(browserReport, { force: true });
const skipBrowser = process.env.STOMP_SKIP_E2E === '1' && process.env.CI !== 'true';
if (!skipBrowser && !interrupted && existsSync(join(root, 'tests/e2e'))) {
  const e2eArgs = (process.env.STOMP_E2E_ARGS ?? '').split(/\s+/).filter(Boolean);
  const e2eStatus = run(join(root, 'node_modules/.bin/playwright'), ['test', ...e2eArgs]);
  if (existsSync(browserReport)) {
    const browser = JSON.parse(readFileSync(browserReport, 'utf8'));
    failedNames.push(...browserFailures(browser));
    const stats = browser.stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    // A skipped browser test is a failure in CI: nothing may skip silently.
    if (process.env.CI === 'true') failed += stats.skipped ?? 0;
  }
  if (e2eStatus !== 0 && !existsSync(browserReport)) failed += 1;
  if (e2eStatus !== 0 && failed === 0) failed = 1;
}

await finishRun(releaseLease, { log }).catch((error) => log(`stopping the brokers failed: ${error.message}`));

// CI shows only the end of the output: name what failed right above the closing line.
if (failedNames.length > 0) {
  console.log(`\nWhat failed (${failedNames.length}):`);
  for (const line of failedNames.slice(0, 30)) console.log(`  ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(interrupted ? 130 : status === 0 && failed === 0 ? 0 : 1);
