import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src-core/api';
import { TEMPLATES_FILE, TemplateStore } from '../../src-main/host/templates';
import { tempDataDir } from './secret-test-kit';

let dir: string;
let path: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDataDir());
  path = join(dir, TEMPLATES_FILE);
});
afterEach(() => cleanup());

let ids = 0;
const open = () => TemplateStore.open({ dataDir: dir, newId: () => `t-${++ids}` });

const order = {
  name: 'New order',
  destination: '/queue/orders',
  headers: [
    ['content-type', 'application/json'],
    ['x-dup', 'first'],
    ['x-dup', 'second'],
  ] as [string, string][],
  body: { encoding: 'text' as const, text: '{"id": 1}' },
};

async function apiError(run: () => unknown): Promise<ApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('TemplateStore', () => {
  it('starts empty without writing a file', async () => {
    const store = await open();
    expect(store.list()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('creates, replaces and deletes, through the file', async () => {
    const store = await open();
    const created = await store.save(order);
    expect(created).toEqual({ id: created.id, ...order });
    const binary = await store.save({ name: 'Bytes', destination: '/topic/t', headers: [], body: { encoding: 'base64', base64: 'AAEC/w==' } });

    const reopened = await open();
    expect(reopened.list()).toEqual([created, binary]);

    const replaced = await reopened.save({ ...order, id: created.id, name: 'Renamed' });
    expect(replaced).toEqual({ ...created, name: 'Renamed' });
    expect((await open()).get(created.id).name).toBe('Renamed');

    await reopened.delete(binary.id);
    expect((await open()).list().map((t) => t.id)).toEqual([created.id]);

    const document = JSON.parse(await readFile(path, 'utf8'));
    expect(document).toEqual({ schemaVersion: 1, templates: [replaced] });
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('keeps header order and duplicates', async () => {
    const store = await open();
    const { id } = await store.save(order);
    expect((await open()).get(id).headers).toEqual(order.headers);
  });

  it('answers unknown ids with not-found and bad input with invalid-request', async () => {
    const store = await open();
    expect((await apiError(() => store.save({ ...order, id: 'ghost' }))).code).toBe('not-found');
    expect((await apiError(() => store.delete('ghost'))).code).toBe('not-found');
    const error = await apiError(() => store.save({ ...order, name: '', body: { encoding: 'hex' } as never }));
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(/^template: /);
    expect(error.details).toMatchObject({ issues: expect.arrayContaining([expect.objectContaining({ path: 'name' })]) });
    expect(store.list()).toEqual([]);
  });

  it('serializes concurrent saves', async () => {
    const store = await open();
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.save({ ...order, name: `t${i}` })));
    expect((await open()).list()).toHaveLength(10);
  });

  it('tells listeners about changes', async () => {
    const store = await open();
    const seen: number[] = [];
    store.onChange((templates) => seen.push(templates.length));
    const { id } = await store.save(order);
    await store.delete(id);
    expect(seen).toEqual([1, 0]);
  });

  it('sets a damaged file aside and starts afresh', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path, 'not json at all');
    const store = await open();
    expect(store.list()).toEqual([]);
    expect(store.diagnostics[0]).toMatchObject({ kind: 'invalid-json', level: 'warning' });
    expect(await readFile(store.diagnostics[0].keptAt!, 'utf8')).toBe('not json at all');
  });

  it('keeps the good templates of a partly damaged file', async () => {
    const store = await open();
    const good = await store.save(order);
    const document = JSON.parse(await readFile(path, 'utf8'));
    document.templates.push({ id: 'bad', name: 'no body', destination: '/q', headers: [] });
    await writeFile(path, JSON.stringify(document));
    const reopened = await open();
    expect(reopened.list()).toEqual([good]);
    expect(reopened.diagnostics[0].kind).toBe('invalid-entries');
    expect(reopened.diagnostics[0].message).toContain('template 2: body');
  });

  it('leaves a file from a newer version alone', async () => {
    await mkdir(dir, { recursive: true });
    await writeFile(path, '{"schemaVersion": 2, "templates": []}');
    expect((await apiError(() => open())).code).toBe('unsupported');
  });
});
