/** A Transport over a node:net or node:tls socket (both are Duplex streams with the same events). */
import type { Socket } from 'node:net';
import type { Transport, TransportEvents } from '../transport';

export class SocketTransport implements Transport {
  private listeners: TransportEvents | null = null;
  private closed = false;
  private drain: Promise<void> | null = null;
  private corked = false;
  /**
   * Frames written in one turn of the event loop (a publish loop, the ACKs for the chunks read in
   * one poll) leave in one writev at the end of that turn (setImmediate) instead of one syscall
   * each: the syscall was most of the client's CPU on small frames, and with large MESSAGEs, where
   * each chunk holds about one, an ACK a chunk was one syscall a message.
   */
  private readonly uncork = () => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly socket: Socket,
    readonly description: string,
    readonly verified?: boolean,
    /** Turns a socket error into one that says what it means (TLS alerts after the handshake). */
    explain: (error: Error) => Error = (error) => error,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.listeners?.data(data));
    socket.on('error', (error) => this.finish(explain(error)));
    socket.on('close', () => this.finish());
    socket.on('drain', () => (this.drain = null));
  }

  setListeners(events: TransportEvents): void {
    this.listeners = events;
  }

  write(bytes: Uint8Array): Promise<void> | undefined {
    if (this.closed) return undefined;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(this.uncork);
    }
    if (this.socket.write(bytes)) return undefined;
    // Over the high-water mark: that is batch enough, and the caller now waits for 'drain'. Waiting
    // for the end of the turn would only add a loop iteration per large frame.
    if (this.corked) this.uncork();
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
    if (!this.closed) this.socket.end();
  }

  destroy(error?: Error): void {
    // What was written before stays written, as without the coalescing: hand it to the kernel first.
    if (this.corked) this.uncork();
    this.socket.destroy(error);
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    // Releases the node:tls/net socket even on an error, so no handle is left open.
    this.socket.destroy();
    this.listeners?.close(error);
  }
}
