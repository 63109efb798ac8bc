/** The left rail's profiles and the profile dialog. */
import { expect, type Locator, type Page } from '@playwright/test';
import { connectionFacts, profilesList, rail } from './app';

export const SANDBOX_PROFILE = 'Sandbox (built-in broker)';

export interface ProfileSpec {
  name: string;
  uri: string;
  login?: string;
  passcode?: string;
  /** The CONNECT host header (RabbitMQ's vhost). */
  vhost?: string;
  /** As the "Broker preset" select labels it: RabbitMQ, ActiveMQ Classic, Generic STOMP… */
  preset?: string;
}

export const profileButton = (page: Page, name: string): Locator => profilesList(page).getByRole('button', { name, exact: true });
export const profileDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'New profile' });

/** Opens "+ New profile" in the rail. */
export async function openNewProfileDialog(page: Page): Promise<Locator> {
  await rail(page).getByRole('button', { name: 'New profile' }).click();
  const dialog = profileDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Fills the profile dialog as a user would; leaves it open. */
export async function fillProfileDialog(dialog: Locator, spec: ProfileSpec): Promise<void> {
  await dialog.getByLabel('Name', { exact: true }).fill(spec.name);
  await dialog.getByLabel('Broker URI').fill(spec.uri);
  if (spec.login !== undefined) await dialog.getByLabel('Login', { exact: true }).fill(spec.login);
  if (spec.passcode !== undefined) await dialog.getByLabel('Passcode', { exact: true }).fill(spec.passcode);
  if (spec.vhost !== undefined) await dialog.getByLabel('Virtual host').fill(spec.vhost);
  if (spec.preset !== undefined) await dialog.getByLabel('Broker preset').selectOption({ label: spec.preset });
  // The URI is checked live: wait until the check says which broker it names.
  await expect(dialog.getByLabel('Broker URI')).toHaveAccessibleDescription(/Broker: |Failover across /);
}

/**
 * Creates a profile through the dialog. With `connect`, "Save and connect" and waits for
 * Connected; otherwise "Save". Reuses the profile when this page's host already has one by that
 * name (the host outlives a test; each test file picks its own names).
 */
export async function createProfile(page: Page, spec: ProfileSpec, { connect = false } = {}): Promise<void> {
  if ((await profileButton(page, spec.name).count()) === 0) {
    const dialog = await openNewProfileDialog(page);
    await fillProfileDialog(dialog, spec);
    await dialog.getByRole('button', { name: connect ? 'Save and connect' : 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(profileButton(page, spec.name)).toBeVisible();
    if (connect) await expectConnected(page, spec.name);
  } else if (connect) {
    await connectProfile(page, spec.name);
  }
}

/** One click on a profile in the rail connects it (or shows its open connection). */
export async function connectProfile(page: Page, name: string): Promise<void> {
  await profileButton(page, name).click();
  await expectConnected(page, name);
}

export async function expectConnected(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('tab', { name, selected: true })).toBeVisible({ timeout: 20_000 });
  await expect(connectionFacts(page)).toHaveText(/^Connected/, { timeout: 20_000 });
}

/** The sandbox profile is one click away: on the welcome screen, or in the rail. */
export async function connectSandbox(page: Page): Promise<void> {
  const welcome = page.getByRole('button', { name: 'Try the built-in sandbox broker' });
  if (await welcome.isVisible()) await welcome.click();
  else await profileButton(page, SANDBOX_PROFILE).click();
  await expectConnected(page, SANDBOX_PROFILE);
}
