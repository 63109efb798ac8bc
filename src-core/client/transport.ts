/**
 * The one interface the client needs from a byte stream: connect, write with back-pressure,
 * receive, close. TCP, TLS and WebSocket implement it; tests can implement it in memory.
 */

export type TransportScheme = 'tcp' | 'ssl' | 'tls' | 'ws' | 'wss';

export interface TransportAddress {
  readonly scheme: TransportScheme;
  readonly host: string;
  readonly port: number;
  /** WebSocket path (with query), e.g. `/ws`. */
  readonly path?: string;
}

export interface TlsSettings {
  /** PEM certificates of the CAs to trust; the system's CAs when absent. */
  readonly ca?: string | Uint8Array;
  readonly cert?: string | Uint8Array;
  readonly key?: string | Uint8Array;
  readonly passphrase?: string;
  /** SNI and the name checked against the certificate; the host by default. */
  readonly servername?: string;
  /**
   * Verification of the broker's certificate is on unless this is explicitly false. The client
   * reports a connection made without verification in its connected event, so the UI can show it.
   */
  readonly rejectUnauthorized?: boolean;
}

export interface TransportOptions {
  /** Milliseconds to establish the connection (TCP, TLS handshake, WebSocket upgrade). */
  readonly connectTimeout: number;
  readonly tls?: TlsSettings;
  /** Extra WebSocket settings: subprotocols offered (default v12/v11/v10.stomp) and headers. */
  readonly webSocket?: { readonly protocols?: readonly string[]; readonly headers?: Readonly<Record<string, string>> };
  /**
   * TCP and TLS: while small frames flood in, wait this many ms between reads so one read (and one
   * ACK write) covers many frames (see read-coalescing.ts). Default 1; 0 reads as soon as bytes come.
   */
  readonly readCoalesceMs?: number;
}

export interface TransportEvents {
  data(bytes: Uint8Array): void;
  /** Exactly once, after an orderly end or a failure (then with the error). */
  close(error?: Error): void;
}

export interface Transport {
  /** `tcp://127.0.0.1:61613`-style name of the peer, for logs and the UI. */
  readonly description: string;
  /** Whether the peer's certificate was verified (TLS only). */
  readonly verified?: boolean;
  setListeners(events: TransportEvents): void;
  /**
   * Borrowed bodies: from now on, memory holding only bytes delivered through `data` below stream
   * offset `heldFrom()` (counted from the first byte delivered) may be read into again, its old
   * views detached. Transports that cannot (WebSocket) leave it out: their bytes stay owned.
   */
  lendReads?(heldFrom: () => number): void;
  /**
   * Queues bytes. Returns a promise when the transport's buffer is over its high-water mark:
   * callers that await it never buffer without bound.
   */
  write(bytes: Uint8Array): Promise<void> | undefined;
  /**
   * Writes the parts of ONE frame back to back without joining them (a stream socket's writev).
   * Message transports (WebSocket: one frame per message) leave it out, and get joined bytes.
   */
  writeParts?(parts: readonly Uint8Array[]): Promise<void> | undefined;
  /**
   * Stops reading until `resume()` (a relay whose other side is over its high-water mark: the
   * proxy). Bytes already read may still be delivered once.
   */
  pause?(): void;
  resume?(): void;
  /** Flushes what is queued, then closes. */
  end(): void;
  /** Closes at once. */
  destroy(error?: Error): void;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly address: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export function describeAddress(address: TransportAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${address.scheme}://${host}:${address.port}${address.path ?? ''}`;
}
