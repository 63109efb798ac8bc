/**
 * The File menu's import and export, with the operating system's own dialogs: the main process
 * picks the file, reads or writes it, and asks the host through the same validated contract the
 * renderer uses. The renderer learns of the result through the host's events
 * (profiles.changed, captures.changed); a message box tells the user what happened.
 */
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import { ApiError, LIMITS, validateRequest, type MethodName, type MethodParams, type MethodResult } from '../../src-core/api';
import type { Host } from '../host/host-api';

export interface DialogDeps {
  readonly dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;
  readonly host: Host;
  getWindow(): BrowserWindow | undefined;
  readonly fs?: {
    readFile(path: string, encoding: 'utf8'): Promise<string>;
    writeFile(path: string, data: string, options: { encoding: 'utf8'; mode: number }): Promise<void>;
    appendFile(path: string, data: string, options: { encoding: 'utf8' }): Promise<void>;
    size(path: string): Promise<number>;
  };
}

const nodeFs: NonNullable<DialogDeps['fs']> = {
  readFile: (path, encoding) => readFile(path, encoding),
  writeFile: (path, data, options) => writeFile(path, data, options),
  appendFile: (path, data, options) => appendFile(path, data, options),
  size: async (path) => (await stat(path)).size,
};

/** A host call from the main process: validated like any request from the renderer. */
export async function callHost<M extends MethodName>(host: Host, method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
  const request = validateRequest({ kind: 'request', id: 0, method, params });
  return (await host.handle(request)) as MethodResult<M>;
}

const JSON_FILTERS = [
  { name: 'STOMP Explorer profiles', extensions: ['json'] },
  { name: 'All files', extensions: ['*'] },
];
const NDJSON_FILTERS = [
  { name: 'STOMP Explorer captures (NDJSON)', extensions: ['ndjson', 'jsonl'] },
  { name: 'All files', extensions: ['*'] },
];
/** Files the app writes are the user's alone: they may hold message bodies. */
const PRIVATE_FILE_MODE = 0o600;

export async function importProfiles(deps: DialogDeps): Promise<void> {
  await guarded(deps, 'Importing profiles failed', async () => {
    const path = await pickFile(deps, 'Import profiles', JSON_FILTERS);
    if (path === undefined) return;
    const json = await readLimited(deps, path, LIMITS.text);
    const { profiles } = await callHost(deps.host, 'profiles.import', { json });
    await info(deps, `Imported ${plural(profiles.length, 'profile')}`, `From ${path}. Passcodes are never exported; enter them again where needed.`);
  });
}

