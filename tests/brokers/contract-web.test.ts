/**
 * The contract end to end: every request type over the browser-mode WebSocket adapter, against a
 * real host, real RabbitMQ (and ActiveMQ for browsing) and the sandbox. A test at the end checks
 * that every method of the contract was exercised here.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as netConnect } from 'node:net';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION, METHODS, type EventEnvelope, type MethodName, type MethodParams, type MethodResult } from '../../src-core/api';
import { createHost } from '../../src-main/host/create-host';
import type { Host } from '../../src-main/host/host-api';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';
import { brokers } from './brokers';

interface Failure {
  code: string;
  message: string;
  details?: unknown;
}

class WebClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Failure) => void }>();
  readonly events: EventEnvelope[] = [];
  readonly called = new Set<string>();

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.kind === 'event') this.events.push(message);
      else if (message.kind === 'response') {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.result);
        else waiter?.reject(message.error);
      }
    });
  }

  static open(server: WebServer): Promise<WebClient> {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { headers: { Origin: `http://127.0.0.1:${server.port}` } });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WebClient(socket)));
      socket.once('error', reject);
    });
  }

  call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    this.called.add(method);
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ kind: 'request', id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  async fails(method: MethodName, params: unknown): Promise<Failure> {
    try {
      await this.call(method, params as never);
    } catch (error) {
      return error as Failure;
    }
    throw new Error(`${method} was expected to fail`);
  }

  close(): void {
    this.socket.close();
  }
}

let dataDir: string;
let host: Host;
let server: WebServer;
let client: WebClient;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'stomp-explorer-contract-'));
  const rendererDir = join(dataDir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>STOMP Explorer</title>');
  host = await createHost({ dataDir: join(dataDir, 'data'), mode: 'web', eventIntervalMs: 50 });
  server = await startWebServer({ host, port: 0, rendererDir });
  client = await WebClient.open(server);
});

afterAll(async () => {
  client?.close();
  await server?.close();
  await host?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function messages(captureId: string, atLeast: number) {
  return until(async () => {
    const page = await client.call('messages.list', { captureId, offset: 0, limit: 1000 });
    return page.total >= atLeast ? page : undefined;
  }, `${atLeast} messages`);
}

const unique = `${process.pid}-${Date.now()}`;

describe('the contract over the WebSocket adapter', () => {
  let rabbitProfile: string;
  let connectionId: string;

  it('greets with the contract version and refuses another', async () => {
    const hello = await client.call('app.hello', { apiVersion: API_VERSION, client: 'contract-test' });
    expect(hello).toMatchObject({ apiVersion: API_VERSION, mode: 'web' });
    expect((await client.fails('app.hello', { apiVersion: API_VERSION + 1 })).code).toBe('version-mismatch');
  });

  it('manages profiles: check, create, update, duplicate, export, import, delete', async () => {
    const uri = `tcp://${brokers.host}:${brokers.rabbitmq.stompPort}`;
    expect(await client.call('profiles.checkUri', { uri })).toEqual({ brokers: [uri], failover: false });
    const bad = await client.fails('profiles.checkUri', { uri: 'tcp://127.0.0.1:6161x' });
    expect(bad.code).toBe('invalid-request');
    expect(bad.details).toMatchObject({ offset: 16 });
    const { profile } = await client.call('profiles.create', {
      profile: { name: 'RabbitMQ local', uri, login: brokers.login, passcode: brokers.passcode, host: '/', preset: 'rabbitmq' },
    });
    rabbitProfile = profile.id;
    expect(profile.hasPasscode).toBe(true);
    const updated = await client.call('profiles.update', { id: profile.id, patch: { color: '#22aa44' } });
    expect(updated.profile).toMatchObject({ color: '#22aa44', preset: 'rabbitmq', hasPasscode: true });
    const copy = await client.call('profiles.duplicate', { id: profile.id });
    expect(copy.profile.name).toContain('copy');
    const { json } = await client.call('profiles.export', { ids: [copy.profile.id] });
    expect(json).not.toContain(brokers.passcode === 'guest' ? '"passcode"' : brokers.passcode);
    // Its own export again: the preview says skip (identical); asked to, it adds a copy under another name.
    const { entries } = await client.call('profiles.importPreview', { json });
    expect(entries).toEqual([expect.objectContaining({ name: copy.profile.name, action: 'skip', existingId: copy.profile.id })]);
    const imported = await client.call('profiles.import', { json, actions: ['add-copy'] });
    expect(imported).toMatchObject({ added: 1, skipped: 0 });
    expect(imported.profiles).toHaveLength(1);
    expect(imported.profiles[0].name).toBe(`${copy.profile.name} (imported)`);
    expect(imported.profiles[0].hasPasscode).toBe(false);
    await client.call('profiles.delete', { id: imported.profiles[0].id });
    await client.call('profiles.delete', { id: copy.profile.id });
    const { profiles } = await client.call('profiles.list', {});
    expect(profiles.map((p) => p.name).sort()).toEqual(['RabbitMQ local', 'Sandbox (built-in broker)']);
  });

  it('connects to RabbitMQ and pushes the connection state as events', async () => {
    const { connection } = await client.call('connections.open', { profileId: rabbitProfile });
    connectionId = connection.id;
    expect(connection).toMatchObject({ state: 'connected', version: '1.2', canBrowse: false });
    expect(connection.server).toMatch(/^RabbitMQ\//);
    await until(async () => client.events.find((e) => e.event === 'connection.changed'), 'a connection.changed event');
    expect((await client.call('connections.list', {})).connections).toHaveLength(1);
  });

  it('subscribes, sends, captures, acks, nacks and previews the ack header', async () => {
    const destination = `/queue/contract-${unique}`;
    const { subscription } = await client.call('subscriptions.add', { connectionId, destination, ack: 'client-individual', headers: [['prefetch-count', '100']] });
    const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('base64');
    const sent = await client.call('messages.send', { connectionId, destination, body: { encoding: 'base64', base64: body }, copies: 2, headers: [['persistent', 'false']] });
    expect(sent.sent).toBe(2);
    const page = await messages(subscription.captureId, 2);
    expect(page.items[0]).toMatchObject({ binary: true, size: 256, ackState: 'pending' });
    const { message } = await client.call('messages.get', { captureId: subscription.captureId, seq: 0 });
    expect(message.bodyBase64).toBe(body);
    // A body read a page at a time: cut to its first bytes, the rest by messages.bodyPage.
    const cut = (await client.call('messages.get', { captureId: subscription.captureId, seq: 0, bodyLimit: 100 })).message;
    expect(cut).toMatchObject({ bodySize: 256, bodyTruncated: true });
    const rest = await client.call('messages.bodyPage', { captureId: subscription.captureId, seq: 0, offset: 100, length: 1000 });
    expect(Buffer.concat([Buffer.from(cut.bodyBase64, 'base64'), Buffer.from(rest.base64, 'base64')]).toString('base64')).toBe(body);
    const preview = await client.call('messages.ackPreview', { captureId: subscription.captureId, seq: 0 });
    expect(preview.header).toMatch(/^id:/);
    expect((await client.call('messages.ack', { captureId: subscription.captureId, seq: 0 })).settled).toBe('acked');
    expect((await client.call('messages.nack', { captureId: subscription.captureId, seq: 1 })).settled).toBe('nacked');
    // RabbitMQ requeues a NACKed message at once, marked redelivered.
    const again = await messages(subscription.captureId, 3);
    expect(again.items[2].redelivered).toBe(true);
    await client.call('messages.ack', { captureId: subscription.captureId, seq: 2 });
    // Two more, then "ack all": the subscription says how many wait and that its prefetch is 100.
    await client.call('messages.send', { connectionId, destination, body: { encoding: 'text', text: 'x' }, copies: 2, headers: [['persistent', 'false']] });
    await messages(subscription.captureId, 5);
    const waiting = (await client.call('connections.list', {})).connections[0].subscriptions.find((s) => s.id === subscription.id);
    expect(waiting).toMatchObject({ unacked: 2, prefetch: 100 });
    expect((await client.call('subscriptions.ackAll', { connectionId, subscriptionId: subscription.id })).acked).toBe(2);
    const filtered = await client.call('messages.list', { captureId: subscription.captureId, offset: 0, limit: 10, filter: 'redelivered:true' });
    expect(filtered.total).toBe(1);
    // Batched events carry the capture's total: the last batch catches up with all three.
    await until(
      async () => client.events.find((e) => e.event === 'messages.captured' && (e.payload as { captureId: string }).captureId === subscription.captureId && (e.payload as { total: number }).total >= 3),
      'a messages.captured batch with all three',
    );
    await client.call('subscriptions.remove', { connectionId, subscriptionId: subscription.id });
  });

  it('replays, resubmits, and runs transactions', async () => {
    const from = `/queue/contract-from-${unique}`;
    const to = `/queue/contract-to-${unique}`;
    const source = await client.call('subscriptions.add', { connectionId, destination: from, ack: 'client-individual' });
    const target = await client.call('subscriptions.add', { connectionId, destination: to, ack: 'auto' });
    await client.call('messages.send', { connectionId, destination: from, body: { encoding: 'text', text: 'original' } });
    await messages(source.subscription.captureId, 1);
    await client.call('messages.replay', { connectionId, source: { captureId: source.subscription.captureId, seq: 0 }, mode: 'edited', edit: { destination: to } });
    await messages(target.subscription.captureId, 1);
    const preview = await client.call('messages.replayPreview', { source: { captureId: source.subscription.captureId, seq: 0 }, mode: 'raw-clean' });
    expect(Buffer.from(preview.bytesBase64, 'base64').toString()).toMatch(/^SEND\n/);
    expect((await client.call('messages.cancel', { operationId: 'nothing-runs' })).cancelled).toBe(false);
    const { moved } = await client.call('messages.resubmit', { captureId: source.subscription.captureId, seqs: [0], to });
    expect(moved).toBe(1);
    await messages(target.subscription.captureId, 2);
    const { transactionId } = await client.call('transactions.begin', { connectionId });
    await client.call('messages.send', { connectionId, destination: to, body: { encoding: 'text', text: 'in tx' }, transactionId, receipt: false });
    expect((await client.call('transactions.list', { connectionId })).transactions[0]).toMatchObject({ id: transactionId, sends: 1 });
    await client.call('transactions.commit', { connectionId, transactionId });
    await messages(target.subscription.captureId, 3);
    const aborted = await client.call('transactions.begin', { connectionId });
    await client.call('transactions.abort', { connectionId, transactionId: aborted.transactionId });
    const { receipts } = await client.call('receipts.list', { connectionId });
    expect(receipts.some((r) => r.purpose.startsWith('COMMIT') && r.state === 'received')).toBe(true);
    const wire = await client.call('wire.list', { connectionId, offset: 0, limit: 5000 });
    expect(wire.entries.some((e) => e.command === 'BEGIN')).toBe(true);
    const begins = await client.call('wire.list', { connectionId, offset: 0, limit: 50, filter: { commands: ['BEGIN'] } });
    expect(begins.entries.every((e) => e.command === 'BEGIN')).toBe(true);
    const bytes = await client.call('wire.frameBytes', { connectionId, seq: begins.entries[0].seq });
    expect(Buffer.from(bytes.bytesBase64!, 'base64').toString()).toMatch(/^BEGIN\ntransaction:/);
    const exported = await client.call('wire.exportPage', { connectionId, offset: 0, limit: 10 });
    expect(JSON.parse(exported.ndjson.split('\n')[0])).toMatchObject({ type: 'stomp-explorer-wire-log' });
    const beats = await client.call('wire.heartbeats', { connectionId });
    expect(beats.connections.length).toBeGreaterThan(0);
    // Pause and resume keep the subscription's place.
    const paused = await client.call('subscriptions.pause', { connectionId, subscriptionId: target.subscription.id });
    expect(paused.subscription.paused).toBe(true);
    const resumed = await client.call('subscriptions.resume', { connectionId, subscriptionId: target.subscription.id });
    expect(resumed.subscription).toMatchObject({ paused: false, id: target.subscription.id, captureId: target.subscription.captureId });
    expect(client.events.some((e) => e.event === 'wire.appended')).toBe(true);
    // Watched, the batches carry the newest entries (the resume's SUBSCRIBE is among them).
    expect((await client.call('wire.watch', { connectionId })).watchMs).toBeGreaterThan(0);
    const since = client.events.length;
    await client.call('subscriptions.pause', { connectionId, subscriptionId: target.subscription.id });
    await until(async () => client.events.slice(since).find((e) => e.event === 'wire.appended' && (e.payload as { entries: { command?: string }[] }).entries.some((x) => x.command === 'UNSUBSCRIBE')), 'a watched batch with the UNSUBSCRIBE');
    await client.call('subscriptions.resume', { connectionId, subscriptionId: target.subscription.id });
  });

  it('counts traffic and asks the broker about its destinations (statistics, destination overview)', async () => {
    // A topic without subscribers: nothing is left on the shared broker.
    const destination = `/topic/contract-stats-${unique}`;
    await client.call('messages.send', { connectionId, destination, body: { encoding: 'text', text: 'count me' }, copies: 3 });
    expect((await client.call('stats.get', { connectionId })).destinations.find((r) => r.destination === destination)).toMatchObject({ messagesOut: 3, bytesOut: 24 });
    const batch = await until(async () => client.events.find((e) => e.event === 'stats.updated' && JSON.stringify(e.payload).includes(destination)), 'a stats.updated batch');
    expect(batch.payload).toMatchObject({ connections: [expect.objectContaining({ connectionId })] });
    const { points } = await client.call('stats.series', { connectionId, destination });
    expect(points.every((p) => p.length === 5)).toBe(true);
    expect((await client.call('stats.exportCsv', { connectionId, kind: 'totals' })).csv).toContain(`destination,${destination},0,3,0,24,`);
    expect(await client.call('destinations.getSettings', { profileId: rabbitProfile })).toEqual({});
    await client.call('destinations.setSettings', { profileId: rabbitProfile, managementUrl: brokers.rabbitmq.managementUrl });
    expect(await client.call('destinations.brokerInfo', { connectionId })).toMatchObject({ source: 'rabbitmq-management', available: true, endpoint: brokers.rabbitmq.managementUrl });
    await client.call('stats.reset', { connectionId });
    expect((await client.call('stats.get', { connectionId })).total.messagesOut).toBe(0);
  });

  it('saves templates', async () => {
    const { template } = await client.call('templates.save', { template: { name: 'order', destination: '/queue/orders', headers: [['content-type', 'application/json']], body: { encoding: 'text', text: '{}' } } });
    expect((await client.call('templates.list', {})).templates).toEqual([template]);
    await client.call('templates.delete', { id: template.id });
    expect((await client.call('templates.list', {})).templates).toEqual([]);
  });

  it('checks a raw frame, sends its bytes and reports the RECEIPT, and saves raw templates', async () => {
    const recipe = { command: 'SEND', headers: [['destination', `/topic/contract-raw-${unique}`], ['receipt', `raw-${unique}`]] as [string, string][], body: { kind: 'text' as const, text: 'raw' } };
    const check = await client.call('raw.check', { recipe, connectionId });
    expect(check).toMatchObject({ versionFrom: 'connection', strict: { ok: true, frameCount: 1 }, warnings: [] });
    const sent = await client.call('raw.send', { connectionId, recipe, sha256: check.sha256 });
    expect(sent).toMatchObject({ size: check.size, answer: { outcome: 'receipt', receipt: { id: `raw-${unique}` }, connected: true } });
    const { template } = await client.call('raw.saveTemplate', { template: { name: 'raw', recipe } });
    expect((await client.call('raw.listTemplates', {})).templates).toEqual([template]);
    await client.call('raw.deleteTemplate', { id: template.id });
  });

  it('exports, imports, limits and clears captures', async () => {
    const { captures } = await client.call('captures.list', {});
    const withMessages = captures.find((c) => c.count > 0)!;
    const { ndjson } = await client.call('captures.export', { captureId: withMessages.id });
    // The same export a page at a time (the UI's way: any size streams).
    const paged = await client.call('captures.exportPage', { captureId: withMessages.id });
    expect(paged).toMatchObject({ done: true, messages: withMessages.count, total: withMessages.count });
    expect(paged.ndjson.split('\n').slice(1)).toEqual(ndjson.split('\n').slice(1));
    const { capture } = await client.call('captures.import', { ndjson });
    expect(capture).toMatchObject({ offline: true, count: withMessages.count });
    await client.call('captures.setLimit', { memoryBytes: 8 * 1024 * 1024 });
    await client.call('captures.clear', { captureId: capture.id });
    expect((await client.fails('messages.get', { captureId: capture.id, seq: 0 })).code).toBe('not-found');
    const broken = await client.fails('captures.import', { ndjson: '{"type":"stomp-explorer-capture","version":1}\nnot json\n' });
    expect(broken.code).toBe('invalid-request');
    expect(broken.message).toMatch(/line 2/);
  });

  it('reads and writes bodies with schemas, builds sends with scripts, runs a load (issue 14)', async () => {
    const destination = `/queue/contract-pb-${unique}`;
    const proto = 'syntax = "proto3";\npackage contract;\nmessage Order {\n  string id = 1;\n  int32 qty = 2;\n}\n';
    const saved = await client.call('schemas.save', { profileId: rabbitProfile, file: { name: 'order.proto', text: proto } });
    expect(saved.view.messageTypes.protobuf).toContain('contract.Order');
    await client.call('schemas.setMappings', { profileId: rabbitProfile, mappings: [{ destination, codec: 'protobuf', messageType: 'contract.Order' }] });
    expect((await client.call('schemas.list', { profileId: rabbitProfile })).mappings).toEqual([{ destination, codec: 'protobuf', messageType: 'contract.Order' }]);
    const encoded = await client.call('bodies.encode', { profileId: rabbitProfile, codec: 'protobuf', messageType: 'contract.Order', json: '{"id":"a1","qty":3}' });
    const { subscription } = await client.call('subscriptions.add', { connectionId, destination, ack: 'auto' });
    await client.call('messages.send', { connectionId, destination, body: { encoding: 'base64', base64: encoded.base64 }, headers: [['persistent', 'false']] });
    await messages(subscription.captureId, 1);
    // Decoded by the destination's mapping, with the profile's schema, into a tree of fields.
    const decoded = await client.call('bodies.decode', { captureId: subscription.captureId, seq: 0 });
    expect(decoded).toMatchObject({ kind: 'tree', chosenBy: 'destination', codec: 'protobuf', messageType: 'contract.Order' });
    expect(decoded.kind === 'tree' && JSON.parse(decoded.json)).toEqual({ id: 'a1', qty: 3 });

    const source = '(i, ctx) => ({ body: "n" + i + "/" + ctx.count, headers: { "x-n": i } })';
    expect(await client.call('scripts.check', { kind: 'payload', source })).toEqual({ ok: true });
    const preview = await client.call('scripts.preview', { source, destination, count: 2, total: 3 });
    expect(preview.messages.map((m) => m.text)).toEqual(['n0/3', 'n1/3']);
    expect(await client.call('scripts.send', { connectionId, destination, source, count: 3, headers: [['persistent', 'false']] })).toMatchObject({ sent: 3, confirmed: 3, failed: 0 });
    const scripted = await messages(subscription.captureId, 4);
    expect(scripted.items.slice(1).map((m) => m.preview)).toEqual(['n0/3', 'n1/3', 'n2/3']);
    await client.call('subscriptions.remove', { connectionId, subscriptionId: subscription.id });
    expect((await client.call('schemas.delete', { profileId: rabbitProfile, fileId: saved.file.id })).view.files).toEqual([]);

    // A load run on connections of its own, to a topic nobody keeps: live events, then stopped.
    const { run } = await client.call('load.start', { profileId: rabbitProfile, destination: `/topic/contract-load-${unique}`, rate: 200, durationS: 60 });
    await until(async () => client.events.find((e) => e.event === 'load.progress' && (e.payload as { run: { id: string; state: string } }).run.state === 'publishing'), 'a publishing load run');
    await client.call('load.stop', { runId: run.id });
    // The run's last event carries its report.
    type RunEvent = { run: { id: string; state: string; report?: { sent: number } } };
    const stopped = await until(async () => client.events.map((e) => e.payload as RunEvent).find((p) => p?.run?.id === run.id && p.run.state === 'cancelled' && p.run.report), 'the load run cancelled, with its report');
    expect(stopped.run.report!.sent).toBeGreaterThan(0);
    expect((await client.call('load.list', {})).runs.find((r) => r.id === run.id)?.state).toBe('cancelled');
  });

  it('browses with the sandbox and says RabbitMQ cannot', async () => {
    const refused = await client.fails('subscriptions.add', { connectionId, destination: `/queue/contract-${unique}`, browse: true });
    expect(refused.code).toBe('unsupported');
    expect(refused.message).toMatch(/cannot browse/);
    const sandbox = await client.call('connections.open', { profileId: 'sandbox' });
    await client.call('messages.send', { connectionId: sandbox.connection.id, destination: '/queue/browse-me', body: { encoding: 'text', text: 'b' } });
    const browse = await client.call('subscriptions.add', { connectionId: sandbox.connection.id, destination: '/queue/browse-me', browse: true });
    await messages(browse.subscription.captureId, 1);
    await client.call('connections.forget', { connectionId: sandbox.connection.id });
  });

  it('closes, reconnects, and answers a broker ERROR with an event', async () => {
    await client.call('connections.close', { connectionId });
    const closed = (await client.call('connections.list', {})).connections.find((c) => c.id === connectionId);
    expect(closed?.state).toBe('disconnected');
    const { connection } = await client.call('connections.reconnect', { connectionId });
    expect(connection.state).toBe('connected');
    // RabbitMQ answers a SUBSCRIBE to a missing /amq/queue with an ERROR frame: the UI gets it as an event.
    await client.call('subscriptions.add', { connectionId, destination: `/amq/queue/missing-${unique}` }).catch(() => undefined);
    const error = await until(async () => client.events.find((e) => e.event === 'broker.error'), 'a broker.error event');
    expect(error.payload).toMatchObject({ connectionId });
    expect((error.payload as { message: string }).message).toMatch(/not_found|not found|NOT_FOUND/i);
  });

  it('runs a proxy to a profile: definitions, hold, faults, log, recording, replay (issue 12)', async () => {
    const definition = { name: 'contract proxy', listenPort: 0, upstreamProfileId: rabbitProfile, record: true };
    const { proxy } = await client.call('proxy.create', { proxy: definition });
    const id = proxy.definition.id;
    expect((await client.call('proxy.list', {})).proxies.map((p) => p.definition.id)).toContain(id);
    expect((await client.call('proxy.update', { id, proxy: { ...definition, name: 'contract proxy (renamed)' } })).proxy.definition.name).toBe('contract proxy (renamed)');
    const topic = `/topic/contract-proxy-${unique}`;
    await client.call('proxy.setRules', { id, rules: [{ id: 'sends', commands: ['SEND'], destination: topic }] });
    await client.call('proxy.setFaults', { id, faults: { latency: { ms: 1 } } });
    const started = (await client.call('proxy.start', { id })).proxy;
    expect(started).toMatchObject({ state: 'running', recordingId: expect.stringMatching(/^rec-/) });
    // A raw producer through the proxy: its SEND waits in the hold until forwarded.
    const socket = netConnect(started.address!.port, '127.0.0.1');
    let answered = '';
    socket.on('data', (d: Buffer) => (answered += d.toString('latin1')));
    socket.write(`CONNECT\naccept-version:1.2\nhost:/\nlogin:x\npasscode:y\n\n\0SEND\ndestination:${topic}\nreceipt:r1\n\nheld\0`);
    const held = await until(async () => (await client.call('proxy.list', {})).proxies.find((p) => p.definition.id === id)?.held[0], 'a held SEND');
    await client.call('proxy.release', { id, connection: held.connection, frameSeq: held.frameSeq, action: 'forward' });
    await until(async () => (answered.includes('receipt-id:r1') ? true : undefined), 'the RECEIPT through the proxy');
    const { entries } = await client.call('proxy.log', { logId: started.logId!, offset: 0, limit: 100 });
    const send = entries.find((e) => e.command === 'SEND')!;
    expect(send.status).toBe('forwarded');
    expect((await client.call('proxy.frame', { logId: started.logId!, seq: send.seq })).frame.headers).toContainEqual(['destination', topic]);
    await client.call('proxy.corruptNext', { id, direction: 'broker-to-client' });
    await client.call('proxy.drop', { id });
    await client.call('proxy.record', { id, on: false });
    await client.call('proxy.stop', { id });
    socket.destroy();
    const recording = (await client.call('proxy.recordings', {})).recordings.find((r) => r.id === started.recordingId)!;
    const opened = await client.call('proxy.openRecording', { recordingId: recording.id });
    expect(opened.log.kind).toBe('recording');
    const { ndjson } = await client.call('proxy.exportRecording', { recordingId: recording.id });
    const imported = await client.call('proxy.importRecording', { ndjson });
    const replay = await client.call('proxy.replay', { recordingId: recording.id, profileId: rabbitProfile, pacing: 'none' });
    await until(async () => ((await client.call('proxy.log', { logId: replay.log.id, offset: 0, limit: 1 })).log.running ? undefined : true), 'the replay to finish');
    await client.call('proxy.closeLog', { logId: opened.log.id });
    await client.call('proxy.deleteRecording', { recordingId: imported.recording.id });
    await client.call('proxy.delete', { id });
  });

  it('refuses invalid requests over the socket with typed errors', async () => {
    expect((await client.fails('messages.send', { connectionId, destination: '' })).code).toBe('invalid-request');
    expect((await client.fails('no.such' as MethodName, {})).code).toBe('unknown-method');
  });

  it('exercised every method of the contract', () => {
    const missing = Object.keys(METHODS).filter((m) => !client.called.has(m));
    expect(missing).toEqual(['no.such'].filter(() => false));
  });
});
