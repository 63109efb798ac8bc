/** The inspector: headers in wire order, the framing line, body viewers, actions. */
import { expect, type Locator, type Page } from '@playwright/test';

export const inspector = (page: Page): Locator => page.getByRole('region', { name: 'Inspector' });
export const headersTable = (page: Page): Locator => inspector(page).getByRole('table', { name: 'Headers' });
export const framingLine = (page: Page): Locator => inspector(page).getByLabel('Framing');
export const messageActions = (page: Page): Locator => inspector(page).getByRole('toolbar', { name: 'Message actions' });

/** The headers table as [index, name, value] rows, in the order shown (the command row left out). */
export async function inspectorHeaders(page: Page): Promise<[string, string, string][]> {
  const rows = headersTable(page).getByRole('row');
  await expect(rows.nth(2)).toBeVisible();
  const out: [string, string, string][] = [];
  for (const row of await rows.all()) {
    const cells = await row.getByRole('cell').allInnerTexts();
    if (cells.length === 3) out.push([cells[0].trim(), cells[1].trim(), cells[2].trim()]);
  }
  return out;
}

/** Picks a body viewer: Text, JSON, Hex, Base64 (Image for image/*). */
export async function showBodyAs(page: Page, viewer: 'Text' | 'JSON' | 'Hex' | 'Base64' | 'Image'): Promise<void> {
  const item = inspector(page).getByRole('radiogroup', { name: 'Body viewer' }).getByRole('radio', { name: viewer, exact: true });
  await item.click();
  await expect(item).toBeChecked();
}

export async function ackMessage(page: Page): Promise<void> {
  await messageActions(page).getByRole('button', { name: 'Ack', exact: true }).click();
}

export async function nackMessage(page: Page): Promise<void> {
  await messageActions(page).getByRole('button', { name: 'Nack', exact: true }).click();
}
