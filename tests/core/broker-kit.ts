/**
 * Test kit for the sandbox broker tests: a raw STOMP peer over node:net that uses only our parser
 * and serializer (no client library), plus a typed, promisified slice of stompit for interop.
 * Not a test file itself (vitest picks up `*.test.ts` only).
 */
import { createRequire } from 'node:module';
import { connect as netConnect, type Socket } from 'node:net';
import { afterEach } from 'vitest';
import { createFrame, getHeader, type Frame, type Header, type ParsedFrame } from '../../src-core/protocol/frame';
import { StompParseError } from '../../src-core/protocol/parse-error';
import { StompParser } from '../../src-core/protocol/parser';
import { serializeFrame } from '../../src-core/protocol/serializer';
import type { StompVersion } from '../../src-core/protocol/spec';
import { startSandboxBroker, type SandboxBroker, type SandboxBrokerOptions } from '../../src-core/broker/index';

/** Brokers and sockets a test opened; closed after each test so nothing leaks between tests. */
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  const pending = cleanups.splice(0).reverse();
  for (const cleanup of pending) await cleanup();
});

export async function broker(options: SandboxBrokerOptions = {}): Promise<SandboxBroker> {
  const started = await startSandboxBroker(options);
  cleanups.push(() => started.close());
  return started;
}

export type Received =
  | { readonly type: 'frame'; readonly frame: ParsedFrame; readonly at: number }
  | { readonly type: 'heartbeat'; readonly at: number }
  | { readonly type: 'parse-error'; readonly error: StompParseError; readonly at: number };

const DEFAULT_WAIT_MS = 1000;

/**
 * A raw STOMP peer. Everything the broker sends is recorded in `received` in order; `next*`
 * methods consume frames from a cursor. The parser switches version at CONNECTED, as a client must.
 */
