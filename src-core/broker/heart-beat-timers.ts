/**
 * The two heart-beat clocks of a connection. Outgoing: after `send` ms with nothing written, write
 * a beat (so the line is never quiet longer than the period). Incoming: after twice the client's
 * period with nothing read, the client is dead (RabbitMQ and ActiveMQ allow about 2× too).
 * Both are refreshed, not re-created, on every write and read: that is cheap at any message rate.
 */
import type { HeartBeatPeriods } from './negotiate';

/** How many of its periods a client may stay silent before it is dropped. */
export const DEAD_CLIENT_FACTOR = 2;

export class HeartBeatTimers {
  private periods: HeartBeatPeriods = { send: 0, receive: 0 };
  private sendTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private readonly beat: () => void;
  private readonly dead: () => void;

  constructor(beat: () => void, dead: () => void) {
    this.beat = beat;
    this.dead = dead;
  }

  start(periods: HeartBeatPeriods): void {
    this.stop();
    this.periods = periods;
    this.resume();
  }

  /** Restarts both clocks from now (after a stall, the client gets a full grace period). */
  resume(): void {
    this.pause();
    const { send, receive } = this.periods;
    if (send > 0) {
      this.sendTimer = setTimeout(() => {
        this.beat();
        this.sendTimer?.refresh();
      }, send);
    }
    if (receive > 0) this.watchTimer = setTimeout(this.dead, receive * DEAD_CLIENT_FACTOR);
  }

  pause(): void {
    clearTimeout(this.sendTimer);
    clearTimeout(this.watchTimer);
    this.sendTimer = undefined;
    this.watchTimer = undefined;
  }

  stop(): void {
    this.pause();
    this.periods = { send: 0, receive: 0 };
  }

  /** Something was written: the next beat is due a full period from now. */
  wrote(): void {
    this.sendTimer?.refresh();
  }

  /** Something was read: the client is alive. */
  received(): void {
    this.watchTimer?.refresh();
  }
}
