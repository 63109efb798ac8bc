/** The message list (a grid) and its filter box. */
import { expect, type Locator, type Page } from '@playwright/test';

export const messageGrid = (page: Page): Locator => page.getByRole('grid', { name: 'Messages' });
export const filterBox = (page: Page): Locator => page.getByRole('searchbox', { name: 'Filter messages' });

/** The data rows of the list (the column-header row is left out). */
export const messageRows = (page: Page): Locator => messageGrid(page).getByRole('row').filter({ has: page.getByRole('gridcell') });

/** The row whose body preview (or any cell) shows `text`. */
export const messageRow = (page: Page, text: string | RegExp): Locator => messageRows(page).filter({ hasText: text });

/** A row's acknowledgement state as the Ack column shows it: pending, acked, nacked, auto, stale. */
export const ackCell = (row: Locator): Locator => row.getByRole('gridcell').nth(6);

/** Clicks the row: the inspector shows that message. */
export async function openMessage(page: Page, text: string | RegExp): Promise<Locator> {
  const row = messageRow(page, text).last();
  await expect(row).toBeVisible();
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
  return row;
}

/** Types a filter and waits for the count line ("N matches") to settle on the expected number. */
export async function filterMessages(page: Page, filter: string, expected: number): Promise<void> {
  await filterBox(page).fill(filter);
  await filterBox(page).press('Enter');
  if (filter) await expect(page.getByText(new RegExp(`^${expected} match(es)?$`))).toBeVisible();
  if (expected > 0) await expect(messageRows(page)).toHaveCount(expected);
}
