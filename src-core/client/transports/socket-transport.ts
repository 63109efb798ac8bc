/**
 * A Transport over a node:net or node:tls socket (both are Duplex streams with the same events).
 * Bytes come straight from `onread` through `received` (see direct-reads.ts: how tcp.ts and
 * tls.ts open their sockets), which can hold the next read back to coalesce a flood; a socket
 * made without `onread` delivers 'data' events instead.
 */
import type { Socket } from 'node:net';
import type { Transport, TransportEvents } from '../transport';
import type { DirectReads } from './direct-reads';
import type { ReadCoalescing } from './read-coalescing';
import { WriteBatch } from './write-batch';

/** Writes smaller than this are joined with their neighbours; larger ones (bodies) go as they are. */
const JOIN_BELOW = 4096;
/** A batch this large goes into the socket at once; copying more in one piece buys nothing. */
const BATCH_LIMIT = 64 * 1024;

export interface SocketTransportOptions {
  /** TLS: whether the peer's certificate was verified, asked once the handshake is done. */
  readonly verified?: () => boolean;
  /** Turns a socket error into one that says what it means (TLS alerts after the handshake). */
  readonly explain?: (error: Error) => Error;
  /** The socket was made with these `onread` settings: its reads come to `received`, not as 'data' events. */
  readonly reads?: DirectReads;
}

export class SocketTransport implements Transport {
  private listeners: TransportEvents | null = null;
  private closed = false;
  private drain: Promise<void> | null = null;
  private corked = false;
  private readonly batch = new WriteBatch();
  /**
   * Frames written in one turn of the event loop (a publish loop, the ACKs for the frames one read
   * brought) leave in one writev at the end of that turn (setImmediate) instead of one syscall
   * each: the syscall was most of the client's CPU on small frames, and with large MESSAGEs, where
   * each chunk holds about one, an ACK a chunk was one syscall a message. Small frames are joined
   * first (WriteBatch); large bodies go to the socket as they are, without a copy.
   */
  private readonly uncork = () => {
    this.corked = false;
    this.handOverBatch();
    this.socket.uncork();
  };

  private resumeTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly resumeReading = () => {
    this.resumeTimer = null;
    if (!this.closed && !this.paused) this.socket.resume();
  };
  /** Asked to stop reading (pause()): the coalescing timer must not resume the socket then. */
  private paused = false;
  private readonly coalescing: ReadCoalescing | undefined;
  private readonly reads: DirectReads | undefined;
  private readonly isVerified: (() => boolean) | undefined;

  constructor(
    private readonly socket: Socket,
    readonly description: string,
    options: SocketTransportOptions = {},
  ) {
    this.isVerified = options.verified;
    this.reads = options.reads;
    this.coalescing = options.reads?.coalescing;
    const explain = options.explain ?? ((error: Error) => error);
    socket.setNoDelay(true);
    if (options.reads) options.reads.attach(this);
    else socket.on('data', (data: Buffer) => this.listeners?.data(data));
    socket.on('error', (error) => this.finish(explain(error)));
    socket.on('close', () => this.finish());
    socket.on('drain', () => (this.drain = null));
  }

  get verified(): boolean | undefined {
    return this.isVerified?.();
  }

  /**
   * One read's bytes, from node:net's `onread` callback, whose return value this is: false pauses
   * the socket, and a timer resumes it once the coalescing window has passed.
   */
  received(bytes: Uint8Array): boolean {
    this.listeners?.data(bytes);
    const wait = this.coalescing?.afterRead(bytes.length) ?? 0;
    if (wait === 0 || this.closed) return !this.paused;
    this.resumeTimer = setTimeout(this.resumeReading, wait);
    return false;
  }

  setListeners(events: TransportEvents): void {
    this.listeners = events;
  }

  pause(): void {
    this.paused = true;
    this.socket.pause();
  }

  resume(): void {
    this.paused = false;
    if (!this.closed && this.resumeTimer === null) this.socket.resume();
  }

  /** Only a socket reading through `onread` owns its read memory; one delivering 'data' events keeps it owned. */
  lendReads(heldFrom: () => number): void {
    this.reads?.lend(heldFrom);
  }

  write(bytes: Uint8Array): Promise<void> | undefined {
    if (this.closed) return undefined;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(this.uncork);
    }
    if (bytes.length < JOIN_BELOW) {
      this.batch.add(bytes);
      if (this.batch.size < BATCH_LIMIT) return this.socket.writableNeedDrain ? this.drained() : undefined;
      return this.handOverBatch() ? undefined : this.overHighWater();
    }
    this.handOverBatch(); // first, to keep the order
    return this.socket.write(bytes) ? undefined : this.overHighWater();
  }

  /** Moves the joined small frames into the socket; false when that put it over its high-water mark. */
  private handOverBatch(): boolean {
    const joined = this.batch.take();
    return joined === null || this.socket.write(joined);
  }

  /**
   * Over the high-water mark: that is batch enough, so out it goes now, and the caller waits for
   * 'drain'. Waiting for the end of the turn would only add a loop iteration per large frame.
   */
  private overHighWater(): Promise<void> {
    if (this.corked) this.uncork();
    return this.drained();
  }

  /** Resolves on 'drain' (or close); one promise for everyone waiting. */
  private drained(): Promise<void> {
    this.drain ??= new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return this.drain;
  }

  writeParts(parts: readonly Uint8Array[]): Promise<void> | undefined {
    let drained: Promise<void> | undefined;
    for (const part of parts) drained = this.write(part) ?? drained;
    return drained;
  }

  end(): void {
    if (this.closed) return;
    this.handOverBatch();
    this.socket.end();
  }

  destroy(error?: Error): void {
    // What was written before stays written, as without the coalescing: hand it to the kernel first.
    if (this.corked) this.uncork();
    this.socket.destroy(error);
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    // Releases the node:tls/net socket even on an error, so no handle is left open.
    this.socket.destroy();
    this.listeners?.close(error);
  }
}
