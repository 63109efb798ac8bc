/**
 * ActiveMQ (tcp://127.0.0.1:61614, guest/guest) can browse a queue without consuming it: the UI
 * offers "browse (non-destructive)", lists what is on the queue, and marks the browse done.
 */
import { expect, test } from '@playwright/test';
import { closeAllConnections, connectionFacts, openApp, unique } from './scenarios/app';
import { sendFromComposer } from './scenarios/composer';
import { ackCell, messageRow, messageRows } from './scenarios/messages';
import { createProfile } from './scenarios/profiles';
import { browse, subscriptionsList, subscribe, subscriptionButton } from './scenarios/subscriptions';
import { ensureBroker, ACTIVEMQ } from './support/brokers';

test.beforeEach(async ({ page }) => {
  ensureBroker('activemq');
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('browse a queue on ActiveMQ: both messages listed, browse marked done, nothing consumed', async ({ page }) => {
  const queue = `/queue/${unique('e2e-browse')}`;
  const bodies = [`first ${unique('m')}`, `second ${unique('m')}`];
  await createProfile(page, ACTIVEMQ, { connect: true });
  await expect(connectionFacts(page)).toContainText(/ActiveMQ\/5\.\d+/);

  for (const body of bodies) await sendFromComposer(page, { destination: queue, body });

  const row = await browse(page, queue);
  // The badge sits beside the subscription's button, in its list item.
  await expect(row).toBeVisible();
  await expect(subscriptionsList(page).getByRole('listitem').filter({ hasText: queue })).toContainText('browse · done');
  for (const body of bodies) await expect(messageRow(page, body)).toHaveCount(1);
  await expect(messageRows(page).nth(0)).toContainText(bodies[0]);
  await expect(messageRows(page).nth(1)).toContainText(bodies[1]);
  // (ActiveMQ ends a browse with an empty `browser:end` MESSAGE; the list shows it as a third row
  // today and counts it: reported to the UI owner, not asserted either way here.)
  // Browsed messages are not ours to settle.
  for (const body of bodies) await expect(ackCell(messageRow(page, body))).not.toHaveText('pending');
  await page.screenshot({ path: '.tmp/e2e-activemq-browse.png' });

  // Non-destructive: a real subscriber still receives both, in order.
  await subscribe(page, queue, 'auto');
  await expect(subscriptionButton(page, queue)).toHaveAccessibleName(`${queue}, 2 messages`);
  await expect(messageRows(page)).toHaveCount(2);
  await expect(messageRows(page).nth(0)).toContainText(bodies[0]);
  await expect(messageRows(page).nth(1)).toContainText(bodies[1]);
});
