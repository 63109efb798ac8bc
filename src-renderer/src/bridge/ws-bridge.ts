/**
 * The bridge in browser mode: the contract's JSON envelopes over a WebSocket to the loopback host
 * (ws://HOST/api?token=...). It shakes hands (app.hello) on every connection, reconnects with
 * exponential back-off when the socket drops, queues requests made while it is down, fails the
 * ones that were in flight (`disconnected`: the host may or may not have run them), and times
 * requests out.
 */
import { MAX_MESSAGE_BYTES, type EventEnvelope, type ResponseEnvelope } from '../../../src-core/api';
import { BaseBridge, checkHello, deferred, helloParams, resultOf } from './base-bridge';
import { BridgeError } from './bridge-error';
import type { HelloResult } from './types';

/** The part of the browser's WebSocket the bridge uses (the `ws` package's client fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface BackoffOptions {
  readonly initialMs?: number;
  readonly maxMs?: number;
  readonly factor?: number;
}

export interface WsBridgeOptions {
  /** ws://127.0.0.1:PORT/api?token=... */
  readonly url: string;
  /** The browser's WebSocket by default. */
  readonly createSocket?: WebSocketFactory;
  /** Overrides every method's default timeout (tests). */
  readonly timeoutMs?: number;
  readonly backoff?: BackoffOptions;
  readonly maxMessageBytes?: number;
}

const OPEN = 1;
/** After this many failed attempts without ever connecting, the state explains the likely causes. */
const ATTEMPTS_BEFORE_EXPLAINING = 3;

