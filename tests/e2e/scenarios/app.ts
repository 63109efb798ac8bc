/**
 * The app as a whole: open it, find its regions, and leave it tidy for the next test.
 * Every locator is a role and an accessible name, as assistive technology finds them.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { appUrl } from '../support/app-url';

/** Opens the app (the address carries the access token) and waits until it talks to its host. */
export async function openApp(page: Page, url: string = appUrl()): Promise<void> {
  await page.goto(url);
  await expect(rail(page)).toBeVisible();
  // The rail shows the saved profiles once the host answered; the sandbox is always among them.
  await expect(profilesList(page).getByRole('listitem').first()).toBeVisible();
}

export const rail = (page: Page): Locator => page.getByRole('navigation', { name: 'Profiles and connections' });
export const profilesList = (page: Page): Locator => rail(page).getByRole('list', { name: 'Profiles' });
export const workspaceTabs = (page: Page): Locator => page.getByRole('tablist', { name: 'Connections' });

/**
 * The connection header's line of facts (state, broker, version, heart-beats, server). It is the
 * live region (role status) that starts with the state word.
 */
export function connectionFacts(page: Page): Locator {
  return page
    .getByRole('status')
    .filter({ hasText: /^(Connecting|Connected|Reconnecting|Disconnecting|Disconnected|Failed)/ })
    .first();
}

/**
 * Closes every tab (connections and imported captures), so the next test starts from none: each
 * tab is focused and closed with Delete, the keyboard way (the tablist holds tabs only).
 */
export async function closeAllConnections(page: Page): Promise<void> {
  // A test that failed half-way may have left a dialog or menu open over the tabs: start afresh.
  if ((await page.getByRole('dialog').count()) > 0 || (await page.getByRole('menu').count()) > 0) {
    await page.reload();
    await expect(rail(page)).toBeVisible();
  }
  const tabs = workspaceTabs(page);
  for (let i = 0; i < 20; i++) {
    if (!(await tabs.isVisible())) return;
    const count = await tabs.getByRole('tab').count();
    if (count === 0) return;
    await closeTabByKeyboard(tabs.getByRole('tab').first());
    await expect(tabs.getByRole('tab')).toHaveCount(Math.max(0, count - 1));
  }
}

/** Focuses a workspace tab and presses Delete, which closes it (a connection is disconnected first). */
export async function closeTabByKeyboard(tab: Locator): Promise<void> {
  await tab.focus();
  await tab.press('Delete');
}

/** A name no other run (or test) has used: for queues, profiles and message bodies. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
