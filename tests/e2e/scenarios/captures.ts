/** The dock's Captures tab: every subscription's messages, exported as NDJSON or imported to browse offline. */
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { openDockTab } from './dock';

export async function openCaptures(page: Page): Promise<Locator> {
  return openDockTab(page, 'Captures');
}

/** The capture's label as the app names it: "<profile> · <destination>". */
export const captureLabel = (profile: string, destination: string): string => `${profile} · ${destination}`;

/** Clicks "Export NDJSON" for the capture and saves the download at `path`. */
export async function exportCapture(page: Page, label: string, path: string): Promise<Download> {
  const panel = await openCaptures(page);
  const downloading = page.waitForEvent('download');
  await panel.getByRole('button', { name: `Export NDJSON of ${label}`, exact: true }).click();
  const download = await downloading;
  await download.saveAs(path);
  await expect(panel.getByRole('status')).toContainText(`Exported ${label}`);
  return download;
}

/** "Import capture…" through the file chooser; the capture opens as an offline tab. */
export async function importCapture(page: Page, path: string): Promise<void> {
  const panel = await openCaptures(page);
  const choosing = page.waitForEvent('filechooser');
  await panel.getByRole('button', { name: 'Import capture…', exact: true }).click();
  const chooser = await choosing;
  await chooser.setFiles(path);
  await expect(panel.getByRole('status')).toContainText(/^Imported \d+ messages from /);
}
