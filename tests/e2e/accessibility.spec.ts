/**
 * No serious or critical accessibility violation (axe-core) on any view, in either theme: first run,
 * connected with a message open in the inspector, each dock tab, each dialog, the command palette
 * and the shortcuts overlay. A keyboard user reaches the panes without tabbing through everything.
 */
import { expect, test, type Page } from '@playwright/test';
import { closeAllConnections, openApp, rail, unique, workspaceTabs } from './scenarios/app';
import { composer, sendFromComposer } from './scenarios/composer';
import { openDockTab, type DockTabName } from './scenarios/dock';
import { messageActions } from './scenarios/inspector';
import { openMessage } from './scenarios/messages';
import { connectSandbox, openNewProfileDialog } from './scenarios/profiles';
import { subscribe, subscriptionsList as subscriptionsListOf } from './scenarios/subscriptions';
import { describeViolations, seriousViolations } from './support/axe';

test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

async function expectClean(page: Page, view: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect.soft(violations, `${view}:\n${describeViolations(violations)}`).toEqual([]);
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await rail(page).getByRole('combobox', { name: 'Theme' }).selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

for (const theme of ['light', 'dark'] as const) {
  test(`every view has no serious or critical axe violation (${theme} theme)`, async ({ page }) => {
    test.setTimeout(120_000);
    await openApp(page);
    await setTheme(page, theme);
    await expectClean(page, 'first run');

    await connectSandbox(page);
    const queue = `/queue/${unique('a11y')}`;
    await subscribe(page, queue, 'client-individual');
    await sendFromComposer(page, { destination: queue, body: '{"a11y":true}', contentType: 'application/json' });
    await openMessage(page, '{"a11y":true}');
    await expectClean(page, 'connected, message in the inspector');

    for (const tab of ['Composer', 'Wire log', 'Raw frame', 'Receipts', 'Transactions', 'Statistics', 'Destinations', 'Captures', 'Schemas', 'Load'] as DockTabName[]) {
      await openDockTab(page, tab);
      await expectClean(page, `dock tab ${tab}`);
    }

    // The wire log with the heart-beat timeline and a frame's bytes.
    const wire = await openDockTab(page, 'Wire log');
    await wire.getByRole('button', { name: 'Heart-beats' }).click();
    await expect(wire.getByRole('region', { name: 'Heart-beat timeline' })).toBeVisible();
    await wire.getByRole('log').getByRole('button', { name: /^Show frame / }).last().click();
    await page.getByRole('complementary', { name: /^Frame \d+$/ }).getByRole('radio', { name: 'Hex' }).click();
    await expectClean(page, 'wire log with the timeline and a frame in hex');
    await wire.getByRole('button', { name: 'Heart-beats' }).click();

    // The subscription waits for an ack: its note and the Ack all question.
    await subscriptionsListOf(page).getByRole('button', { name: /^Ack all 1 unacked/ }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectClean(page, 'ack all confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel', exact: true }).click();

    // Menus and dialogs.
    await messageActions(page).getByRole('button', { name: /^Replay/ }).click();
    await expectClean(page, 'replay menu');
    await page.getByRole('menuitem', { name: 'Replay byte for byte, without MESSAGE-only headers…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectClean(page, 'replay preview dialog');
    await page.keyboard.press('Escape');
    await messageActions(page).getByRole('button', { name: 'Resubmit to…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectClean(page, 'resubmit dialog');
    await page.keyboard.press('Escape');

    await openDockTab(page, 'Composer');
    await composer(page).getByRole('textbox', { name: 'Copies' }).fill('5000');
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Send 5,000 messages?' })).toBeVisible();
    await expectClean(page, 'large send confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel', exact: true }).click();
    await composer(page).getByRole('textbox', { name: 'Copies' }).fill('x');
    await expectClean(page, 'composer with a field error');
    // A list longer than its pane: the scroller must be reachable by keyboard too.
    await composer(page).getByRole('textbox', { name: 'Copies' }).fill('60');
    await composer(page).getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('grid', { name: 'Messages' })).toHaveAttribute('aria-rowcount', '62');
    await expectClean(page, 'a message list longer than its pane');
    await composer(page).getByRole('textbox', { name: 'Copies' }).fill('1');

    // The dock folded: its tabs still name panels that exist.
    await page.getByRole('button', { name: 'Hide dock' }).click();
    await expectClean(page, 'dock folded');
    await page.getByRole('button', { name: 'Show dock' }).click();

    await openNewProfileDialog(page);
    await expectClean(page, 'new profile dialog');
    await page.keyboard.press('Escape');

    await page.keyboard.press('Control+k');
    await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expectClean(page, 'command palette');
    await page.keyboard.press('Escape');

    await page.locator('body').press('?');
    await expect(page.getByRole('dialog', { name: /shortcuts/i })).toBeVisible();
    await expectClean(page, 'shortcuts overlay');
    await page.keyboard.press('Escape');
  });
}

test('a keyboard user jumps to the panes: skip link to the workspace, F6 moves between regions', async ({ page }) => {
  await openApp(page);
  await connectSandbox(page);
  // From the top of the page, as after loading it (the connection lives on in the host).
  await page.reload();
  await expect(rail(page)).toBeVisible();
  await expect(workspaceTabs(page)).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the workspace' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // Show the connection, then go pane to pane with F6.
  await workspaceTabs(page).getByRole('tab').first().click();
  const focusedRegion = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-pane') ?? '');
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('F6');
    seen.add(await focusedRegion());
  }
  expect([...seen].sort()).toEqual(expect.arrayContaining(['dock', 'inspector', 'messages', 'rail', 'subscriptions']));
});
