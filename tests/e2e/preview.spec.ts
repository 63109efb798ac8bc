/**
 * The message list's body preview shows the body's own characters (issue 9.8): a body that only
 * says it is JSON (`second json`, content-type application/json) keeps its space; only a body that
 * is valid JSON as a whole has the whitespace between its tokens left out; line breaks and tabs
 * show as their control pictures instead of vanishing.
 */
import { expect, test } from '@playwright/test';
import { closeAllConnections, openApp, unique } from './scenarios/app';
import { sendFromComposer } from './scenarios/composer';
import { messageRows } from './scenarios/messages';
import { connectSandbox } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

/** The Body column of the list's rows, in order. */
async function previews(page: import('@playwright/test').Page): Promise<string[]> {
  return messageRows(page).evaluateAll((rows) => rows.map((row) => (row.querySelectorAll('[role=gridcell]')[7] as { textContent: string | null }).textContent ?? ''));
}

test('previews keep the characters of the body; only valid JSON is compacted', async ({ page }) => {
  const queue = `/queue/${unique('e2e-preview')}`;
  await connectSandbox(page);
  await subscribe(page, queue, 'auto');
  await sendFromComposer(page, { destination: queue, body: 'second json', contentType: 'application/json' });
  await sendFromComposer(page, { destination: queue, body: '{\n  "order": 7,\n  "items": [1, 2]\n}', contentType: 'application/json' });
  await sendFromComposer(page, { destination: queue, body: 'line one\n\tline  two', contentType: 'text/plain' });
  await expect(messageRows(page)).toHaveCount(3);
  expect(await previews(page)).toEqual(['second json', '{"order":7,"items":[1,2]}', 'line one␊␉line  two']);
});
