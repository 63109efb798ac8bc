/**
 * The raw frame composer against real RabbitMQ and ActiveMQ: a good frame with a receipt, then
 * the three classic malformed frames (an unescaped colon under 1.2, a body longer than its
 * content-length, a missing NUL). For each, the composer's verdict names the rule and the byte
 * offset before sending, and after sending it shows what the broker answered.
 *
 * What the brokers do (measured here, and what the assertions hold them to):
 *   unescaped colon      RabbitMQ RECEIPT            ActiveMQ RECEIPT (both split at the first colon)
 *   body > content-len   RabbitMQ drops the socket   ActiveMQ ERROR "content-length bytes were read and there was no trailing null byte", then closes
 *   missing NUL          both silent: still reading the frame
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { closeAllConnections, connectionFacts, openApp, unique } from './scenarios/app';
import { createProfile } from './scenarios/profiles';
import { describeViolations, seriousViolations } from './support/axe';
import { ACTIVEMQ, ensureBroker, RABBITMQ, type BrokerName } from './support/brokers';

// Room for the dock: the screenshots show the whole composer.
test.use({ viewport: { width: 1500, height: 1150 } });

test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

async function openRawComposer(page: Page): Promise<Locator> {
  const tab = page.getByRole('tablist', { name: 'Dock' }).getByRole('tab', { name: 'Raw frame', exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const composer = page.getByRole('group', { name: 'Raw frame composer' });
  await expect(composer).toBeVisible();
  // A taller dock, from the keyboard: the screenshots then show most of the composer.
  const resize = page.getByRole('separator', { name: 'Resize dock' });
  await resize.focus();
  for (let i = 0; i < 6; i++) await resize.press('ArrowUp');
  return composer;
}

/** Sets the frame's headers, in order, replacing the ones there. */
async function setHeaders(composer: Locator, headers: [string, string][]): Promise<void> {
  for (let n = await composer.getByRole('button', { name: /^Remove header \d+$/ }).count(); n > 0; n--) {
    await composer.getByRole('button', { name: `Remove header ${n}` }).click();
  }
  for (const [i, [name, value]] of headers.entries()) {
    await composer.getByRole('button', { name: 'Add header' }).click();
    await composer.getByRole('combobox', { name: `Header ${i + 1} name` }).fill(name);
    await composer.getByRole('textbox', { name: `Header ${i + 1} value` }).fill(value);
  }
}

async function check(composer: Locator, name: string, on: boolean): Promise<void> {
  const box = composer.getByRole('checkbox', { name });
  if ((await box.isChecked()) !== on) await box.click();
}

/** Sends, confirming when the composer asks (a frame it expects the broker to refuse), and returns the answer region. */
async function send(page: Page, composer: Locator, confirm: boolean): Promise<Locator> {
  await composer.getByRole('button', { name: 'Send bytes' }).click();
  if (confirm) {
    const dialog = page.getByRole('dialog', { name: 'Send a frame the broker may refuse?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
  }
  const answer = composer.getByRole('region', { name: "Broker's answer" });
  await expect(answer).not.toContainText('Nothing sent yet', { timeout: 15_000 });
  await expect(answer).not.toHaveAttribute('aria-busy', 'true', { timeout: 15_000 });
  return answer;
}

/** No serious or critical axe violation with the verdict, warnings, bytes and answer on screen, in both themes. */
async function expectClean(page: Page, view: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => ((globalThis as unknown as { document: { documentElement: { dataset: Record<string, string> } } }).document.documentElement.dataset.theme = t), theme);
    const violations = await seriousViolations(page);
    expect.soft(violations, `${view} (${theme}):\n${describeViolations(violations)}`).toEqual([]);
  }
}

const head = (lines: string[]) => lines.map((l) => `${l}\n`).join('') + '\n';

