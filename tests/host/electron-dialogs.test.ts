/**
 * The File menu's import and export: native dialogs pick the file, the main process reads or
 * writes it and asks the host through the validated contract; failures become an error box.
 */
import type { BrowserWindow, Dialog } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, LIMITS, type ValidRequest } from '../../src-core/api';
import { callHost, exportCapture, exportProfiles, importCapture, importProfiles, type DialogDeps } from '../../src-main/electron/dialogs';
import type { Host } from '../../src-main/host/host-api';

const capture = (id: string, label: string, count: number) => ({ id, label, count, offline: false, bytesInMemory: 0, bytesOnDisk: 0 });

function setup(options: { open?: string; save?: string; captures?: ReturnType<typeof capture>[]; choose?: number; size?: number; fail?: string } = {}) {
  const calls: ValidRequest[] = [];
  const host: Host = {
    mode: 'electron',
    async handle(request) {
      calls.push(request);
      if (options.fail === request.method) throw new ApiError('invalid-request', 'line 3 is not a captured message');
      switch (request.method) {
        case 'profiles.import':
          return { profiles: [{ id: 'a' }, { id: 'b' }] };
        case 'profiles.export':
          return { json: '{"profiles":[]}' };
        case 'captures.import':
          return { capture: capture('c9', 'orders.ndjson', 12) };
        case 'captures.list':
          return { captures: options.captures ?? [] };
        case 'captures.export':
          return { ndjson: '{"seq":0}\n' };
        case 'captures.exportPage': {
          // Two pages: the file is written, then appended to.
          const cursor = (request.params as { cursor?: string }).cursor;
          return cursor ? { ndjson: '{"seq":1}\n', done: true, messages: 1, total: 2 } : { ndjson: '{"type":"h"}\n{"seq":0}\n', next: 'x1.0.0.2.1', done: false, messages: 1, total: 2 };
        }
        default:
          throw new Error(`unexpected ${request.method}`);
      }
    },
    onEvent: () => () => undefined,
    async dispose() {},
  };
  const dialog = {
    showOpenDialog: vi.fn(async () => (options.open ? { canceled: false, filePaths: [options.open] } : { canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn(async () => (options.save ? { canceled: false, filePath: options.save } : { canceled: true, filePath: '' })),
    showMessageBox: vi.fn(async () => ({ response: options.choose ?? 0, checkboxChecked: false })),
  };
  const files = new Map<string, string>([
    ['/in/profiles.json', '{"profiles":[]}'],
    ['/in/orders.ndjson', '{"seq":0}\n'],
  ]);
  const written: [string, string, { mode: number }][] = [];
  const fs = {
    readFile: vi.fn(async (path: string) => files.get(path) ?? ''),
    writeFile: vi.fn(async (path: string, data: string, o: { encoding: 'utf8'; mode: number }) => void written.push([path, data, o])),
    appendFile: vi.fn(async (path: string, data: string) => {
      const last = written.findLast(([p]) => p === path);
      if (last) last[1] += data;
    }),
    size: vi.fn(async () => options.size ?? 10),
  };
  const window = { isDestroyed: () => false } as unknown as BrowserWindow;
  const deps: DialogDeps = { dialog: dialog as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>, host, getWindow: () => window, fs };
  const boxes = () => dialog.showMessageBox.mock.calls.map((c) => (c as unknown[])[1] as { type: string; message: string; detail?: string; buttons: string[] });
  return { deps, calls, dialog, fs, written, boxes, window };
}

describe('File menu imports and exports', () => {
  it('imports profiles from the chosen file through profiles.import', async () => {
    const t = setup({ open: '/in/profiles.json' });
    await importProfiles(t.deps);
    expect(t.dialog.showOpenDialog).toHaveBeenCalledWith(t.window, expect.objectContaining({ properties: ['openFile'] }));
    expect(t.calls.map((c) => [c.method, c.params])).toEqual([['profiles.import', { json: '{"profiles":[]}' }]]);
    expect(t.boxes()[0]).toMatchObject({ type: 'info', message: 'Imported 2 profiles' });
  });

  it('does nothing when the dialog is cancelled', async () => {
    const t = setup();
    await importProfiles(t.deps);
    await importCapture(t.deps);
    expect(t.calls).toEqual([]);
    expect(t.boxes()).toEqual([]);
  });

  it('refuses a file over the limit before reading it', async () => {
    const t = setup({ open: '/in/profiles.json', size: LIMITS.text + 1 });
    await importProfiles(t.deps);
    expect(t.fs.readFile).not.toHaveBeenCalled();
    expect(t.calls).toEqual([]);
    expect(t.boxes()[0]).toMatchObject({ type: 'error', message: 'Importing profiles failed' });
    expect(t.boxes()[0]!.detail).toMatch(/at most 1\.0 MiB/);
  });

  it('exports profiles to the chosen file, readable by the user only', async () => {
    const t = setup({ save: '/out/p.json' });
    await exportProfiles(t.deps);
    expect(t.calls.map((c) => c.method)).toEqual(['profiles.export']);
    expect(t.written).toEqual([['/out/p.json', '{"profiles":[]}', { encoding: 'utf8', mode: 0o600 }]]);
  });

  it('imports a capture, labelled with the file name', async () => {
    const t = setup({ open: '/in/orders.ndjson' });
    await importCapture(t.deps);
    expect(t.calls.map((c) => [c.method, c.params])).toEqual([['captures.import', { ndjson: '{"seq":0}\n', label: 'orders.ndjson' }]]);
    expect(t.boxes()[0]).toMatchObject({ type: 'info', message: 'Imported 12 messages' });
  });

  it("shows the host's error when an import is refused", async () => {
    const t = setup({ open: '/in/orders.ndjson', fail: 'captures.import' });
    await importCapture(t.deps);
    expect(t.boxes()[0]).toMatchObject({ type: 'error', detail: 'line 3 is not a captured message' });
  });

  it('exports the only capture straight away, or asks which one when there are several', async () => {
    const one = setup({ save: '/out/c.ndjson', captures: [capture('c1', '/queue/a', 3)] });
    await exportCapture(one.deps);
    // Page by page into the chosen file (issue 15: no whole export in memory).
    expect(one.calls.map((c) => [c.method, c.params])).toEqual([
      ['captures.list', {}],
      ['captures.exportPage', { captureId: 'c1', maxBytes: 4 * 1024 * 1024 }],
      ['captures.exportPage', { captureId: 'c1', cursor: 'x1.0.0.2.1', maxBytes: 4 * 1024 * 1024 }],
    ]);
    expect(one.dialog.showSaveDialog).toHaveBeenCalledWith(one.window, expect.objectContaining({ defaultPath: 'queue-a.ndjson' }));
    expect(one.written).toEqual([['/out/c.ndjson', '{"type":"h"}\n{"seq":0}\n{"seq":1}\n', { encoding: 'utf8', mode: 0o600 }]]);

    const several = setup({ save: '/out/c.ndjson', captures: [capture('c1', 'small', 1), capture('c2', 'big', 50)], choose: 0 });
    await exportCapture(several.deps);
    expect(several.boxes()[0]!.buttons).toEqual(['big (50 messages)', 'small (1 message)', 'Cancel']);
    expect(several.calls.at(-1)!.params).toMatchObject({ captureId: 'c2' });

    const cancelled = setup({ save: '/out/c.ndjson', captures: [capture('c1', 'a', 1), capture('c2', 'b', 2)], choose: 2 });
    await exportCapture(cancelled.deps);
    expect(cancelled.calls.map((c) => c.method)).toEqual(['captures.list']);
  });

  it('says so when there is no capture to export', async () => {
    const t = setup({ captures: [] });
    await exportCapture(t.deps);
    expect(t.boxes()[0]).toMatchObject({ type: 'info', message: 'No captures yet' });
  });

  it('validates its own host calls like any request', async () => {
    const t = setup();
    await expect(callHost(t.deps.host, 'captures.export', { captureId: '' })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(t.calls).toEqual([]);
  });
});
