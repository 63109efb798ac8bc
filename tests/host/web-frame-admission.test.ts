/**
 * The in-flight bound acts on a message's first frame, before the message is received: a refused
 * request is answered `busy` while its bytes are still arriving (and dropped, not buffered), the
 * connection stays usable, fragmented messages are counted fragment by fragment, and a connection
 * that goes away mid-message gives its reservation back. Driven with raw WebSocket frames.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ValidRequest } from '../../src-core/api';
import type { Host } from '../../src-main/host/host-api';
import { startWebServer, type WebServer } from '../../src-main/web/web-server';

let rendererDir: string;
const servers: WebServer[] = [];
const sockets: Socket[] = [];

beforeAll(() => {
  rendererDir = mkdtempSync(join(tmpdir(), 'stomp-explorer-admission-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
});
afterAll(() => rmSync(rendererDir, { recursive: true, force: true }));
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const LIMIT = 10_000;

async function serve() {
  const calls: ValidRequest[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const host: Host = {
    mode: 'web',
    async handle(request) {
      calls.push(request);
      if (request.method === 'templates.list') await gate;
      return { ok: true };
    },
    onEvent: () => () => undefined,
    async dispose() {},
  };
  const server = await startWebServer({ host, rendererDir, log: () => undefined, maxInFlightBytes: LIMIT });
  servers.push(server);
  return { server, calls, release };
}

/** A raw WebSocket client: frames written by hand, text answers read back as JSON. */
async function rawClient(server: WebServer) {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port: server.port,
      path: `/api?token=${server.token}`,
      headers: {
        host: `127.0.0.1:${server.port}`,
        origin: `http://127.0.0.1:${server.port}`,
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (_res, upgraded: Socket) => resolve(upgraded));
    req.on('response', (res) => reject(new Error(`HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
  sockets.push(socket);
  const answers: Record<string, unknown>[] = [];
  let pending = Buffer.alloc(0);
  let closed = false;
  socket.on('close', () => (closed = true));
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (pending.length < 2) return;
      const len7 = pending[1]! & 0x7f;
      const head = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
      if (pending.length < head) return;
      const length = len7 === 126 ? pending.readUInt16BE(2) : len7 === 127 ? Number(pending.readBigUInt64BE(2)) : len7;
      if (pending.length < head + length) return;
      if ((pending[0]! & 0x0f) === 0x1) answers.push(JSON.parse(pending.subarray(head, head + length).toString('utf8')) as Record<string, unknown>);
      pending = pending.subarray(head + length);
    }
  });
  return {
    socket,
    answers,
    isClosed: () => closed,
    answerTo: (id: number) => expect.poll(() => answers.find((a) => a.id === id), { timeout: 5000 }).toBeDefined().then(() => answers.find((a) => a.id === id)!),
  };
}

/** One masked client frame (FIN and opcode as given) carrying `payload`. */
function frame(payload: Buffer, { opcode = 0x1, fin = true } = {}): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0, 0x80 | length]) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else if (length >= 65536) {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  head[0] = (fin ? 0x80 : 0) | opcode;
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([head, mask, masked]);
}

function requestText(id: number, method: string, bytes = 0): Buffer {
  const text = JSON.stringify({ kind: 'request', id, method, params: {} });
  return Buffer.from(text + ' '.repeat(Math.max(0, bytes - text.length)));
}

describe('admission at the first frame', () => {
  it('answers busy while the refused message is still arriving, drops it unread, and the connection stays usable', async () => {
    const { server, calls } = await serve();
    const holder = await rawClient(server);
    holder.socket.write(frame(requestText(1, 'templates.list', 6_000))); // admitted, held by the host
    await expect.poll(() => calls.length).toBe(1);

    const client = await rawClient(server);
    const refused = frame(requestText(2, 'profiles.list', 6_000));
    client.socket.write(refused.subarray(0, 400)); // header and the start of the payload only
    expect(await client.answerTo(2)).toMatchObject({ ok: false, error: { code: 'busy', details: { requestBytes: 6_000, inFlightBytes: 6_000 } } });
    client.socket.write(refused.subarray(400)); // the rest arrives after the answer, and is dropped
    client.socket.write(frame(requestText(3, 'profiles.list')));
    expect(await client.answerTo(3)).toMatchObject({ ok: true });
    expect(calls.map((c) => c.id)).toEqual([1, 3]);
  });

  it('counts fragmented messages fragment by fragment: admitted whole, or refused whole with one busy answer', async () => {
    const { server, calls } = await serve();
    const client = await rawClient(server);
    const text = requestText(1, 'profiles.list', 3_000);
    client.socket.write(frame(text.subarray(0, 1_000), { fin: false }));
    client.socket.write(frame(text.subarray(1_000, 2_000), { opcode: 0x0, fin: false }));
    client.socket.write(frame(text.subarray(2_000), { opcode: 0x0 }));
    expect(await client.answerTo(1)).toMatchObject({ ok: true });

    const holder = await rawClient(server);
    holder.socket.write(frame(requestText(2, 'templates.list', 8_000)));
    await expect.poll(() => calls.length).toBe(2);
    const big = requestText(3, 'profiles.list', 4_000);
    client.socket.write(frame(big.subarray(0, 2_500), { fin: false }));
    client.socket.write(frame(big.subarray(2_500), { opcode: 0x0 }));
    // Answered on its first fragment: the size declared so far.
    expect(await client.answerTo(3)).toMatchObject({ ok: false, error: { code: 'busy', details: { requestBytes: 2_500 } } });
    client.socket.write(frame(requestText(4, 'profiles.list')));
    expect(await client.answerTo(4)).toMatchObject({ ok: true });
    expect(client.answers.filter((a) => a.id === 3)).toHaveLength(1);
  });

  it('closes a connection whose admitted message grows past the bound in a later fragment', async () => {
    const { server } = await serve();
    const client = await rawClient(server);
    client.socket.write(frame(Buffer.alloc(6_000, 0x20), { fin: false }));
    client.socket.write(frame(Buffer.alloc(6_000, 0x20), { opcode: 0x0, fin: false }));
    await expect.poll(client.isClosed).toBe(true);
    // What it had reserved is free again: a message of nearly the whole bound is admitted.
    const next = await rawClient(server);
    next.socket.write(frame(requestText(5, 'profiles.list', LIMIT - 10)));
    expect(await next.answerTo(5)).toMatchObject({ ok: true });
  });

  it('a connection that goes away mid-message gives its reservation back', async () => {
    const { server } = await serve();
    const leaving = await rawClient(server);
    const partial = frame(requestText(1, 'profiles.list', 9_000));
    leaving.socket.write(partial.subarray(0, 1_000));
    const refused = await rawClient(server);
    refused.socket.write(frame(requestText(2, 'profiles.list', 2_000)));
    expect(await refused.answerTo(2)).toMatchObject({ error: { code: 'busy' } });
    leaving.socket.destroy();
    await expect
      .poll(async () => {
        refused.socket.write(frame(requestText(3 + refused.answers.length, 'profiles.list', 2_000)));
        await new Promise((r) => setTimeout(r, 50));
        return refused.answers.some((a) => a.ok === true);
      })
      .toBe(true);
  });
});
