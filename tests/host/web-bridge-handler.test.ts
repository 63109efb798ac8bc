/**
 * The handler both adapters share: size limit, JSON, contract validation, the app.hello version
 * check, and typed errors for everything the host throws. Invalid input never reaches the host.
 */
import { describe, expect, it, vi } from 'vitest';
import { API_VERSION, ApiError, type EventEnvelope, type ValidRequest } from '../../src-core/api';
import { encodeResponse, handleRawRequest, peekRequestId, UNKNOWN_REQUEST_ID } from '../../src-main/bridge-handler';
import type { Host, HostEventListener } from '../../src-main/host/host-api';

function fakeHost() {
  const calls: ValidRequest[] = [];
  const listeners = new Set<HostEventListener>();
  const host: Host = {
    mode: 'web',
    async handle(request) {
      calls.push(request);
      switch (request.method) {
        case 'profiles.list':
          return { profiles: [] };
        case 'profiles.delete':
          throw new ApiError('not-found', 'no profile "p1"', { id: 'p1' });
        case 'templates.list':
          throw new Error('EACCES: /home/someone/.config/secret');
        default:
          return { ok: true };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {},
  };
  return { host, calls, emit: (e: EventEnvelope) => listeners.forEach((l) => l(e)) };
}

const req = (id: number, method: string, params: unknown = {}) => JSON.stringify({ kind: 'request', id, method, params });

describe('handleRawRequest', () => {
  it('runs a valid request on the host and answers under its id (text or parsed)', async () => {
    const { host, calls } = fakeHost();
    expect(await handleRawRequest(host, req(7, 'profiles.list'))).toEqual({ kind: 'response', id: 7, ok: true, result: { profiles: [] } });
    expect(await handleRawRequest(host, { kind: 'request', id: 8, method: 'profiles.list', params: {} })).toMatchObject({ id: 8, ok: true });
    expect(calls.map((c) => [c.id, c.method])).toEqual([
      [7, 'profiles.list'],
      [8, 'profiles.list'],
    ]);
  });

  it('passes validated params with defaults filled in', async () => {
    const { host, calls } = fakeHost();
    await handleRawRequest(host, req(1, 'subscriptions.add', { connectionId: 'c1', destination: '/queue/a' }));
    expect(calls[0]!.params).toEqual({ connectionId: 'c1', destination: '/queue/a', ack: 'client-individual', headers: [], browse: false });
  });

  it('answers bad JSON with invalid-request and never calls the host', async () => {
    const { host, calls } = fakeHost();
    const response = await handleRawRequest(host, '{"kind":"request","id":3,');
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(response.id).toBe(3); // read from the text's start
    expect(await handleRawRequest(host, 'nonsense')).toMatchObject({ id: UNKNOWN_REQUEST_ID, ok: false, error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });

  it('refuses an oversized message unparsed, under its id', async () => {
    const { host, calls } = fakeHost();
    const log = vi.fn();
    const text = req(11, 'captures.import', { ndjson: 'x'.repeat(5000) });
    const response = await handleRawRequest(host, text, { maxBytes: 1000, log });
    expect(response).toMatchObject({ id: 11, ok: false, error: { code: 'too-large', details: { limit: 1000 } } });
    expect(calls).toEqual([]);
    // Multi-byte text is measured in bytes, not characters.
    const wide = req(12, 'captures.import', { ndjson: 'é'.repeat(600) });
    expect(wide.length).toBeLessThan(1000);
    expect(await handleRawRequest(host, wide, { maxBytes: 1000 })).toMatchObject({ id: 12, error: { code: 'too-large' } });
  });

  it('answers an invalid envelope or params with invalid-request (with issues) and an unknown method with unknown-method', async () => {
    const { host, calls } = fakeHost();
    expect(await handleRawRequest(host, JSON.stringify({ kind: 'request', id: -5, method: 'profiles.list' }))).toMatchObject({
      id: UNKNOWN_REQUEST_ID,
      error: { code: 'invalid-request' },
    });
    const bad = await handleRawRequest(host, req(4, 'profiles.create', { profile: { name: '', uri: 'tcp://x:1' } }));
    expect(bad).toMatchObject({ id: 4, ok: false, error: { code: 'invalid-request' } });
    expect(JSON.stringify(bad)).toContain('issues');
    expect(await handleRawRequest(host, req(5, 'system.exec', { cmd: 'rm' }))).toMatchObject({ id: 5, error: { code: 'unknown-method' } });
    expect(await handleRawRequest(host, req(6, 'profiles.list', { extra: true }))).toMatchObject({ id: 6, error: { code: 'invalid-request' } });
    expect(await handleRawRequest(host, '[1,2]')).toMatchObject({ error: { code: 'invalid-request' } });
    expect(await handleRawRequest(host, new Uint8Array([123, 125]))).toMatchObject({ error: { code: 'invalid-request' } });
    expect(calls).toEqual([]);
  });

  it("passes the host's ApiError through and hides anything else behind internal", async () => {
    const { host } = fakeHost();
    expect(await handleRawRequest(host, req(1, 'profiles.delete', { id: 'p1' }))).toEqual({
      kind: 'response',
      id: 1,
      ok: false,
      error: { code: 'not-found', message: 'no profile "p1"', details: { id: 'p1' } },
    });
    const log = vi.fn();
    const internal = await handleRawRequest(host, req(2, 'templates.list'), { log });
    expect(internal).toMatchObject({ id: 2, ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(internal)).not.toContain('secret');
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0]![1])).toContain('EACCES');
  });

  it('answers app.hello itself: mode and version when the versions agree', async () => {
    const { host, calls } = fakeHost();
    expect(await handleRawRequest(host, req(1, 'app.hello', { apiVersion: API_VERSION }), { hostVersion: '9.9.9' })).toEqual({
      kind: 'response',
      id: 1,
      ok: true,
      result: { apiVersion: API_VERSION, mode: 'web', hostVersion: '9.9.9' },
    });
    expect(calls).toEqual([]);
  });

  it('refuses app.hello from another API version with version-mismatch naming both versions', async () => {
    const { host, calls } = fakeHost();
    const response = await handleRawRequest(host, req(1, 'app.hello', { apiVersion: API_VERSION + 1 }));
    expect(response).toMatchObject({ ok: false, error: { code: 'version-mismatch', details: { rendererApiVersion: API_VERSION + 1, hostApiVersion: API_VERSION } } });
    if (response.ok) throw new Error('unreachable');
    expect(response.error.message).toContain(`API version ${API_VERSION + 1}`);
    expect(response.error.message).toContain(`API version ${API_VERSION}`);
    expect(calls).toEqual([]);
  });
});

describe('peekRequestId and encodeResponse', () => {
  it('reads the id only from a well-formed start', () => {
    expect(peekRequestId('{"kind":"request","id":42,"method":"x"')).toBe(42);
    expect(peekRequestId(' { "kind" : "request" , "id" : 0 }')).toBe(0);
    expect(peekRequestId('{"method":"x","kind":"request","id":42}')).toBe(UNKNOWN_REQUEST_ID);
    expect(peekRequestId('{"kind":"request","id":99999999999999999}')).toBe(UNKNOWN_REQUEST_ID);
  });

  it('turns an unserialisable result into an internal error under the same id', () => {
    const log = vi.fn();
    const text = encodeResponse({ kind: 'response', id: 3, ok: true, result: { big: 1n } }, log);
    expect(JSON.parse(text)).toMatchObject({ kind: 'response', id: 3, ok: false, error: { code: 'internal' } });
    expect(log).toHaveBeenCalledOnce();
  });
});
