/**
 * Heart-beats as negotiated by the CONNECT and CONNECTED the proxy relayed: each side promised to
 * send something (a frame or a beat) every so often. A side silent for more than twice its period
 * has broken the promise, and the other side will soon call it dead: say so before that happens,
 * once per silence. (Faults such as latency, bandwidth limits or a held frame cause exactly this.)
 */
import type { Direction, ProxyDiagnostic } from './proxy-types';

/** Silence longer than this many periods is reported. */
const TOLERANCE = 2;

interface Side {
  readonly direction: Direction;
  readonly period: number;
  lastAt: number;
  reported: boolean;
}

export class HeartbeatWatch {
  private sides: Side[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly report: (direction: Direction, diagnostic: ProxyDiagnostic) => void,
    /** The stream offset reached that way, for the diagnostic. */
    private readonly offsetOf: (direction: Direction) => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts watching once the periods are known (0: that side does not beat). */
  start(clientEvery: number, brokerEvery: number): void {
    this.stop();
    const at = this.now();
    this.sides = [
      { direction: 'client-to-broker' as Direction, period: clientEvery, lastAt: at, reported: false },
      { direction: 'broker-to-client' as Direction, period: brokerEvery, lastAt: at, reported: false },
    ].filter((side) => side.period > 0);
    if (this.sides.length === 0) return;
    const every = Math.max(50, Math.min(...this.sides.map((s) => s.period)) / 2);
    this.timer = setInterval(() => this.check(), every);
    this.timer.unref?.();
  }

  /** Bytes came from that side. */
  touch(direction: Direction): void {
    for (const side of this.sides) {
      if (side.direction !== direction) continue;
      side.lastAt = this.now();
      side.reported = false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  check(): void {
    const at = this.now();
    for (const side of this.sides) {
      const silent = at - side.lastAt;
      if (side.reported || silent <= side.period * TOLERANCE) continue;
      side.reported = true;
      const who = side.direction === 'client-to-broker' ? 'client' : 'broker';
      this.report(side.direction, {
        rule: 'heartbeat-missed',
        offset: this.offsetOf(side.direction),
        message: `nothing from the ${who} for ${(silent / 1000).toFixed(1)} s; it agreed to send something every ${(side.period / 1000).toFixed(1)} s`,
      });
    }
  }
}