export async function exportProfiles(deps: DialogDeps): Promise<void> {
  await guarded(deps, 'Exporting profiles failed', async () => {
    const { json } = await callHost(deps.host, 'profiles.export', {});
    const path = await pickSavePath(deps, 'Export profiles', 'stomp-explorer-profiles.json', JSON_FILTERS);
    if (path === undefined) return;
    await (deps.fs ?? nodeFs).writeFile(path, json, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
    await info(deps, 'Profiles exported', `To ${path}, without passcodes.`);
  });
}

export async function importCapture(deps: DialogDeps): Promise<void> {
  await guarded(deps, 'Importing a capture failed', async () => {
    const path = await pickFile(deps, 'Import capture', NDJSON_FILTERS);
    if (path === undefined) return;
    const ndjson = await readLimited(deps, path, LIMITS.importBytes);
    const label = basename(path).slice(0, LIMITS.name);
    const { capture } = await callHost(deps.host, 'captures.import', { ndjson, label });
    await info(deps, `Imported ${plural(capture.count, 'message')}`, `From ${path}, as the offline capture "${capture.label}".`);
  });
}

/** Exports one capture; with several, a message box asks which (the ten largest are offered). */
export async function exportCapture(deps: DialogDeps): Promise<void> {
  await guarded(deps, 'Exporting a capture failed', async () => {
    const { captures } = await callHost(deps.host, 'captures.list', {});
    if (captures.length === 0) {
      await info(deps, 'No captures yet', 'Subscribe to a destination or import a capture first.');
      return;
    }
    let chosen = captures[0]!;
    if (captures.length > 1) {
      const offered = [...captures].sort((a, b) => b.count - a.count).slice(0, 10);
      const buttons = [...offered.map((c) => `${c.label} (${plural(c.count, 'message')})`), 'Cancel'];
      const answer = await messageBox(deps, {
        type: 'question',
        title: 'Export capture',
        message: 'Which capture do you want to export?',
        detail: captures.length > offered.length ? `The ${offered.length} largest of ${captures.length} captures are shown.` : undefined,
        buttons,
        cancelId: buttons.length - 1,
        noLink: true,
      });
      if (answer.response >= offered.length) return;
      chosen = offered[answer.response]!;
    }
    const path = await pickSavePath(deps, 'Export capture', `${safeFileName(chosen.label)}.ndjson`, NDJSON_FILTERS);
    if (path === undefined) return;
    // Page by page into the file: an export of any size, never one string in memory (issue 15).
    const fs = deps.fs ?? nodeFs;
    let cursor: string | undefined;
    for (let first = true; ; first = false) {
      const page = await callHost(deps.host, 'captures.exportPage', cursor ? { captureId: chosen.id, cursor } : { captureId: chosen.id });
      if (first) await fs.writeFile(path, page.ndjson, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
      else await fs.appendFile(path, page.ndjson, { encoding: 'utf8' });
      if (page.done || !page.next) break;
      cursor = page.next;
    }
    await info(deps, `Exported ${plural(chosen.count, 'message')}`, `To ${path}.`);
  });
}

async function pickFile(deps: DialogDeps, title: string, filters: { name: string; extensions: string[] }[]): Promise<string | undefined> {
  const options = { title, filters, properties: ['openFile' as const] };
  const window = liveWindow(deps);
  const result = window ? await deps.dialog.showOpenDialog(window, options) : await deps.dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

async function pickSavePath(deps: DialogDeps, title: string, defaultPath: string, filters: { name: string; extensions: string[] }[]): Promise<string | undefined> {
  const options = { title, defaultPath, filters, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
  const window = liveWindow(deps);
  const result = window ? await deps.dialog.showSaveDialog(window, options) : await deps.dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? undefined : result.filePath;
}

async function readLimited(deps: DialogDeps, path: string, limit: number): Promise<string> {
  const fs = deps.fs ?? nodeFs;
  const size = await fs.size(path);
  if (size > limit) throw new ApiError('too-large', `${path} is ${formatBytes(size)}; at most ${formatBytes(limit)} can be imported`);
  return fs.readFile(path, 'utf8');
}

async function guarded(deps: DialogDeps, title: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof ApiError ? error.message : (error as Error)?.message ?? String(error);
    await messageBox(deps, { type: 'error', title, message: title, detail: message, buttons: ['OK'] });
  }
}

function info(deps: DialogDeps, message: string, detail: string): Promise<unknown> {
  return messageBox(deps, { type: 'info', title: 'STOMP Explorer', message, detail, buttons: ['OK'] });
}

function messageBox(deps: DialogDeps, options: MessageBoxOptions): Promise<{ response: number }> {
  const window = liveWindow(deps);
  return window ? deps.dialog.showMessageBox(window, options) : deps.dialog.showMessageBox(options);
}

function liveWindow(deps: DialogDeps): BrowserWindow | undefined {
  const window = deps.getWindow();
  return window !== undefined && !window.isDestroyed() ? window : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function safeFileName(label: string): string {
  const cleaned = label.replace(/[^A-Za-z0-9._ -]+/g, '-').replace(/^[.\s-]+/, '').trim().slice(0, 80);
  return cleaned || 'capture';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
