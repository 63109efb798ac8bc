/**
 * Issue 10.3 at every layer above the serializer: the commands (so nothing is counted as sent),
 * the client over a live connection (nothing written, the connection fine afterwards), and the
 * contract's request schemas (the host refuses such a request with `invalid-request` naming the
 * header, before it reaches a connection). Before the fix `:v` went out at every one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRequest } from '../../src-core/api/envelope';
import { ApiError } from '../../src-core/api/api-error';
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import { StompClient } from '../../src-core/client';
import * as commands from '../../src-core/protocol/commands';
import { StompSerializeError } from '../../src-core/protocol/serializer';

let broker: SandboxBroker;
beforeAll(async () => {
  broker = await startSandboxBroker({ port: 0 });
});
afterAll(async () => {
  await broker.close();
});

function refusedRequest(method: string, params: unknown): ApiError {
  try {
    validateRequest({ kind: 'request', id: 1, method, params });
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error(`${method} was accepted`);
}

describe('the contract refuses headers no STOMP version can carry', () => {
  it('messages.send with an empty header name or a NUL: invalid-request naming the header', () => {
    const empty = refusedRequest('messages.send', { connectionId: 'c1', destination: '/queue/a', headers: [['ok', '1'], ['', 'v']] });
    expect(empty.code).toBe('invalid-request');
    expect(empty.message).toMatch(/headers\.1: a header has an empty name/);
    const nul = refusedRequest('messages.send', { connectionId: 'c1', destination: '/queue/a', headers: [['x-trace', 'a\0b']] });
    expect(nul.message).toMatch(/headers\.0: header "x-trace"'s value contains a NUL byte/);
  });

  it('replay edits and subscriptions are checked the same way', () => {
    const replay = refusedRequest('messages.replay', {
      connectionId: 'c1',
      source: { captureId: 'k', seq: 0 },
      mode: 'edited',
      edit: { headers: [['', 'x']] },
    });
    expect(replay.message).toMatch(/empty name/);
    expect(refusedRequest('subscriptions.add', { connectionId: 'c1', destination: '/queue/a', headers: [['selector\0', 'x']] }).message).toMatch(/NUL/);
  });

  it('what 1.2 can escape (CR, LF, colon) passes the schema: the connection\'s version decides', () => {
    expect(() => validateRequest({ kind: 'request', id: 1, method: 'messages.send', params: { connectionId: 'c1', destination: '/q', headers: [['a:b', 'x\r\ny']] } })).not.toThrow();
  });
});

describe('commands and the client refuse before anything is counted or written', () => {
  it('commands.send throws StompSerializeError for a CR under 1.1, not under 1.2', () => {
    expect(() => commands.send('1.1', '/q', '', { headers: { x: 'a\r' } })).toThrow(StompSerializeError);
    expect(commands.send('1.2', '/q', '', { headers: { x: 'a\r' } }).headers).toContainEqual(['x', 'a\r']);
    expect(() => commands.subscribe('1.2', { destination: '/q', id: '0', headers: { '': 'v' } })).toThrow(StompSerializeError);
  });

  it('a 1.1 client: send with a CR header rejects at once, and the connection goes on', async () => {
    const client = new StompClient({ uri: broker.url, versions: ['1.1'], reconnect: false });
    await client.connect();
    const wire: string[] = [];
    client.on('wire', (entry) => {
      if (entry.kind === 'frame') wire.push(entry.frame.command);
    });
    const refused = await client.send('/queue/refusal', 'x', { headers: { 'x-note': 'line\r' }, receipt: true }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StompSerializeError);
    expect((refused as StompSerializeError).header).toBe('x-note');
    expect(wire).toEqual([]);
    const ok = await client.send('/queue/refusal', 'x', { headers: { 'x-note': 'fine' }, receipt: true });
    expect(ok?.receiptId).toBeDefined();
    await client.disconnect();
  });
});

describe('the sandbox relays only headers the consumer\'s version can carry', () => {
  it('a raw SEND with a NUL in a header reaches a consumer without it, and the consumer stays connected', async () => {
    const { connect } = await import('node:net');
    const consumer = new StompClient({ uri: broker.url, reconnect: false });
    await consumer.connect();
    const dropped: unknown[] = [];
    consumer.on('disconnected', (event) => dropped.push(event));
    const got: (readonly [string, string])[][] = [];
    await consumer.subscribe('/queue/nul-relay', async (m) => void got.push([...m.frame.headers]), { receipt: true });
    const raw = connect(broker.port, '127.0.0.1');
    raw.on('error', () => undefined);
    raw.write('CONNECT\naccept-version:1.2\nhost:/\n\n\0SEND\ndestination:/queue/nul-relay\nx-bad:a\0b\nx-good:1\n\nhi\0');
    await expect.poll(() => got.length, { timeout: 3000 }).toBe(1);
    expect(got[0].map(([name]) => name)).toContain('x-good');
    expect(got[0].map(([name]) => name)).not.toContain('x-bad');
    expect(dropped).toEqual([]);
    raw.destroy();
    await consumer.disconnect();
  });
});
