/**
 * raw.* through a real host, against the sandbox broker (the real brokers' answers are in
 * tests/e2e/raw-composer.spec.ts and tests/brokers/contract-web.test.ts): the verdict under the
 * connection's version, the bytes written exactly, the broker's answer (RECEIPT, ERROR and the
 * close after it, silence for an unfinished frame), a RECEIPT that is not taken for a broker's
 * mistake, refusals, and the saved raw templates on disk.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawRecipeInput } from '../../src-core/api/schemas/raw';
import { RawTemplateStore } from '../../src-main/host/raw/raw-template-store';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let connectionId: string;

const frame = (input: Partial<RawRecipeInput>): RawRecipeInput => ({ command: 'SEND', headers: [['destination', '/queue/raw-host']], body: { kind: 'text', text: 'hi' }, ...input });

beforeAll(async () => {
  kit = await startHostKit();
  ({ connection: { id: connectionId } } = await kit.call('connections.open', { profileId: 'sandbox' }));
});

afterAll(async () => {
  await kit?.close();
});

async function connected() {
  await waitFor(async () => ((await kit.call('connections.list', {})).connections.find((c) => c.id === connectionId)?.state === 'connected' ? true : undefined), 10_000, 'connected');
}

describe('raw frames through the host', () => {
  it('judges by the connection’s negotiated version, or the one chosen without a connection', async () => {
    const live = await kit.call('raw.check', { recipe: frame({}), connectionId });
    expect(live).toMatchObject({ version: '1.2', versionFrom: 'connection' });
    const chosen = await kit.call('raw.check', { recipe: frame({ eol: 'crlf' }), version: '1.1' });
    expect(chosen).toMatchObject({ version: '1.1', versionFrom: 'chosen', strict: { ok: false, error: { rule: 'crlf-not-allowed' } } });
    expect((await apiError(kit.call('raw.check', { recipe: frame({}), connectionId: 'nope' }))).code).toBe('not-found');
    const badHex = await apiError(kit.call('raw.check', { recipe: frame({ body: { kind: 'hex', hex: 'zz' } }) }));
    expect(badHex.code).toBe('invalid-request');
    expect(badHex.details).toMatchObject({ field: 'body' });
  });

  it('sends a good frame exactly and reports its RECEIPT, without a broker.error for it', async () => {
    const recipe = frame({ headers: [['destination', '/queue/raw-host'], ['receipt', 'raw-good-1']] });
    const check = await kit.call('raw.check', { recipe, connectionId });
    const sent = await kit.call('raw.send', { connectionId, recipe, sha256: check.sha256, waitMs: 5000 });
    expect(sent).toMatchObject({ size: check.size, sha256: check.sha256, version: '1.2' });
    expect(sent.answer).toMatchObject({ outcome: 'receipt', receipt: { id: 'raw-good-1' }, connected: true });
    expect(sent.answer.summary).toMatch(/^RECEIPT raw-good-1 after \d+ ms/);
    expect(sent.answer.frames.map((f) => f.command)).toEqual(['RECEIPT']);
    // The RECEIPT answers a frame the client booked: no "receipt answers no frame" error banner.
    await new Promise((r) => setTimeout(r, 100));
    expect(kit.events.filter((e) => e.event === 'broker.error')).toEqual([]);
    // The wire log lists the frame as written.
    const wire = await kit.call('wire.list', { connectionId, offset: 0, limit: 1000 });
    expect(wire.entries.some((e) => e.direction === 'out' && e.command === 'SEND' && e.headers?.some(([n, v]) => n === 'receipt' && v === 'raw-good-1'))).toBe(true);
  });

  it('refuses bytes other than those checked', async () => {
    const check = await kit.call('raw.check', { recipe: frame({}), connectionId });
    const error = await apiError(kit.call('raw.send', { connectionId, recipe: frame({ body: { kind: 'text', text: 'changed' } }), sha256: check.sha256 }));
    expect(error.code).toBe('conflict');
    expect(error.message).toMatch(/not the bytes that were checked/);
  });

  it('reports an ERROR with its message and body, and the close that follows', async () => {
    const sent = await kit.call('raw.send', { connectionId, recipe: frame({ command: 'FOO', headers: [['receipt', 'raw-foo']], body: { kind: 'text', text: '' } }), waitMs: 5000 });
    expect(sent.answer.outcome).toBe('error');
    expect(sent.answer.error?.message).toBeTruthy();
    expect(sent.answer.error?.body.length).toBeGreaterThan(0);
    expect(sent.answer.summary).toMatch(/^ERROR /);
    expect(sent.answer.dropped).toBeDefined();
    expect(sent.answer.summary).toMatch(/then closed the connection/);
    expect(sent.answer.connected).toBe(false);
    await connected();
  });

  it('says the broker is silent for an unfinished frame, within the time allowed', async () => {
    const started = Date.now();
    const sent = await kit.call('raw.send', { connectionId, recipe: frame({ nul: false, framing: 'nul' }), waitMs: 300 });
    expect(sent.answer).toMatchObject({ outcome: 'silent', connected: true });
    expect(sent.answer.summary).toMatch(/unfinished/);
    expect(Date.now() - started).toBeLessThan(5000);
    // Start clean: the sandbox would read what comes next as the rest of that frame.
    await kit.call('connections.reconnect', { connectionId });
    await connected();
  });

  it('refuses to send on a connection that is not connected', async () => {
    const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
    await kit.call('connections.close', { connectionId: connection.id });
    expect((await apiError(kit.call('raw.send', { connectionId: connection.id, recipe: frame({}) }))).code).toBe('not-connected');
    await kit.call('connections.forget', { connectionId: connection.id });
  });
});

describe('saved raw templates', () => {
  it('saves, lists, replaces and deletes, in raw-templates.json, recipes kept exactly (malformed ones too)', async () => {
    const recipe = frame({ escape: false, nul: false, eol: 'crlf', headers: [['x', 'a:b'], ['x', 'dup']], body: { kind: 'hex', hex: '00 ff' } });
    const { template } = await kit.call('raw.saveTemplate', { template: { name: 'broken on purpose', recipe } });
    expect(template.recipe).toEqual({ ...recipe, framing: 'content-length' });
    expect((await kit.call('raw.listTemplates', {})).templates).toEqual([template]);
    const file = JSON.parse(await readFile(join(kit.dataDir, 'raw-templates.json'), 'utf8'));
    expect(file).toEqual({ schemaVersion: 1, templates: [template] });
    const renamed = await kit.call('raw.saveTemplate', { template: { ...template, name: 'renamed' } });
    expect((await kit.call('raw.listTemplates', {})).templates).toEqual([renamed.template]);
    expect((await apiError(kit.call('raw.saveTemplate', { template: { id: 'gone', name: 'x', recipe } }))).code).toBe('not-found');
    await kit.call('raw.deleteTemplate', { id: template.id });
    expect((await kit.call('raw.listTemplates', {})).templates).toEqual([]);
    expect((await apiError(kit.call('raw.deleteTemplate', { id: template.id }))).code).toBe('not-found');
  });

  it('keeps the readable entries of a damaged file and sets the original aside', async () => {
    const dir = kit.dataDir;
    const good = { id: 'a', name: 'good', recipe: { command: 'SEND', headers: [], body: { kind: 'text', text: '' }, framing: 'nul', eol: 'lf', escape: true, nul: true } };
    await writeFile(join(dir, 'raw-templates.json'), JSON.stringify({ schemaVersion: 1, templates: [good, { id: 'b', name: '' }] }));
    const store = await RawTemplateStore.open({ dataDir: dir });
    expect(store.list()).toEqual([good]);
    expect(store.diagnostics[0]).toMatchObject({ kind: 'invalid-entries' });
    expect(store.diagnostics[0].message).toMatch(/raw template 2/);
  });
});
