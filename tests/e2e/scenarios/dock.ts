/** The bottom dock: Composer · Wire log · Receipts · Transactions · Captures. */
import { expect, type Locator, type Page } from '@playwright/test';

export type DockTabName = 'Composer' | 'Wire log' | 'Raw frame' | 'Receipts' | 'Transactions' | 'Statistics' | 'Destinations' | 'Captures' | 'Schemas' | 'Load';

export const dockTabs = (page: Page): Locator => page.getByRole('tablist', { name: 'Dock' });

export async function openDockTab(page: Page, name: DockTabName): Promise<Locator> {
  const tab = dockTabs(page).getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel', { name, exact: true });
  await expect(panel).toBeVisible();
  return panel;
}

/** The wire log's entries (role log). */
export async function openWireLog(page: Page): Promise<Locator> {
  const panel = await openDockTab(page, 'Wire log');
  const log = panel.getByRole('log', { name: 'Wire log entries' });
  await expect(log).toBeVisible();
  return log;
}
