/** The keyboard: `/` focuses the filter, `?` opens the shortcut sheet, Esc closes it. */
import { expect, test } from '@playwright/test';
import { closeAllConnections, openApp } from './scenarios/app';
import { filterBox } from './scenarios/messages';
import { connectSandbox } from './scenarios/profiles';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('/ focuses the filter; ? opens the shortcuts; Esc closes them; Ctrl+K opens the palette', async ({ page }) => {
  await connectSandbox(page);
  // Start from nowhere in particular (the page, not a field).
  await page.getByRole('heading', { name: 'Messages' }).click();
  await expect(filterBox(page)).not.toBeFocused();

  await page.keyboard.press('/');
  await expect(filterBox(page)).toBeFocused();
  await expect(filterBox(page)).toHaveValue(''); // the slash itself is not typed
  // Esc on an empty filter leaves it.
  await page.keyboard.press('Escape');
  await expect(filterBox(page)).not.toBeFocused();

  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  const table = sheet.getByRole('table', { name: 'Keyboard shortcuts' });
  await expect(table.getByRole('row', { name: /Ctrl\/⌘ \+ Enter\s+Send the composer/ })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: '/', exact: true })).toBeVisible();
  await page.screenshot({ path: '.tmp/e2e-shortcuts.png' });
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // `?` typed into a field is just a character.
  await filterBox(page).click();
  await page.keyboard.press('?');
  await expect(filterBox(page)).toHaveValue('?');
  await expect(sheet).toBeHidden();
  await filterBox(page).fill('');

  await page.getByRole('heading', { name: 'Messages' }).click();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect(palette.getByRole('combobox', { name: 'Command' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
});
