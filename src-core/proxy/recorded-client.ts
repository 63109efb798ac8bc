/**
 * A recorded client played back as the client side of a proxied connection: it "sends" the
 * recorded pieces (at their recorded pace, or as fast as the broker side takes them), takes what
 * the broker answers, and closes once it has sent everything and the broker has gone quiet for
 * `lingerMs` (or closes itself first).
 */
import type { Transport, TransportEvents } from '../client/transport';
import type { ReplayPiece } from './replay-stream';

export class RecordedClient implements Transport {
  readonly description: string;
  private listeners: TransportEvents | null = null;
  private next = 0;
  private paused = true;
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  /** Bytes the broker side sent to this client. */
  received = 0;
  sent = 0;

  constructor(
    private readonly pieces: readonly ReplayPiece[],
    private readonly paced: boolean,
    private readonly lingerMs: number,
    name: string,
  ) {
    this.description = name;
  }

  setListeners(events: TransportEvents): void {
    this.listeners = events;
  }

  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  resume(): void {
    if (this.closed || !this.paused) return;
    this.paused = false;
    if (this.startedAt === 0) this.startedAt = performance.now();
    this.feed();
  }

  write(bytes: Uint8Array): undefined {
    this.received += bytes.length;
    // The broker is still talking: wait for it to finish before closing.
    if (this.next >= this.pieces.length && !this.paused) this.schedule(this.lingerMs);
    return undefined;
  }

  end(): void {
    this.finish();
  }

  destroy(error?: Error): void {
    this.finish(error);
  }

  private feed(): void {
    this.clearTimer();
    const first = this.pieces[0]?.atMs ?? 0;
    while (!this.paused && !this.closed && this.next < this.pieces.length) {
      const piece = this.pieces[this.next];
      if (this.paced) {
        const due = this.startedAt + (piece.atMs - first);
        const wait = due - performance.now();
        if (wait > 1) return this.schedule(wait);
      }
      this.next++;
      this.sent += piece.bytes.length;
      this.listeners?.data(piece.bytes);
    }
    if (this.next >= this.pieces.length && !this.paused) this.schedule(this.lingerMs);
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.next < this.pieces.length) this.feed();
      else this.finish();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private finish(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimer();
    // As a socket does: the close comes after the current call has returned.
    queueMicrotask(() => this.listeners?.close(error));
  }
}
