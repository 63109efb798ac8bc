/** The dock's composer: destination, header rows, body; Ctrl+Enter sends. */
import { expect, type Locator, type Page } from '@playwright/test';
import { openDockTab } from './dock';

export const composer = (page: Page): Locator => page.getByRole('form', { name: 'Composer' });

interface SendWatch {
  __e2eSends?: number;
  __e2eSendButton?: unknown;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
}

export interface Outgoing {
  destination: string;
  body: string;
  /** Extra headers, in order, after the composer's own rows. */
  headers?: [string, string][];
  /** Replaces the value of the composer's content-type row (text/plain by default). */
  contentType?: string;
}

/** Fills the composer and sends with Ctrl+Enter from the body; waits for the inline result. */
export async function sendFromComposer(page: Page, message: Outgoing): Promise<void> {
  await openDockTab(page, 'Composer');
  const form = composer(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(message.destination);
  for (const [name, value] of message.headers ?? []) await setHeader(page, name, value);
  if (message.contentType) await setHeader(page, 'content-type', message.contentType);
  const body = form.getByRole('textbox', { name: 'Body', exact: true });
  await body.fill(message.body);
  // The inline result of the previous send stays until this one ends, and two sends can read the
  // same ("✓ Sent 1 message · receipt in 0.7 ms"): count the Send button's "Sending…" instead.
  const button = form.getByRole('button', { name: /^(Send|Sending…)$/ });
  const before = await button.evaluate((el) => {
    // The composer unmounts with its dock tab: watch whichever Send button is there now.
    // (This file is type-checked without the DOM library: hence the casts.)
    const w = globalThis as unknown as SendWatch;
    if (w.__e2eSendButton !== el) {
      w.__e2eSendButton = el;
      new w.MutationObserver(() => {
        if ((el as { textContent: string | null }).textContent?.startsWith('Sending')) w.__e2eSends = (w.__e2eSends ?? 0) + 1;
      }).observe(el, { childList: true, characterData: true, subtree: true });
    }
    return w.__e2eSends ?? 0;
  });
  await body.press('Control+Enter');
  await page.waitForFunction((n) => ((globalThis as unknown as SendWatch).__e2eSends ?? 0) > n, before);
  await expect(button).toHaveText('Send');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await expect(form.getByRole('status')).toHaveText(/^✓ Sent 1 message/);
}

/** Sets a header row's value, adding a row for the header when there is none yet. */
export async function setHeader(page: Page, name: string, value: string): Promise<void> {
  const form = composer(page);
  const names = form.getByRole('combobox', { name: /^Header \d+ name$/ });
  const count = await names.count();
  for (let i = 0; i < count; i++) {
    if ((await names.nth(i).inputValue()) === name) {
      await form.getByRole('textbox', { name: `Header ${i + 1} value`, exact: true }).fill(value);
      return;
    }
  }
  await form.getByRole('button', { name: 'Add header', exact: true }).click();
  const row = count + 1;
  await form.getByRole('combobox', { name: `Header ${row} name`, exact: true }).fill(name);
  await form.getByRole('textbox', { name: `Header ${row} value`, exact: true }).fill(value);
}

/** Removes the composer's header rows whose names are given (so a later send does not carry them). */
export async function removeHeaders(page: Page, ...names: string[]): Promise<void> {
  const form = composer(page);
  for (const name of names) {
    const remove = form.getByRole('button', { name: `Remove header ${name}`, exact: true });
    while ((await remove.count()) > 0) await remove.first().click();
  }
}

/**
 * Sends from the composer with headers of its own (removed again afterwards) and `copies`, by the
 * Send button; waits until the result says it was sent.
 */
export async function sendWithHeaders(page: Page, destination: string, body: string, headers: [string, string][] = [], copies = '1'): Promise<void> {
  await openDockTab(page, 'Composer');
  const form = composer(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(destination);
  await form.getByRole('textbox', { name: 'Body', exact: true }).fill(body);
  await form.getByRole('textbox', { name: 'Copies' }).fill(copies);
  for (const [name, value] of headers) {
    await form.getByRole('button', { name: 'Add header', exact: true }).click();
    const n = await form.getByRole('combobox', { name: /^Header \d+ name$/ }).count();
    await form.getByRole('combobox', { name: `Header ${n} name` }).fill(name);
    await form.getByRole('textbox', { name: `Header ${n} value` }).fill(value);
  }
  await form.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(form.getByLabel('Send result')).toContainText(/^✓ Sent/);
  for (const [name] of headers) await form.getByRole('button', { name: `Remove header ${name}`, exact: true }).click();
}
