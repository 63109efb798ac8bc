/**
 * First run: an app that has never run before (its own, fresh data directory) offers the sandbox
 * broker; one click connects it and the header line says so.
 */
import { expect, test } from '@playwright/test';
import { closeAllConnections, connectionFacts, openApp, profilesList } from './scenarios/app';
import { profileButton, SANDBOX_PROFILE } from './scenarios/profiles';
import { startBrowserMode, type BrowserModeApp } from './support/browser-mode';

let app: BrowserModeApp;
test.beforeAll(async () => {
  app = await startBrowserMode('first-run');
});
test.afterAll(async () => {
  await app?.stop();
});

test('first run: the sandbox profile is there and one click connects it', async ({ page }) => {
  await openApp(page, app.url);

  // The rail lists exactly one profile, the built-in sandbox; nothing is connected yet.
  await expect(profilesList(page).getByRole('listitem')).toHaveCount(1);
  await expect(profileButton(page, SANDBOX_PROFILE)).toBeVisible();
  await expect(profileButton(page, SANDBOX_PROFILE)).toHaveAccessibleDescription('idle');
  await expect(page.getByText('No broker yet?')).toBeVisible();
  await expect(page.getByRole('main').getByRole('button', { name: 'New profile', exact: true })).toBeVisible();
  await page.screenshot({ path: '.tmp/e2e-first-run.png' });

  // One click.
  await page.getByRole('button', { name: 'Try the built-in sandbox broker' }).click();

  const facts = connectionFacts(page);
  await expect(facts).toHaveText(/^Connected/, { timeout: 20_000 });
  await expect(facts).toContainText('STOMP 1.2');
  await expect(facts).toContainText('sandbox');
  await expect(facts).toContainText(/tcp:\/\/127\.0\.0\.1:\d+/);
  await expect(facts).toContainText(/STOMP-Explorer-Sandbox\/\d+\.\d+\.\d+/);
  await expect(page.getByRole('tab', { name: SANDBOX_PROFILE, selected: true })).toBeVisible();
  await expect(profileButton(page, SANDBOX_PROFILE)).toHaveAccessibleDescription('connected');
  await expect(page.getByRole('button', { name: 'Disconnect' })).toBeEnabled();
  await page.screenshot({ path: '.tmp/e2e-sandbox-connected.png' });

  await closeAllConnections(page);
});
