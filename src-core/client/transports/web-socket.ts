/** STOMP over WebSocket (e.g. RabbitMQ web-STOMP, ActiveMQ's ws connector): one frame or more per message. */
import WebSocket from 'ws';
import { describeAddress, TransportError, type Transport, type TransportAddress, type TransportEvents, type TransportOptions } from '../transport';
import { settleOnce } from './settle-once';

const DEFAULT_PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];
/** Above this many buffered bytes a writer is asked to wait. */
const HIGH_WATER_MARK = 1024 * 1024;

export function openWebSocket(address: TransportAddress, options: TransportOptions): Promise<Transport> {
  const description = describeAddress(address);
  const secure = address.scheme === 'wss';
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  const url = `${secure ? 'wss' : 'ws'}://${host}:${address.port}${address.path ?? '/'}`;
  const tls = options.tls ?? {};
  return settleOnce<Transport>(options.connectTimeout, description, (resolve, reject, onCancel) => {
    const socket = new WebSocket(url, [...(options.webSocket?.protocols ?? DEFAULT_PROTOCOLS)], {
      // Compression costs CPU on both ends and distorts what the wire log shows.
      perMessageDeflate: false,
      // The bytes go to the STOMP parser, which checks the headers' UTF-8 itself. RabbitMQ web-STOMP
      // sends text WebSocket frames by default, binary bodies included: ws would close on those.
      skipUTF8Validation: true,
      headers: options.webSocket?.headers as Record<string, string> | undefined,
      ca: tls.ca as string | Buffer | undefined,
      cert: tls.cert as string | Buffer | undefined,
      key: tls.key as string | Buffer | undefined,
      passphrase: tls.passphrase,
      ...(tls.servername ? { servername: tls.servername } : {}),
      rejectUnauthorized: tls.rejectUnauthorized !== false,
    });
    socket.binaryType = 'nodebuffer';
    onCancel(() => socket.terminate());
    socket.once('open', () => resolve(new WebSocketTransport(socket, description, secure ? tls.rejectUnauthorized !== false : undefined)));
    socket.once('error', (error) => reject(new TransportError(`cannot connect to ${description}: ${error.message}`, description, error)));
    socket.once('unexpected-response', (_request, response) =>
      reject(new TransportError(`cannot connect to ${description}: the server answered HTTP ${response.statusCode} instead of a WebSocket upgrade`, description)),
    );
  });
}

class WebSocketTransport implements Transport {
  private listeners: TransportEvents | null = null;
  private closed = false;
  private waiting: Promise<void> | null = null;

  constructor(
    private readonly socket: WebSocket,
    readonly description: string,
    readonly verified?: boolean,
  ) {
    socket.on('message', (data: Buffer | Buffer[] | ArrayBuffer) => {
      if (Array.isArray(data)) for (const part of data) this.listeners?.data(part);
      else this.listeners?.data(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
    });
    socket.on('error', (error) => this.finish(error));
    socket.on('close', (code, reason) =>
      this.finish(code === 1000 || code === 1005 ? undefined : new Error(`WebSocket closed with code ${code}${reason.length ? `: ${reason}` : ''}`)),
    );
  }

  setListeners(events: TransportEvents): void {
    this.listeners = events;
  }

  write(bytes: Uint8Array): Promise<void> | undefined {
    if (this.closed) return undefined;
    this.socket.send(bytes, { binary: true });
    if (this.socket.bufferedAmount < HIGH_WATER_MARK) return undefined;
    // ws has no drain event: poll its buffered amount until half of the high-water mark is gone.
    this.waiting ??= new Promise<void>((resolve) => {
      const check = () => {
        if (this.closed || this.socket.bufferedAmount < HIGH_WATER_MARK / 2) {
          this.waiting = null;
          resolve();
        } else setTimeout(check, 1);
      };
      check();
    });
    return this.waiting;
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  end(): void {
    if (!this.closed) this.socket.close(1000);
  }

  destroy(): void {
    this.socket.terminate();
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.listeners?.close(error);
  }
}
