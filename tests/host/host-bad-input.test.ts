/**
 * Every request type with bad input — wrong types, missing fields, unknown ids, oversized values —
 * answers a typed error and changes nothing (the profiles file on disk is compared byte for byte).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS, type MethodName } from '../../src-core/api';
import { apiError, startHostKit, type HostKit } from './host-kit';

let kit: HostKit;
let connectionId: string;
let captureId: string;

beforeAll(async () => {
  kit = await startHostKit();
  await kit.call('profiles.create', { profile: { name: 'Keep me', uri: 'tcp://127.0.0.1:61613', passcode: 'secret-pass' } });
  const { connection } = await kit.call('connections.open', { profileId: 'sandbox' });
  connectionId = connection.id;
  const { subscription } = await kit.call('subscriptions.add', { connectionId, destination: '/queue/bad-input' });
  captureId = subscription.captureId;
});

afterAll(async () => {
  await kit?.close();
});

const HUGE = 'x'.repeat(5 * 1024 * 1024);

/** For each method: params that must be refused by validation (wrong types, missing, oversized). */
const INVALID: Record<MethodName, unknown[]> = {
  'app.hello': [{}, { apiVersion: 'one' }],
  'profiles.list': [{ extra: 1 }],
  'profiles.create': [{}, { profile: { name: '', uri: 'tcp://h:1' } }, { profile: { name: 'x', uri: 42 } }, { profile: { name: 'x', uri: HUGE } }, { profile: { name: 'x', uri: 'tcp://h:1', color: 'red' } }],
  'profiles.update': [{ id: 'x' }, { id: 3, patch: {} }, { id: 'x', patch: { heartBeat: [-1, 0] } }],
  'profiles.duplicate': [{}, { id: '' }],
  'profiles.delete': [{ id: null }],
  'profiles.export': [{ ids: 'all' }],
  'profiles.import': [{}, { json: HUGE + HUGE }, { json: '[]', actions: ['merge'] }],
  'profiles.importPreview': [{}, { json: 5 }],
  'profiles.checkUri': [{ uri: 7 }],
  'connections.list': [{ nope: true }],
  'connections.open': [{}, { profileId: 12 }, { profileId: 'p', wait: 'forever' }],
  'connections.close': [{}],
  'connections.reconnect': [{ connectionId: {} }],
  'connections.forget': [{ connectionId: 'x'.repeat(500) }],
  'subscriptions.add': [{ connectionId: 'c1' }, { connectionId: 'c1', destination: '' }, { connectionId: 'c1', destination: '/q', ack: 'sometimes' }, { connectionId: 'c1', destination: '/q', headers: [['a']] }],
  'subscriptions.remove': [{ connectionId: 'c1' }],
  'subscriptions.ackAll': [{ connectionId: 'c1' }, { subscriptionId: 's' }],
  'subscriptions.pause': [{ connectionId: 'c1' }],
  'subscriptions.resume': [{ subscriptionId: 7 }],
  'captures.list': [{ a: 1 }],
  'captures.export': [{}],
  'captures.exportPage': [{}, { captureId: 'x', maxBytes: 1 }, { captureId: 'x', cursor: 5 }],
  'captures.import': [{ ndjson: 5 }],
  'captures.clear': [{ captureId: 5 }],
  'captures.setLimit': [{ memoryBytes: 10 }, { memoryBytes: 'lots' }],
  'messages.list': [{ captureId: 'x', limit: 0 }, { captureId: 'x', offset: -1 }, { captureId: 'x', limit: 1e9 }],
  'messages.get': [{ captureId: 'x' }, { captureId: 'x', seq: 1.5 }, { captureId: 'x', seq: 0, bodyLimit: -1 }],
  'messages.bodyPage': [{ captureId: 'x', seq: 0 }, { captureId: 'x', seq: 0, offset: 0, length: 0 }, { captureId: 'x', seq: 0, offset: -1, length: 10 }, { captureId: 'x', seq: 0, offset: 0, length: 1e9 }],
  'messages.ack': [{ captureId: 'x', seq: -1 }],
  'messages.nack': [{ seq: 0 }],
  'messages.ackPreview': [{ captureId: 'x', seq: 'first' }],
  'messages.send': [{ connectionId: 'c1' }, { connectionId: 'c1', destination: '/q', copies: 0 }, { connectionId: 'c1', destination: '/q', body: { encoding: 'hex', hex: '00' } }, { connectionId: 'c1', destination: '/q', headers: [['a', HUGE]] }],
  'messages.replay': [{ connectionId: 'c1', source: { captureId: 'x', seq: 0 }, mode: 'sideways' }, { connectionId: 'c1', source: { captureId: 'x', seq: 0 }, mode: 'raw', operationId: '' }],
  'messages.replayPreview': [{ source: { captureId: 'x', seq: 0 }, mode: 'as-captured' }, { source: { captureId: 'x' }, mode: 'raw' }],
  'messages.cancel': [{}, { operationId: 'x'.repeat(500) }],
  'messages.resubmit': [{ captureId: 'x', seqs: [], to: '/q' }, { captureId: 'x', seqs: [0], to: '' }],
  'transactions.begin': [{}],
  'transactions.commit': [{ connectionId: 'c1' }],
  'transactions.abort': [{ connectionId: 'c1', transactionId: 1 }],
  'transactions.list': [{}],
  'templates.list': [{ x: 1 }],
  'templates.save': [{ template: { name: '' } }],
  'templates.delete': [{}],
  'wire.list': [{ connectionId: 'c1', limit: -5 }, { connectionId: 'c1', filter: { commands: 'SEND' } }],
  'wire.frameBytes': [{ connectionId: 'c1' }, { connectionId: 'c1', seq: -1 }],
  'wire.exportPage': [{ connectionId: 'c1', offset: 0, limit: 0 }],
  'wire.heartbeats': [{ connectionId: 'c1', sinceMs: 5 }],
  'wire.watch': [{}, { connectionId: 7 }],
  'receipts.list': [{ connectionId: 9 }],
  'schemas.list': [{}, { profileId: 5 }],
  'schemas.save': [{ profileId: 'p' }, { profileId: 'p', file: { name: 'a/b.proto', text: '' } }, { profileId: 'p', file: { name: 'a.proto', text: HUGE } }],
  'schemas.delete': [{ profileId: 'p' }],
  'schemas.setMappings': [{ profileId: 'p', mappings: [{ destination: '', codec: 'protobuf' }] }, { profileId: 'p', mappings: [{ destination: '/q', codec: 'xml' }] }],
  'bodies.decode': [{ captureId: 'c' }, { captureId: 'c', seq: -1 }, { captureId: 'c', seq: 0, codec: 'xml' }],
  'bodies.encode': [{ profileId: 'p', codec: 'protobuf' }, { profileId: 'p', codec: 'json', json: '{}' }],
  'scripts.check': [{ kind: 'filter' }, { kind: 'filter', source: '' }, { kind: 'macro', source: 'true' }],
  'scripts.preview': [{ source: 'x' }, { source: 'x', destination: '/q', count: 1000 }],
  'scripts.send': [{ connectionId: 'c', destination: '/q', source: 'x' }, { connectionId: 'c', destination: '/q', source: 'x', count: 0 }],
  'load.start': [{ profileId: 'p', destination: '/q', rate: -1, durationS: 1 }, { profileId: 'p', destination: '/q', rate: 10, durationS: 0 }, { profileId: 'p', destination: '/q', rate: 10, durationS: 1, connections: 1000 }],
  'load.stop': [{}],
  'load.list': [{ x: 1 }],
  'stats.get': [{}, { connectionId: 5 }],
  'stats.series': [{ connectionId: 'c1' }, { connectionId: 'c1', destination: '' }],
  'stats.reset': [{ connectionId: '' }],
  'stats.exportCsv': [{ connectionId: 'c1' }, { connectionId: 'c1', kind: 'xlsx' }],
  'destinations.brokerInfo': [{}, { connectionId: ['c1'] }],
  'destinations.getSettings': [{ profileId: 1 }],
  'destinations.setSettings': [{ profileId: 'p' }, { profileId: 'p', managementUrl: 'ftp://h/' }, { profileId: 'p', managementUrl: 'http://u:p@h/' }, { profileId: 'p', managementUrl: HUGE }],
  'raw.check': [{}, { recipe: { command: 'SEND', headers: [], body: { kind: 'hex' } } }, { recipe: { command: 'X'.repeat(2000), headers: [], body: { kind: 'text', text: '' } } }, { recipe: { command: 'SEND', headers: [], body: { kind: 'text', text: '' }, framing: 'length' } }],
  'raw.send': [{ connectionId: 'c1' }, { connectionId: 'c1', recipe: { command: 'SEND', headers: [], body: { kind: 'text', text: '' } }, waitMs: 1e9 }, { connectionId: 'c1', recipe: { command: 'SEND', headers: [], body: { kind: 'text', text: '' } }, sha256: 'abc' }],
  'raw.listTemplates': [{ x: 1 }],
  'raw.saveTemplate': [{ template: { name: '' } }, { template: { name: 'x', recipe: { command: 5 } } }],
  'raw.deleteTemplate': [{}],
  'proxy.list': [{ x: 1 }],
  'proxy.create': [{}, { proxy: { name: '', listenPort: 1, upstreamProfileId: 'p' } }, { proxy: { name: 'x', listenPort: 70000, upstreamProfileId: 'p' } }],
  'proxy.update': [{ id: 'x' }, { id: 'x', proxy: { name: 'x', listenPort: -1, upstreamProfileId: 'p' } }],
  'proxy.delete': [{}],
  'proxy.start': [{ id: 3 }],
  'proxy.stop': [{}],
  'proxy.setRules': [{ id: 'x' }, { id: 'x', rules: [{ id: 'r', direction: 'sideways' }] }],
  'proxy.setFaults': [{ id: 'x', faults: { latency: { ms: -5 } } }, { id: 'x', faults: { bandwidth: { bytesPerSecond: 0 } } }],
  'proxy.release': [{ id: 'x', connection: 1, frameSeq: 1, action: 'later' }, { id: 'x', connection: 1, frameSeq: 1, action: 'edit' }],
  'proxy.drop': [{ id: 'x', connection: 'one' }],
  'proxy.corruptNext': [{ id: 'x', direction: 'up' }],
  'proxy.record': [{ id: 'x' }],
  'proxy.log': [{ logId: 'l', limit: 0 }, { logId: 'l', offset: -1 }],
  'proxy.frame': [{ logId: 'l' }],
  'proxy.closeLog': [{}],
  'proxy.recordings': [{ x: 1 }],
  'proxy.openRecording': [{}],
  'proxy.exportRecording': [{ recordingId: '' }],
  'proxy.importRecording': [{}],
  'proxy.deleteRecording': [{}],
  'proxy.replay': [{ recordingId: 'r' }, { recordingId: 'r', profileId: 'p', use: 'both' }],
};

