/** A capture leaves the app as NDJSON (a download) and comes back as an offline tab (a file chooser). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { closeAllConnections, openApp, unique, workspaceTabs } from './scenarios/app';
import { captureLabel, exportCapture, importCapture } from './scenarios/captures';
import { sendFromComposer } from './scenarios/composer';
import { framingLine, inspectorHeaders, messageActions } from './scenarios/inspector';
import { messageRow, messageRows, openMessage } from './scenarios/messages';
import { connectSandbox, SANDBOX_PROFILE } from './scenarios/profiles';
import { subscribe } from './scenarios/subscriptions';
import { repoRoot } from './support/browser-mode';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});
test.afterEach(async ({ page }) => {
  await closeAllConnections(page);
});

test('export a capture as NDJSON, import it back, browse it offline', async ({ page }) => {
  const queue = `/queue/${unique('e2e-capture')}`;
  const bodies = [`{"order":1,"tag":"${unique('a')}"}`, `plain text ${unique('b')}`];
  await connectSandbox(page);
  await subscribe(page, queue, 'auto');
  await sendFromComposer(page, { destination: queue, body: bodies[0], contentType: 'application/json', headers: [['x-trace', 'export-me']] });
  await sendFromComposer(page, { destination: queue, body: bodies[1], contentType: 'text/plain' });
  await expect(messageRows(page)).toHaveCount(2);

  // Export: a download named after the capture; one JSON object a line.
  const label = captureLabel(SANDBOX_PROFILE, queue);
  const file = join(repoRoot, '.tmp', `${unique('e2e-capture')}.ndjson`);
  const download = await exportCapture(page, label, file);
  expect(download.suggestedFilename()).toMatch(/\.ndjson$/);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  for (const line of lines) JSON.parse(line);
  expect(lines.length).toBeGreaterThanOrEqual(2);

  // Import: a new offline tab with the same messages.
  await importCapture(page, file);
  const offlineTab = workspaceTabs(page).getByRole('tab', { selected: true });
  await expect(offlineTab).toContainText('offline');
  await expect(page.getByText('2 messages', { exact: true }).first()).toBeVisible();
  for (const body of bodies) await expect(messageRow(page, body)).toHaveCount(1);

  // The imported message is byte for byte the captured one; nothing to ack offline.
  await openMessage(page, bodies[0]);
  const headers = await inspectorHeaders(page);
  expect(headers.find(([, n]) => n === 'x-trace')?.[2]).toBe('export-me');
  expect(headers.find(([, n]) => n === 'destination')?.[2]).toBe(queue);
  await expect(framingLine(page)).toContainText(`${Buffer.byteLength(bodies[0])} bytes`);
  await expect(framingLine(page)).toContainText('application/json');
  await expect(messageActions(page).getByRole('button', { name: 'Ack', exact: true })).toBeDisabled();
  await page.screenshot({ path: '.tmp/e2e-offline-capture.png' });

  await page.getByRole('button', { name: 'Close tab', exact: true }).click();
});
