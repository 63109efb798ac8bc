/** The subscriptions pane: subscribe or browse a destination, pick a subscription. */
import { expect, type Locator, type Page } from '@playwright/test';

export type AckMode = 'auto' | 'client' | 'client-individual';

export const subscriptionForm = (page: Page): Locator => page.getByRole('form', { name: 'Add subscription' });
export const subscriptionsList = (page: Page): Locator => page.getByRole('list', { name: 'Subscriptions' });

/** The subscription's button in the pane: "<destination>, N messages" (or "(browse), N messages"). */
export function subscriptionButton(page: Page, destination: string, { browse = false } = {}): Locator {
  const escaped = destination.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return subscriptionsList(page).getByRole('button', { name: new RegExp(`^${escaped}${browse ? ' \\(browse\\)' : ''}, \\d+ messages?$`) });
}

/** Subscribes with the given ack mode; waits until the subscription is listed and shown. */
export async function subscribe(page: Page, destination: string, ack: AckMode = 'client-individual'): Promise<Locator> {
  const form = subscriptionForm(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(destination);
  // The browse switch (where offered) stays on after a browse: a subscription needs it off.
  const browseSwitch = form.getByRole('checkbox', { name: 'browse (non-destructive)' });
  if ((await browseSwitch.count()) > 0) await browseSwitch.uncheck();
  await form.getByRole('combobox', { name: 'Ack mode' }).selectOption(ack);
  await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
  const row = subscriptionButton(page, destination);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('aria-pressed', 'true');
  return row;
}

/** Browses a queue (non-destructive): only offered where the broker can browse. */
export async function browse(page: Page, destination: string): Promise<Locator> {
  const form = subscriptionForm(page);
  await form.getByRole('combobox', { name: 'Destination' }).fill(destination);
  await form.getByRole('checkbox', { name: 'browse (non-destructive)' }).check();
  await form.getByRole('button', { name: 'Browse', exact: true }).click();
  const row = subscriptionButton(page, destination, { browse: true });
  await expect(row).toBeVisible();
  return row;
}