async function snapshot() {
  const profiles = await readFile(join(kit.dataDir, 'profiles.json'), 'utf8');
  const connections = (await kit.call('connections.list', {})).connections.map((c) => ({ id: c.id, state: c.state, subs: c.subscriptions.length }));
  const captures = (await kit.call('captures.list', {})).captures.map((c) => ({ id: c.id, count: c.count }));
  const templates = (await kit.call('templates.list', {})).templates;
  return { profiles, connections, captures, templates };
}

describe('bad input', () => {
  it('covers every method of the contract', () => {
    expect(Object.keys(INVALID).sort()).toEqual(Object.keys(METHODS).sort());
  });

  it('answers invalid params with invalid-request naming the field, and changes nothing', async () => {
    const before = await snapshot();
    for (const [method, cases] of Object.entries(INVALID)) {
      for (const params of cases) {
        const error = await apiError(() => kit.raw(method, params));
        expect(error.code, `${method} ${JSON.stringify(params).slice(0, 80)}`).toBe('invalid-request');
        expect(error.message.startsWith(`${method}:`)).toBe(true);
        expect((error.details as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown methods and malformed envelopes', async () => {
    expect((await apiError(() => kit.raw('profiles.drop', {}))).code).toBe('unknown-method');
    expect((await apiError(() => kit.raw('__proto__', {}))).code).toBe('unknown-method');
    expect((await apiError(() => kit.raw('constructor', {}))).code).toBe('unknown-method');
  });

  it('answers unknown ids with not-found and changes nothing', async () => {
    const before = await snapshot();
    const cases: [MethodName, unknown][] = [
      ['profiles.update', { id: 'nope', patch: { name: 'x' } }],
      ['profiles.duplicate', { id: 'nope' }],
      ['profiles.delete', { id: 'nope' }],
      ['connections.open', { profileId: 'nope' }],
      ['connections.close', { connectionId: 'nope' }],
      ['subscriptions.add', { connectionId: 'nope', destination: '/queue/x' }],
      ['subscriptions.remove', { connectionId, subscriptionId: 'nope' }],
      ['captures.export', { captureId: 'nope' }],
      ['messages.list', { captureId: 'nope' }],
      ['messages.get', { captureId, seq: 999 }],
      ['messages.ack', { captureId: 'nope', seq: 0 }],
      ['messages.send', { connectionId: 'nope', destination: '/queue/x' }],
      ['messages.replay', { connectionId, source: { captureId, seq: 999 }, mode: 'as-captured' }],
      ['transactions.commit', { connectionId, transactionId: 'nope' }],
      ['templates.delete', { id: 'nope' }],
      ['wire.list', { connectionId: 'nope' }],
      ['wire.watch', { connectionId: 'nope' }],
      ['raw.send', { connectionId: 'nope', recipe: { command: 'SEND', headers: [], body: { kind: 'text', text: '' } } }],
      ['raw.deleteTemplate', { id: 'nope' }],
    ];
    for (const [method, params] of cases) {
      const error = await apiError(() => kit.raw(method, params));
      expect(error.code, method).toBe('not-found');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers a bad broker URI with the offending span, and a bad filter with its problem', async () => {
    const error = await apiError(kit.call('profiles.checkUri', { uri: 'failover:(tcp://a:61613,tcp://b:99999)' }));
    expect(error.code).toBe('invalid-request');
    const details = error.details as { offset: number; length: number };
    expect('failover:(tcp://a:61613,tcp://b:99999)'.slice(details.offset, details.offset + details.length)).toBe('99999');
    const filter = await apiError(kit.call('messages.list', { captureId, filter: 're:(' }));
    expect(filter.code).toBe('invalid-request');
  });

  it('refuses to delete the built-in sandbox profile', async () => {
    expect((await apiError(kit.call('profiles.delete', { id: 'sandbox' }))).code).toBe('conflict');
  });

  it('masks the passcode of CONNECT in the wire log', async () => {
    const { profile } = await kit.call('profiles.create', { profile: { name: 'Sandbox with login', uri: 'sandbox:', login: 'me', passcode: 'wire-secret' } });
    const { connection } = await kit.call('connections.open', { profileId: profile.id });
    const wire = await kit.call('wire.list', { connectionId: connection.id, offset: 0, limit: 10 });
    const connect = wire.entries.find((e) => e.command === 'CONNECT')!;
    expect(connect.headers).toContainEqual(['login', 'me']);
    expect(connect.headers).toContainEqual(['passcode', '••••••']);
    expect(JSON.stringify(wire)).not.toContain('wire-secret');
    await kit.call('connections.forget', { connectionId: connection.id });
  });

  it('never writes the passcode in plain text anywhere under the data directory', async () => {
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(kit.dataDir, { recursive: true, withFileTypes: true });
    for (const file of files.filter((f) => f.isFile())) {
      const bytes = await readFile(join(file.parentPath, file.name));
      expect(bytes.includes(Buffer.from('secret-pass')), file.name).toBe(false);
    }
    const { json } = await kit.call('profiles.export', {});
    expect(json.includes('secret-pass')).toBe(false);
  });
});
