/**
 * The proxy in the host, through the contract as the UI drives it: a definition forwarding to the
 * sandbox profile, started, watched in its log (frames both ways, passcodes masked), a frame held
 * and edited, a fault, a recording saved, re-opened offline and replayed; and the errors a UI
 * can run into, each with its code and field.
 */
import { createServer } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StompClient } from '../../src-core/client';
import { apiError, startHostKit, waitFor, type HostKit } from './host-kit';

let kit: HostKit;
let profileId: string;

beforeAll(async () => {
  kit = await startHostKit();
  const { profile } = await kit.call('profiles.create', { profile: { name: 'Sandbox upstream', uri: 'sandbox:', login: 'upstream-user', passcode: 'upstream-secret' } });
  profileId = profile.id;
});

afterAll(async () => {
  await kit?.close();
});

async function clientThrough(port: number): Promise<StompClient> {
  const client = new StompClient({ uri: `tcp://127.0.0.1:${port}`, login: 'producer', passcode: 'producer-pw', reconnect: false, receiptTimeout: 3000 });
  await client.connect();
  return client;
}

describe('proxy service', () => {
  it('runs a proxy to a profile: log pages both ways, a frame in the inspector, passcodes masked, connections listed', async () => {
    const { proxy } = await kit.call('proxy.create', { proxy: { name: 'to sandbox', listenPort: 0, upstreamProfileId: profileId } });
    expect(proxy).toMatchObject({ state: 'stopped', definition: { listenHost: '127.0.0.1', allowRemote: false, record: false } });
    const started = (await kit.call('proxy.start', { id: proxy.definition.id })).proxy;
    expect(started.state).toBe('running');
    expect(started.upstream).toMatch(/^Sandbox upstream \(tcp:\/\/127\.0\.0\.1:\d+\)$/);
    const client = await clientThrough(started.address!.port);
    await client.send('/queue/proxied', Uint8Array.of(1, 0, 2), { receipt: true });
    const batch = await kit.nextEvent('proxy.log', (p) => p.log.id === started.logId && p.entries.some((e) => e.command === 'RECEIPT'));
    expect(batch.log.connections[0]).toMatchObject({ id: 1, state: 'open', version: '1.2' });
    const { entries } = await kit.call('proxy.log', { logId: started.logId!, offset: 0, limit: 100 });
    expect(entries.filter((e) => e.kind === 'frame').map((e) => `${e.direction} ${e.command}`)).toEqual(['client-to-broker CONNECT', 'broker-to-client CONNECTED', 'client-to-broker SEND', 'broker-to-client RECEIPT']);
    const send = entries.find((e) => e.command === 'SEND')!;
    expect(send).toMatchObject({ summary: 'destination:/queue/proxied', framing: 'content-length' });
    expect(send.status).toBeUndefined();
    const { frame } = await kit.call('proxy.frame', { logId: started.logId!, seq: send.seq });
    expect(Buffer.from(frame.bodyBase64!, 'base64')).toEqual(Buffer.from([1, 0, 2]));
    expect(Buffer.from(frame.rawBase64!, 'base64').toString('latin1')).toMatch(/^SEND\ndestination:\/queue\/proxied\n/);
    expect(entries[0]).toMatchObject({ kind: 'open', connection: 1 });
    const connect = (await kit.call('proxy.frame', { logId: started.logId!, seq: entries.find((e) => e.command === 'CONNECT')!.seq })).frame;
    expect(connect.headers).toContainEqual(['passcode', '***********']);
    expect(JSON.stringify(connect)).not.toContain('producer-pw');
    // The client's CONNECT was rewritten with the profile's credentials, masked too.
    expect(connect.status).toBe('rewritten');
    expect(Buffer.from(connect.alteredBase64!, 'base64').toString('latin1')).toContain('login:upstream-user\npasscode:***************\n');
    await client.disconnect();
    await kit.call('proxy.stop', { id: proxy.definition.id });
  });

  it('holds a SEND, edits it, and the broker gets the edit; a fault cuts a connection', async () => {
    const { proxy } = await kit.call('proxy.create', { proxy: { name: 'hold', listenPort: 0, upstreamProfileId: profileId } });
    const id = proxy.definition.id;
    await kit.call('proxy.setRules', { id, rules: [{ id: 'orders', commands: ['SEND'], destination: '/queue/orders*' }] });
    const { proxy: running } = await kit.call('proxy.start', { id });
    const producer = await clientThrough(running.address!.port);
    const consumer = await clientThrough(running.address!.port);
    const bodies: string[] = [];
    await consumer.subscribe('/queue/edited', (m) => void bodies.push(m.text()), { receipt: true });
    const sent = producer.send('/queue/orders.1', 'original', { receipt: true });
    const changed = await kit.nextEvent('proxy.changed', (p) => p.proxy.definition.id === id && p.proxy.held.length === 1);
    const held = changed.proxy.held[0];
    expect(held).toMatchObject({ command: 'SEND', rule: 'orders', direction: 'client-to-broker', bodyBase64: Buffer.from('original').toString('base64') });
    await kit.call('proxy.release', {
      id,
      connection: held.connection,
      frameSeq: held.frameSeq,
      action: 'edit',
      frame: { command: 'SEND', headers: [['destination', '/queue/edited'], ['receipt', held.headers.find(([n]) => n === 'receipt')![1]]], body: { encoding: 'text', text: 'edited' } },
    });
    await sent;
    await waitFor(() => (bodies.length ? bodies : undefined));
    expect(bodies).toEqual(['edited']);
    await waitFor(async () => (await kit.call('proxy.log', { logId: running.logId!, offset: 0, limit: 500 })).entries.find((e) => e.frameSeq === held.frameSeq && e.connection === held.connection && e.status === 'edited'));
    const { proxy: after } = await kit.call('proxy.setRules', { id, rules: [] });
    expect(after.held).toEqual([]);

    await kit.call('proxy.drop', { id, connection: held.connection });
    await waitFor(() => (producer.state === 'disconnected' ? true : undefined));
    expect(await apiError(kit.call('proxy.release', { id, connection: 9, frameSeq: 1, action: 'forward' }))).toMatchObject({ code: 'not-found' });
    await consumer.disconnect();
    await kit.call('proxy.stop', { id });
  });

  it('records a run, re-opens the recording offline and replays it against a profile', async () => {
    const { proxy } = await kit.call('proxy.create', { proxy: { name: 'recorder', listenPort: 0, upstreamProfileId: profileId, record: true } });
    const id = proxy.definition.id;
    const { proxy: running } = await kit.call('proxy.start', { id });
    expect(running.recordingId).toMatch(/^rec-/);
    const client = await clientThrough(running.address!.port);
    for (const body of ['one', 'two']) await client.send('/queue/recorded', body, { receipt: true });
    await client.disconnect();
    await kit.call('proxy.stop', { id });
    const { recordings } = await kit.call('proxy.recordings', {});
    const recording = recordings.find((r) => r.id === running.recordingId)!;
    expect(recording).toMatchObject({ live: false, label: expect.stringContaining('recorder') });
    const file = await readFile(join(kit.dataDir, 'proxy-recordings', `${recording.id}.ndjson`), 'utf8');
    expect(file).not.toContain('upstream-secret');
    expect(file).not.toContain('producer-pw');

    const { log } = await kit.call('proxy.openRecording', { recordingId: recording.id });
    expect(log).toMatchObject({ kind: 'recording', connections: [{ id: 1, state: 'closed' }] });
    const offline = await kit.call('proxy.log', { logId: log.id, offset: 0, limit: 100 });
    expect(offline.entries.filter((e) => e.command === 'SEND').map((e) => e.summary)).toEqual(['destination:/queue/recorded', 'destination:/queue/recorded']);
    const sendSeq = offline.entries.find((e) => e.command === 'SEND')!.seq;
    const detail = (await kit.call('proxy.frame', { logId: log.id, seq: sendSeq })).frame;
    expect(Buffer.from(detail.rawBase64!, 'base64').toString()).toContain('one');

    const secondSend = offline.entries.filter((e) => e.command === 'SEND')[1];
    const replay = await kit.call('proxy.replay', { recordingId: recording.id, profileId, pacing: 'none', edits: [{ connection: 1, frameSeq: secondSend.frameSeq!, action: 'drop' }] });
    expect(replay.log.kind).toBe('replay');
    await waitFor(async () => ((await kit.call('proxy.log', { logId: replay.log.id, offset: 0, limit: 10 })).log.running ? undefined : true), 15_000);
    const replayed = await kit.call('proxy.log', { logId: replay.log.id, offset: 0, limit: 200 });
    expect(replayed.entries.filter((e) => e.kind === 'frame' && e.direction === 'client-to-broker').map((e) => e.command)).toEqual(['CONNECT', 'SEND', 'DISCONNECT']);
    expect(replayed.entries.filter((e) => e.kind === 'frame' && e.direction === 'broker-to-client').map((e) => e.command)).toEqual(['CONNECTED', 'RECEIPT', 'RECEIPT']);

    const exported = await kit.call('proxy.exportRecording', { recordingId: recording.id });
    const imported = await kit.call('proxy.importRecording', { ndjson: exported.ndjson });
    expect(imported.recording.id).not.toBe(recording.id);
    await kit.call('proxy.deleteRecording', { recordingId: imported.recording.id });
    expect((await kit.call('proxy.recordings', {})).recordings.some((r) => r.id === imported.recording.id)).toBe(false);
    await kit.call('proxy.closeLog', { logId: log.id });
    expect(await apiError(kit.call('proxy.log', { logId: log.id, offset: 0, limit: 1 }))).toMatchObject({ code: 'not-found' });
  });

  it('answers what a UI gets wrong with a code and a field', async () => {
    expect(await apiError(kit.call('proxy.create', { proxy: { name: 'x', listenPort: 0, upstreamProfileId: 'no-such-profile' } }))).toMatchObject({ code: 'not-found' });
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const { proxy } = await kit.call('proxy.create', { proxy: { name: 'busy port', listenPort: port, upstreamProfileId: profileId } });
    expect(await apiError(kit.call('proxy.start', { id: proxy.definition.id }))).toMatchObject({ code: 'conflict', details: { field: 'listenPort' } });
    expect((await kit.call('proxy.list', {})).proxies.find((p) => p.definition.id === proxy.definition.id)).toMatchObject({ state: 'failed', error: expect.stringContaining('EADDRINUSE') });
    busy.close();
    const remote = await kit.call('proxy.create', { proxy: { name: 'remote', listenHost: '0.0.0.0', listenPort: 0, upstreamProfileId: profileId } });
    expect(await apiError(kit.call('proxy.start', { id: remote.proxy.definition.id }))).toMatchObject({ code: 'invalid-request', details: { field: 'listenHost' } });
    expect(await apiError(kit.call('proxy.setRules', { id: proxy.definition.id, rules: [{ id: 'r', destination: 're:(' }] }))).toMatchObject({ code: 'invalid-request', message: expect.stringContaining('not a valid regular expression') });
    expect(await apiError(kit.call('proxy.drop', { id: proxy.definition.id }))).toMatchObject({ code: 'not-connected' });
    expect(await apiError(kit.call('proxy.openRecording', { recordingId: 'rec-missing' }))).toMatchObject({ code: 'not-found' });
    expect(await apiError(kit.call('proxy.importRecording', { ndjson: '{"type":"nope"}\n' }))).toMatchObject({ code: 'invalid-request' });
    await kit.call('proxy.delete', { id: remote.proxy.definition.id });
    expect(await apiError(kit.call('proxy.start', { id: remote.proxy.definition.id }))).toMatchObject({ code: 'not-found' });
  });
});
