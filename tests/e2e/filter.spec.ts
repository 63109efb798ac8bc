/** The message-list filter: plain text, `re:` a regular expression, `header:value` one header. */
import { expect, test } from '@playwright/test';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { sendFromComposer } from './scenarios/composer';
import { filterBox, filterMessages, messageRow, messageRows } from './scenarios/messages';
import { connectSandbox } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('plain text, re: and header:value narrow the list; a bad regex is explained', async ({ page }) => {
  const queue = `/queue/${unique('e2e-filter')}`;
  await connectSandbox(page);
  await subscribe(page, queue, 'auto');
  const sent: [string, string][] = [
    ['order 1001 created', 'eu-west'],
    ['payment 2002 settled', 'us-east'],
    ['order 1003 cancelled', 'eu-north'],
  ];
  for (const [body, region] of sent) await sendFromComposer(page, { destination: queue, body, headers: [['x-region', region]] });
  await expect(messageRows(page)).toHaveCount(3);

  // Plain text, over headers and body, any case.
  await filterMessages(page, 'PAYMENT', 1);
  await expect(messageRow(page, 'payment 2002 settled')).toBeVisible();

  // A regular expression.
  await filterMessages(page, 're:order 100[13]', 2);
  await expect(messageRow(page, 'order 1001 created')).toBeVisible();
  await expect(messageRow(page, 'order 1003 cancelled')).toBeVisible();
  await expect(messageRow(page, 'payment')).toHaveCount(0);

  // One header: x-region containing "eu".
  await filterMessages(page, 'x-region:eu', 2);
  await expect(messageRow(page, 'payment')).toHaveCount(0);
  await filterMessages(page, 'x-region:us-east', 1);
  await expect(messageRow(page, 'payment 2002 settled')).toBeVisible();

  // Nothing matches: the pane says so and repeats the filter.
  await filterBox(page).fill('no-such-text-anywhere');
  await filterBox(page).press('Enter');
  await expect(page.getByText('No message matches the filter')).toBeVisible();

  // A regex that does not compile: the error sits under the box.
  await filterBox(page).fill('re:(unclosed');
  await filterBox(page).press('Enter');
  await expect(filterBox(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(filterBox(page)).toHaveAccessibleDescription(/invalid regular expression/);

  // Cleared: all three again.
  await filterBox(page).fill('');
  await filterBox(page).press('Enter');
  await expect(messageRows(page)).toHaveCount(3);
  await expect(page.getByText('3 messages', { exact: true })).toBeVisible();
});
