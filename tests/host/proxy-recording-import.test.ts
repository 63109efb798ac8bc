/**
 * The capture import opens a proxy recording as a capture of every frame it holds, both ways, in
 * order, bodies byte for byte (its bytes, open and close lines are not messages and are skipped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';
import { startStompProxy } from '../../src-core/proxy';
import { ProxyRecorder } from '../../src-core/proxy/recorder';
import { CaptureRegistry } from '../../src-main/host/capture';

let dir: string;
let registry: CaptureRegistry;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'proxy-import-'));
  registry = new CaptureRegistry({ directory: dir });
});

afterEach(() => {
  registry.dispose();
  rmSync(dir, { recursive: true, force: true });
});

it('imports a proxy recording as a capture of its frames', async () => {
  const broker = await startSandboxBroker({});
  const proxy = await startStompProxy({ listen: { host: '127.0.0.1', port: 0 }, upstream: broker.url });
  const lines: string[] = [];
  new ProxyRecorder(proxy, { write: (line) => (lines.push(line), true), onDrain: () => undefined }, { label: 'orders producer' });
  const client = new StompClient({ uri: `tcp://127.0.0.1:${proxy.address.port}`, reconnect: false, login: 'app', passcode: 'hunter2' });
  await client.connect();
  const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
  await client.send('/queue/import', binary, { receipt: true });
  await client.disconnect();
  await proxy.close();
  await broker.close();

  const store = await registry.import(lines.join('\n') + '\n');
  expect(store.label).toBe('orders producer');
  const page = await store.list(0, 100);
  expect(page.items.map((m) => store.get(m.seq)!.command)).toEqual(['CONNECT', 'CONNECTED', 'SEND', 'RECEIPT', 'DISCONNECT', 'RECEIPT']);
  const send = store.get(page.items[2].seq)!;
  expect(Buffer.from(send.bodyBase64, 'base64').equals(Buffer.from(binary))).toBe(true);
  expect(send.destination).toBe('/queue/import');
  const connect = store.get(page.items[0].seq)!;
  expect(connect.headers).toContainEqual(['passcode', '*******']);
});