export class RawPeer {
  readonly socket: Socket;
  readonly received: Received[] = [];
  version: StompVersion = '1.0';
  closed = false;
  private readonly parser = new StompParser({ version: '1.2', strict: true });
  private cursor = 0;
  private waiters: (() => void)[] = [];
  private failed = false;
  private sawConnected = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(port: number): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = netConnect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        const peer = new RawPeer(socket);
        cleanups.push(() => peer.destroy());
        resolve(peer);
      });
    });
  }

  /** Opens a socket and completes the handshake; returns the peer and its CONNECTED frame. */
  static async connect(port: number, headers: Record<string, string> = { 'accept-version': '1.2', host: 'sandbox' }, command = 'CONNECT'): Promise<RawPeer> {
    const peer = await RawPeer.open(port);
    peer.sendRaw(serializeFrame(createFrame(command, headers), '1.0'));
    const connected = await peer.nextFrame();
    if (connected.command !== 'CONNECTED') throw new Error(`expected CONNECTED, got ${describe(connected)}`);
    return peer;
  }

  static connectVersion(port: number, version: StompVersion, extra: Record<string, string> = {}): Promise<RawPeer> {
    return RawPeer.connect(port, { 'accept-version': version, host: 'sandbox', ...extra });
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Serializes with the negotiated version (escaping included) and writes. */
  send(command: string, headers: readonly Header[] | Record<string, string> = [], body: Uint8Array | string = new Uint8Array(0)): void {
    this.sendRaw(serializeFrame(createFrame(command, headers, body), this.version));
  }

  /** Sends `command` with a receipt header and waits for that RECEIPT (fails on anything else). */
  async request(command: string, headers: Record<string, string> = {}, body?: Uint8Array | string): Promise<void> {
    const receipt = `r-${Math.random().toString(36).slice(2)}`;
    this.send(command, { ...headers, receipt }, body);
    const frame = await this.nextFrame();
    if (frame.command !== 'RECEIPT' || getHeader(frame, 'receipt-id') !== receipt) {
      throw new Error(`expected RECEIPT ${receipt}, got ${describe(frame)}`);
    }
  }

  /** The next frame not yet consumed (heart-beats skipped), waiting up to `timeoutMs`. */
  async nextFrame(timeoutMs = DEFAULT_WAIT_MS): Promise<ParsedFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const item = this.received[this.cursor++];
        if (item.type === 'frame') return item.frame;
        if (item.type === 'parse-error') throw item.error;
      }
      if (this.closed) throw new Error('connection closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no frame within ${timeoutMs} ms`);
      await this.waitForInput(left);
    }
  }

  /** The next `count` frames, which must all be MESSAGE. */
  async messages(count: number, timeoutMs = DEFAULT_WAIT_MS): Promise<ParsedFrame[]> {
    const out: ParsedFrame[] = [];
    for (let i = 0; i < count; i++) {
      const frame = await this.nextFrame(timeoutMs);
      if (frame.command !== 'MESSAGE') throw new Error(`expected MESSAGE ${i + 1} of ${count}, got ${describe(frame)}`);
      out.push(frame);
    }
    return out;
  }

  /** The next parse failure of what the broker sent (for the malformed-output switches). */
  async nextParseError(timeoutMs = DEFAULT_WAIT_MS): Promise<StompParseError> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.received.length) {
        const item = this.received[this.cursor++];
        if (item.type === 'parse-error') return item.error;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new Error('no parse error');
      await this.waitForInput(left);
    }
  }

  /** Resolves once the broker has closed the connection; fails after `timeoutMs`. */
  async closedByBroker(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`connection still open after ${timeoutMs} ms`);
      await this.waitForInput(left);
    }
  }

  /** Asserts nothing but heart-beats arrives for `ms`. */
  async expectSilence(ms: number): Promise<void> {
    const start = this.cursor;
    await sleep(ms);
    const extra = this.received.slice(start).filter((item) => item.type !== 'heartbeat');
    if (extra.length > 0) throw new Error(`expected silence, got ${extra.map((item) => (item.type === 'frame' ? describe(item.frame) : item.type)).join(', ')}`);
  }

  heartBeats(): Received[] {
    return this.received.filter((item) => item.type === 'heartbeat');
  }

  /** Closes the socket without DISCONNECT. */
  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.failed) return;
    const at = Date.now();
    // Until CONNECTED, one NUL at a time: its version applies from the next frame on.
    let rest = chunk;
    while (rest.length > 0 && !this.failed) {
      let piece = rest;
      if (this.version === '1.0' && !this.sawConnected) {
        const nul = rest.indexOf(0);
        if (nul >= 0) piece = rest.subarray(0, nul + 1);
      }
      rest = rest.subarray(piece.length);
      const { events, error: failure } = this.parser.tryPush(piece);
      for (const event of events) {
        if (event.type === 'frame') {
          this.received.push({ type: 'frame', frame: event.frame, at });
          if (event.frame.command === 'CONNECTED') {
            this.sawConnected = true;
            this.version = (getHeader(event.frame, 'version') ?? '1.0') as StompVersion;
            this.parser.setVersion(this.version);
          }
        } else if (event.type === 'heartbeat') this.received.push({ type: 'heartbeat', at });
      }
      if (failure) {
        this.received.push({ type: 'parse-error', error: failure, at });
        this.failed = true;
      }
    }
    this.wake();
  }

  private waitForInput(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export function describe(frame: Frame): string {
  const message = getHeader(frame, 'message');
  return message === undefined ? frame.command : `${frame.command} (${message})`;
}

export function header(frame: Frame, name: string): string | undefined {
  return getHeader(frame, name);
}

export function text(frame: Frame): string {
  return Buffer.from(frame.body).toString('utf8');
}

/** Retries an assertion until it passes (the broker sees a close a moment after the client does). */
export async function eventually(check: () => void, timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(5);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// --- stompit, typed by hand (it ships no types) ------------------------------------------------

export interface StompitMessage extends NodeJS.ReadableStream {
  readonly headers: Record<string, string>;
  readString(encoding: string, callback: (error: Error | null, body?: string) => void): void;
}

export interface StompitSubscription {
  unsubscribe(headers?: Record<string, string>): void;
}

export interface StompitTransaction {
  send(headers: Record<string, string>): NodeJS.WritableStream;
  commit(): void;
  abort(): void;
}

export interface StompitClient {
  readonly headers: Record<string, string>;
  send(headers: Record<string, string>, options?: { onReceipt?: () => void }): NodeJS.WritableStream;
  subscribe(headers: Record<string, string>, listener: (error: Error | null, message: StompitMessage) => void): StompitSubscription;
  ack(message: StompitMessage, headers?: Record<string, string>): void;
  nack(message: StompitMessage, headers?: Record<string, string>): void;
  begin(headers?: Record<string, string>): StompitTransaction;
  disconnect(callback?: (error: Error | null) => void): void;
  destroy(error?: Error): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

interface Stompit {
  connect(
    options: { host: string; port: number; connectHeaders: Record<string, string>; timeout?: number },
    callback: (error: Error | null, client: StompitClient) => void,
  ): void;
}

export const stompit = createRequire(import.meta.url)('stompit') as Stompit;

/** Connects stompit; its errors after the handshake are collected instead of thrown. */
export function stompitConnect(port: number, connectHeaders: Record<string, string>): Promise<{ client: StompitClient; errors: Error[] }> {
  return new Promise((resolve, reject) => {
    stompit.connect({ host: '127.0.0.1', port, connectHeaders: { host: 'sandbox', ...connectHeaders }, timeout: 1000 }, (error, client) => {
      if (error) {
        reject(error);
        return;
      }
      const errors: Error[] = [];
      client.on('error', (e) => errors.push(e));
      cleanups.push(() => client.destroy());
      resolve({ client, errors });
    });
  });
}

export function readString(message: StompitMessage): Promise<string> {
  return new Promise((resolve, reject) => message.readString('utf-8', (error, body) => (error ? reject(error) : resolve(body ?? ''))));
}

/** Collects messages of a stompit subscription into an array, with a way to wait for a count. */
export function collect(client: StompitClient, headers: Record<string, string>): { messages: { headers: Record<string, string>; body: string; raw: StompitMessage }[]; until(count: number, timeoutMs?: number): Promise<void> } {
  const messages: { headers: Record<string, string>; body: string; raw: StompitMessage }[] = [];
  client.subscribe(headers, (error, message) => {
    if (error) return;
    void readString(message).then((body) => messages.push({ headers: message.headers, body, raw: message }));
  });
  return {
    messages,
    async until(count, timeoutMs = DEFAULT_WAIT_MS) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${messages.length} of ${count} messages`);
        await sleep(5);
      }
    },
  };
}
