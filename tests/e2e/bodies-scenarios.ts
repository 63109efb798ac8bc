/**
 * What a user does with schema-aware bodies and scripts, by role and accessible name: add schema
 * files to a profile, encode a value in the composer, read the decoded tree, run scripts.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { composer } from './scenarios/composer';
import { inspector } from './scenarios/inspector';

export const schemasPanel = (page: Page): Locator => page.getByRole('tabpanel', { name: 'Schemas', exact: true });

async function openDock(page: Page, name: string): Promise<Locator> {
  const tab = page.getByRole('tablist', { name: 'Dock' }).getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const panel = page.getByRole('tabpanel', { name, exact: true });
  await expect(panel).toBeVisible();
  return panel;
}

export const openSchemas = (page: Page): Promise<Locator> => openDock(page, 'Schemas');
export const openLoad = (page: Page): Promise<Locator> => openDock(page, 'Load');
export const openComposer = (page: Page): Promise<Locator> => openDock(page, 'Composer');

/** Adds schema files to the profile shown in the Schemas tab (from disk), unless it has them already. */
export async function addSchemaFiles(page: Page, profile: string, files: { name: string; text: string }[]): Promise<void> {
  const panel = await openSchemas(page);
  await panel.getByRole('combobox', { name: 'Schemas of profile' }).selectOption({ label: profile });
  const list = panel.getByRole('region', { name: 'Schema files' });
  const missing = [];
  for (const file of files) if ((await list.getByText(file.name, { exact: true }).count()) === 0) missing.push(file);
  if (missing.length) {
    await panel.getByLabel('Add schema files').setInputFiles(missing.map((f) => ({ name: f.name, mimeType: 'text/plain', buffer: Buffer.from(f.text) })));
  }
  for (const file of files) await expect(list.getByText(file.name, { exact: true })).toBeVisible();
}

/**
 * Encodes `json` with the profile's schemas in the composer's "Encode with a schema", makes it the
 * body, and sends it to `destination`; waits for the confirmed result.
 */
export async function sendEncoded(page: Page, destination: string, codec: string, type: string | undefined, json: unknown): Promise<void> {
  await openComposer(page);
  const form = composer(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(destination);
  const encoder = form.getByRole('group', { name: 'Encode with a schema' });
  if ((await encoder.getAttribute('open')) === null) await encoder.getByText('Encode with a schema').click();
  await encoder.getByRole('combobox', { name: 'Encode as' }).selectOption(codec);
  if (type) await encoder.getByRole('combobox', { name: 'Type to encode' }).selectOption(type);
  await encoder.getByRole('textbox', { name: 'JSON to encode' }).fill(JSON.stringify(json, null, 2));
  await expect(encoder.getByRole('status').filter({ hasText: /^\d+ bytes$/ })).toBeVisible();
  await encoder.getByRole('button', { name: 'Use as body' }).click();
  await expect(encoder.getByText(/^The body is now \d+ bytes of/)).toBeVisible();
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(form.getByRole('status').filter({ hasText: /^✓ Sent 1 message/ })).toBeVisible();
}

/** The Decoded viewer of the open message. */
export async function showDecoded(page: Page): Promise<Locator> {
  const item = inspector(page).getByRole('radiogroup', { name: 'Body viewer' }).getByRole('radio', { name: 'Decoded', exact: true });
  await expect(item).toBeChecked();
  const tree = inspector(page).getByRole('tree', { name: 'Decoded body' });
  await expect(tree).toBeVisible();
  return tree;
}

/** The open message's body as base64, read off the Base64 viewer (then back to Decoded). */
export async function bodyBase64(page: Page): Promise<string> {
  const group = inspector(page).getByRole('radiogroup', { name: 'Body viewer' });
  await group.getByRole('radio', { name: 'Base64', exact: true }).click();
  const text = (await inspector(page).getByRole('region', { name: 'Body as base64' }).innerText()).replace(/\s+/g, '');
  await group.getByRole('radio', { name: 'Decoded', exact: true }).click();
  return text;
}
