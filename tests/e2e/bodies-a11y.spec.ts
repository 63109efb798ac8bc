/**
 * The views of issue 14 under axe-core, in both themes: the Decoded viewer with a field selected,
 * the Schemas tab, the composer's encoder (with field errors) and payload script, the script
 * filter dialog, the Load tab with a finished run. No serious or critical violation.
 */
import { expect, test, type Page } from '@playwright/test';
import { COMMON_PROTO, SHOP_PROTO } from '../core/fixtures/codec-schemas';
import { addSchemaFiles, openComposer, openLoad, openSchemas, sendEncoded, showDecoded } from './bodies-scenarios';
import { closeAllConnections, openApp, rail, unique } from './scenarios/app';
import { composer } from './scenarios/composer';
import { openMessage } from './scenarios/messages';
import { connectSandbox, SANDBOX_PROFILE } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { describeViolations, seriousViolations } from './support/axe';

async function expectClean(page: Page, what: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([]);
}

test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

for (const theme of ['light', 'dark'] as const) {
  test(`schema, script and load views have no serious axe violation (${theme} theme)`, async ({ page }) => {
    test.setTimeout(120_000);
    await openApp(page);
    await rail(page).getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    await connectSandbox(page);
    await addSchemaFiles(page, SANDBOX_PROFILE, [
      { name: 'shop.proto', text: SHOP_PROTO },
      { name: 'common.proto', text: COMMON_PROTO },
    ]);
    await expectClean(page, 'Schemas tab');

    const queue = `/queue/${unique('a11y-bodies')}`;
    await subscribe(page, queue, 'auto');
    await sendEncoded(page, queue, 'protobuf', 'shop.Order', { id: 'x', items: [{ sku: 'a', qty: 1 }] });
    await expect(page.getByText('1 message', { exact: true })).toBeVisible();
    await openMessage(page, /binary|\d+ B/);
    const tree = await showDecoded(page);
    await tree.getByRole('button', { name: 'id: "x"' }).click();
    await expectClean(page, 'Decoded viewer, a field selected');

    await openComposer(page);
    const encoder = composer(page).getByRole('group', { name: 'Encode with a schema' });
    await encoder.getByRole('textbox', { name: 'JSON to encode' }).fill('{ "id": 5 }');
    await expect(encoder.getByRole('list', { name: 'Problems in the JSON' })).toBeVisible();
    const script = composer(page).getByRole('group', { name: 'Build messages with a script' });
    if ((await script.getAttribute('open')) === null) await script.getByText('Build messages with a script').click();
    await script.getByRole('button', { name: 'Preview' }).click();
    await expect(script.getByRole('list', { name: 'Preview of the first messages' })).toBeVisible();
    await expectClean(page, 'composer: encoder with field errors, payload script preview');

    await page.getByRole('button', { name: 'script… filter' }).click();
    await expect(page.getByRole('dialog', { name: 'Filter with a script' })).toBeVisible();
    await expectClean(page, 'script filter dialog');
    await page.keyboard.press('Escape');

    const load = await openLoad(page);
    const form = load.getByRole('form', { name: 'Load generator' });
    await form.getByLabel('Profile').selectOption({ label: SANDBOX_PROFILE });
    await form.getByLabel('Destination', { exact: true }).fill(`/queue/${unique('a11y-load')}`);
    await form.getByLabel('Rate (msg/s)').fill('200');
    await form.getByLabel('Duration (s)').fill('1');
    await form.getByRole('button', { name: 'Start load' }).click();
    await expect(load.getByRole('status', { name: 'Run state: finished' }).first()).toBeVisible({ timeout: 30_000 });
    await expectClean(page, 'Load tab, a run finished');
    await openSchemas(page);
  });
}