for (const [brokerName, profile] of [
  ['rabbitmq', RABBITMQ],
  ['activemq', ACTIVEMQ],
] as [BrokerName, typeof RABBITMQ][]) {
  test(`raw frames against ${profile.name}: a receipt, then three malformed frames with their verdicts and the broker's answers`, async ({ page }) => {
    test.setTimeout(90_000);
    ensureBroker(brokerName);
    await openApp(page);
    await createProfile(page, profile, { connect: true });
    const composer = await openRawComposer(page);
    const verdict = composer.getByRole('region', { name: 'Verdict' });
    const destination = `/topic/${unique('raw-e2e')}`;

    // 1. A good frame asking for a receipt: both parsers read it, the broker sends the RECEIPT.
    await setHeaders(composer, [
      ['destination', destination],
      ['receipt', 'r-good'],
    ]);
    await composer.getByRole('textbox', { name: 'Body text' }).fill('hello');
    await expect(verdict).toContainText('judged as STOMP 1.2');
    await expect(verdict).toContainText('Strict parser: reads 1 frame: SEND, 5-byte body (content-length)');
    await expect(verdict).toContainText('No warnings');
    let answer = await send(page, composer, false);
    await expect(answer).toContainText('RECEIPT r-good after');
    await page.screenshot({ path: `.tmp/e2e-raw-good-${brokerName}.png` });

    // 2. An unescaped colon under 1.2: the parser reads it, the lint names the byte; brokers take it.
    await check(composer, 'Escape header names and values', false);
    await setHeaders(composer, [
      ['destination', destination],
      ['receipt', 'r-colon'],
      ['x-note', 'a:b'],
    ]);
    const colonAt = `SEND\ndestination:${destination}\nreceipt:r-colon\nx-note:a`.length;
    await expect(verdict).toContainText(`Lint: unescaped-colon at byte ${colonAt}`);
    await expect(verdict).toContainText('Strict parser: reads 1 frame');
    answer = await send(page, composer, true);
    await expect(answer).toContainText('RECEIPT r-colon after');
    await page.screenshot({ path: `.tmp/e2e-raw-colon-${brokerName}.png` });

    // 3. A body longer than its content-length: the strict parser stops where the NUL should be.
    await check(composer, 'Escape header names and values', true);
    await setHeaders(composer, [
      ['destination', destination],
      ['receipt', 'r-long'],
      ['content-length', '3'],
    ]);
    const nulAt = head(['SEND', `destination:${destination}`, 'receipt:r-long', 'content-length:3']).length + 3;
    await expect(verdict).toContainText(`Strict parser: missing-nul-after-body at byte ${nulAt}`);
    await expect(verdict).toContainText(`expects the NUL at byte ${nulAt}`);
    answer = await send(page, composer, true);
    await expect(answer).toContainText('the connection is down');
    if (brokerName === 'rabbitmq') {
      await expect(answer).toContainText('Connection dropped');
      await expect(answer).toContainText('the broker closed the connection');
    } else {
      await expect(answer).toContainText('ERROR "content-length bytes were read and there was no trailing null byte"');
      await expect(answer).toContainText('then closed the connection');
      await expect(answer.getByText(/ERROR body/)).toBeVisible();
    }
    await page.screenshot({ path: `.tmp/e2e-raw-long-${brokerName}.png` });
    await expectClean(page, `raw frame tab after a refused frame (${brokerName})`);
    // The app reconnects by itself after the drop.
    await expect(connectionFacts(page)).toHaveText(/^Connected/, { timeout: 20_000 });

    // 4. A missing NUL: the frame never ends; the broker waits for the rest and says nothing.
    await setHeaders(composer, [
      ['destination', destination],
      ['receipt', 'r-nonul'],
    ]);
    await composer.getByRole('radio', { name: 'NUL' }).click();
    await check(composer, 'End the frame with NUL', false);
    const size = head(['SEND', `destination:${destination}`, 'receipt:r-nonul']).length + 'hello'.length;
    await expect(verdict).toContainText(`Strict parser: truncated-frame at byte ${size}`);
    await expect(verdict).toContainText(`Lenient parser: truncated-frame at byte ${size}`);
    await expect(verdict).toContainText('no NUL ends the frame');
    await composer.getByRole('textbox', { name: 'Seconds to wait for the answer' }).fill('1.5');
    answer = await send(page, composer, true);
    await expect(answer).toContainText('No answer');
    await expect(answer).toContainText('the frame is unfinished, so the broker is most likely still waiting for the rest of it');
    await expect(answer).toContainText('the connection is up');
    await page.screenshot({ path: `.tmp/e2e-raw-nonul-${brokerName}.png` });
    await answer.getByRole('button', { name: 'Reconnect to start clean' }).click();
    await expect(answer.getByRole('status')).toHaveText(/^Reconnected/, { timeout: 20_000 });
  });
}

test('raw templates: save a malformed frame, load it back exactly, delete it', async ({ page }) => {
  await openApp(page);
  const composer = await openRawComposer(page);
  const name = unique('raw-tpl');
  await composer.getByRole('combobox', { name: 'Command' }).fill('FOO');
  await setHeaders(composer, [
    ['x', '1'],
    ['x', '2'],
  ]);
  await check(composer, 'End the frame with NUL', false);
  await composer.getByRole('button', { name: 'Raw templates ▾' }).click();
  await page.getByRole('menuitem', { name: 'Save as raw template…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as raw template' });
  await dialog.getByLabel('Raw template name').fill(name);
  await dialog.getByRole('button', { name: 'Save raw template' }).click();
  await expect(composer.getByRole('status').filter({ hasText: `Saved raw template ${name}.` })).toBeVisible();

  // Change the frame, then load the template: every field comes back.
  await composer.getByRole('combobox', { name: 'Command' }).fill('SEND');
  await check(composer, 'End the frame with NUL', true);
  await setHeaders(composer, [['destination', '/queue/other']]);
  await composer.getByRole('button', { name: 'Raw templates ▾' }).click();
  await page.getByRole('menuitem', { name: `Load ${name}` }).click();
  await expect(composer.getByRole('combobox', { name: 'Command' })).toHaveValue('FOO');
  await expect(composer.getByRole('textbox', { name: 'Header 2 value' })).toHaveValue('2');
  await expect(composer.getByRole('checkbox', { name: 'End the frame with NUL' })).not.toBeChecked();
  await expect(composer.getByRole('region', { name: 'Verdict' })).toContainText('"FOO" is no STOMP command');

  await composer.getByRole('button', { name: 'Raw templates ▾' }).click();
  await page.getByRole('menuitem', { name: `Delete ${name}` }).click();
  await expect(composer.getByRole('status').filter({ hasText: `Deleted raw template ${name}.` })).toBeVisible();
});
