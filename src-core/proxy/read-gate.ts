/**
 * Whether a source may be read from. Several things can ask it to wait at once (the other side's
 * back-pressure, a held frame with bytes piling up behind it, an observer that cannot keep up);
 * it reads again only when none of them does.
 */
import type { Transport } from '../client/transport';

export type GateReason = 'outlet' | 'hold' | 'observer' | 'recorder' | 'upstream';

export class ReadGate {
  private readonly reasons = new Set<GateReason>();

  constructor(private readonly source: Pick<Transport, 'pause' | 'resume'>) {}

  get open(): boolean {
    return this.reasons.size === 0;
  }

  close(reason: GateReason): void {
    const wasOpen = this.reasons.size === 0;
    this.reasons.add(reason);
    if (wasOpen) this.source.pause?.();
  }

  release(reason: GateReason): void {
    if (!this.reasons.delete(reason)) return;
    if (this.reasons.size === 0) this.source.resume?.();
  }

  set(reason: GateReason, closed: boolean): void {
    if (closed) this.close(reason);
    else this.release(reason);
  }
}