interface Pending {
  readonly id: number;
  readonly method: string;
  readonly text: string;
  resolve(response: ResponseEnvelope): void;
  reject(error: BridgeError): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class WsBridge extends BaseBridge {
  readonly kind = 'web' as const;
  private readonly createSocket: WebSocketFactory;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly maxBytes: number;
  private readonly handshake = deferred<HelloResult>();
  private socket: WebSocketLike | undefined;
  private handshaken = false;
  private everOpened = false;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closedForGood = false;
  private nextId = 1;
  /** Sent, awaiting their answer. */
  private readonly inFlight = new Map<number, Pending>();
  /** Made while the link is down; sent once it is back. */
  private queued: Pending[] = [];

  constructor(private readonly options: WsBridgeOptions) {
    super();
    this.createSocket = options.createSocket ?? defaultSocketFactory;
    this.initialMs = options.backoff?.initialMs ?? 250;
    this.maxMs = options.backoff?.maxMs ?? 10_000;
    this.factor = options.backoff?.factor ?? 2;
    this.maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    this.connect();
  }

  ready(): Promise<HelloResult> {
    return this.handshake.promise;
  }

  close(): void {
    this.fail(new BridgeError('disconnected', 'the bridge to the host was closed'));
  }

  protected exchange(method: string, params: unknown, timeoutMs: number): Promise<ResponseEnvelope> {
    return this.enqueue(method, params, this.options.timeoutMs ?? timeoutMs);
  }

  private enqueue(method: string, params: unknown, timeoutMs: number, internal = false): Promise<ResponseEnvelope> {
    if (this.closedForGood) return Promise.reject(this.state.error ?? new BridgeError('disconnected', 'the bridge to the host was closed'));
    const id = this.nextId++;
    let text: string;
    try {
      // Key order matters: the host reads the id from the start of an over-long message.
      text = JSON.stringify({ kind: 'request', id, method, params });
    } catch (error) {
      return Promise.reject(new BridgeError('invalid-request', `${method}: the parameters cannot be sent (${(error as Error).message})`));
    }
    const bytes = utf8Length(text, this.maxBytes);
    if (bytes > this.maxBytes) {
      return Promise.reject(new BridgeError('too-large', `${method}: the request is ${bytes} bytes; the limit is ${this.maxBytes} bytes`, { bytes, limit: this.maxBytes }));
    }
    return new Promise<ResponseEnvelope>((resolve, reject) => {
      const entry: Pending = { id, method, text, resolve, reject, timer: undefined };
      entry.timer = setTimeout(() => {
        this.inFlight.delete(id);
        this.queued = this.queued.filter((p) => p !== entry);
        reject(new BridgeError('timeout', `${method}: no answer from the host within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const socket = this.socket;
      if (socket !== undefined && socket.readyState === OPEN && (this.handshaken || internal)) this.transmit(socket, entry);
      else this.queued.push(entry);
    });
  }

  private transmit(socket: WebSocketLike, entry: Pending): void {
    this.inFlight.set(entry.id, entry);
    try {
      socket.send(entry.text);
    } catch {
      // The close handler fails it as `disconnected`.
    }
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.closedForGood) return;
    this.handshaken = false;
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch (error) {
      this.scheduleReconnect(new BridgeError('disconnected', `cannot open a WebSocket to the host: ${(error as Error)?.message ?? String(error)}`));
      return;
    }
    this.socket = socket;
    socket.onopen = () => void this.onOpen(socket);
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = (event) => this.onClose(socket, event.code, event.reason);
    socket.onerror = () => undefined; // a close event follows
  }

  private async onOpen(socket: WebSocketLike): Promise<void> {
    let hello: HelloResult;
    try {
      hello = checkHello(resultOf<'app.hello'>(await this.enqueue('app.hello', helloParams(), 30_000, true)));
    } catch (error) {
      const failure = error instanceof BridgeError ? error : new BridgeError('internal', String(error));
      // A refusal of the handshake itself is final; a dropped or silent link is retried.
      if (failure.code === 'disconnected' || failure.code === 'timeout') {
        if (this.socket === socket) socket.close(4000, 'handshake failed');
      } else this.fail(failure);
      return;
    }
    if (this.socket !== socket || this.closedForGood) return;
    this.handshaken = true;
    this.everOpened = true;
    this.attempt = 0;
    this.handshake.resolve(hello);
    this.setState({ status: 'open' });
    const waiting = this.queued;
    this.queued = [];
    for (const entry of waiting) this.transmit(socket, entry);
  }

  private onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { kind?: unknown; id?: unknown };
    try {
      message = JSON.parse(data) as { kind?: unknown; id?: unknown };
    } catch {
      console.error('[stomp-explorer] the host sent something that is not JSON');
      return;
    }
    if (message.kind === 'event') {
      this.emitEvent(message as EventEnvelope);
      return;
    }
    if (message.kind !== 'response' || typeof message.id !== 'number') return;
    const entry = this.inFlight.get(message.id);
    if (entry === undefined) {
      const response = message as ResponseEnvelope;
      if (!response.ok) console.error(`[stomp-explorer] the host refused a request it could not identify: ${response.error.code}: ${response.error.message}`);
      return;
    }
    this.inFlight.delete(message.id);
    clearTimeout(entry.timer);
    entry.resolve(message as ResponseEnvelope);
  }

  private onClose(socket: WebSocketLike, code: number, reason: string): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.handshaken = false;
    const lost = new BridgeError('disconnected', `the link to the host dropped (${code}${reason ? `: ${reason}` : ''}) before the answer came; the request may or may not have run`);
    for (const entry of this.inFlight.values()) {
      clearTimeout(entry.timer);
      entry.reject(lost);
    }
    this.inFlight.clear();
    if (this.closedForGood) return;
    this.scheduleReconnect(new BridgeError('disconnected', `the link to the host dropped (${code}${reason ? `: ${reason}` : ''})`));
  }

  private scheduleReconnect(cause: BridgeError): void {
    if (this.closedForGood || this.reconnectTimer !== undefined) return;
    this.attempt++;
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** (this.attempt - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    let error = cause;
    if (this.attempt >= ATTEMPTS_BEFORE_EXPLAINING) {
      error = this.everOpened
        ? new BridgeError(
            'disconnected',
            'Lost the STOMP Explorer host: it stopped, or it restarted with a new access token. ' +
              'If it restarted, open the new address it printed (it ends in #token=...).',
          )
        : new BridgeError(
            'disconnected',
            'Cannot reach the STOMP Explorer host: it is not running, or this page was opened without its access token. ' +
              'Open the address `npm run web` printed (it ends in #token=...).',
          );
    }
    this.setState({ status: this.everOpened ? 'reconnecting' : 'connecting', attempt: this.attempt, retryInMs: delay, error });
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Closes for good: every request, waiting or in flight, fails with `error`. */
  private fail(error: BridgeError): void {
    if (this.closedForGood) return;
    this.closedForGood = true;
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      try {
        socket.close(1000, 'closed');
      } catch {
        // already closing
      }
    }
    for (const entry of [...this.inFlight.values(), ...this.queued]) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.inFlight.clear();
    this.queued = [];
    this.handshake.reject(error);
    this.setState({ status: 'closed', error });
  }
}

function defaultSocketFactory(url: string): WebSocketLike {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (WebSocketClass === undefined) throw new Error('this environment has no WebSocket');
  return new WebSocketClass(url);
}

function utf8Length(text: string, limit: number): number {
  // Cheap when it cannot matter (at most 3 bytes a UTF-16 unit); exact otherwise.
  if (text.length * 3 <= limit) return text.length;
  return new TextEncoder().encode(text).length;
}
