/**
 * When a flood of small frames arrives (a queue of small messages drained as fast as the broker
 * sends), the socket becomes readable again a few microseconds after each read and every read
 * brings a frame or three. Each read is a syscall plus a trip through the event loop, and each is
 * followed by a write of the ACKs for what it brought: at 30k messages/s that was a third of the
 * client's CPU. Waiting a millisecond before reading again lets the kernel gather what arrives
 * meanwhile, so one read (and one ACK write) covers dozens of frames. It is the receiving side of
 * what Nagle does for sending, or Kafka's fetch.max.wait.ms.
 *
 * Only small reads in quick succession pause. A read that brought a lot means the bytes are
 * already coming in bulk (large messages), where waiting would only let the kernel's receive
 * buffer fill and stall the sender. A read after a quiet spell never waits, so a lone message is
 * handled at once: the delay is paid only while a flood lasts, at most `windowMs` per read.
 */

export interface ReadCoalescingOptions {
  /** How long to wait before the next read while small reads come in quick succession; 0 turns coalescing off. */
  readonly windowMs: number;
  /** A read of at least this many bytes never waits. */
  readonly smallRead: number;
}

export const READ_COALESCING_DEFAULTS: ReadCoalescingOptions = { windowMs: 1, smallRead: 16 * 1024 };

export class ReadCoalescing {
  private lastReadAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: ReadCoalescingOptions = READ_COALESCING_DEFAULTS,
    private readonly now: () => number = () => performance.now(),
  ) {
    checkReadCoalesceMs(options.windowMs);
  }

  /**
   * Call after each read: the ms to wait before reading again, or 0 to read on at once. A read
   * that follows a wait comes about `windowMs` after the one before, so "quick succession" allows
   * two windows (timers fire late on a busy machine).
   */
  afterRead(bytes: number): number {
    const { windowMs, smallRead } = this.options;
    if (windowMs <= 0) return 0;
    const at = this.now();
    const quick = at - this.lastReadAt < 2 * windowMs;
    this.lastReadAt = at;
    return quick && bytes < smallRead ? windowMs : 0;
  }
}

/** Longer waits would stall a connection rather than batch it; a broken number must not reach a timer. */
export function checkReadCoalesceMs(ms: number): void {
  if (!(ms >= 0 && ms <= MAX_WINDOW_MS)) throw new RangeError(`readCoalesceMs must be a number of ms from 0 to ${MAX_WINDOW_MS}, not ${ms}`);
}

const MAX_WINDOW_MS = 100;
