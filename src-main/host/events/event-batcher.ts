/**
 * Coalesces the host's high-rate notifications into a few events a second: whatever happened to
 * a connection, a capture or a wire log since the last flush becomes one event. Nothing is lost:
 * the events carry totals, and the UI pages the rest from the host.
 */
import type { EventEnvelope, EventName, EventPayload } from '../../../src-core/api';

export interface BatchSources {
  connection(connectionId: string): EventPayload<'connection.changed'> | undefined;
  captured(captureId: string, added: number): EventPayload<'messages.captured'> | undefined;
  wire(connectionId: string, sinceSeq: number): EventPayload<'wire.appended'> | undefined;
  captures(): EventPayload<'captures.changed'>;
}

export class EventBatcher {
  private readonly connections = new Set<string>();
  private readonly captures = new Map<string, { added: number }>();
  private readonly wire = new Map<string, number>();
  /**
   * The capture and the wire log named last: a flood names the same ones message after message,
   * and two Map operations a message were a measurable part of the host's work at 10k msg/s.
   */
  private lastCaptureId: string | undefined;
  private lastCapture = { added: 0 };
  private lastWireId: string | undefined;
  private readonly receipts = new Set<string>();
  private capturesChanged = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly sources: BatchSources,
    private readonly emit: (event: EventEnvelope) => void,
    private readonly intervalMs = 200,
  ) {}

  connectionChanged(connectionId: string): void {
    this.connections.add(connectionId);
    this.capturesChanged = true;
    this.schedule();
  }

  messageCaptured(captureId: string): void {
    if (captureId !== this.lastCaptureId) {
      let counted = this.captures.get(captureId);
      if (!counted) this.captures.set(captureId, (counted = { added: 0 }));
      this.lastCaptureId = captureId;
      this.lastCapture = counted;
    }
    this.lastCapture.added++;
    this.schedule();
  }

  /** `seq` is the wire entry's number; the first one since the last flush is kept. */
  wireAppended(connectionId: string, seq: number): void {
    if (connectionId !== this.lastWireId) {
      if (!this.wire.has(connectionId)) this.wire.set(connectionId, seq);
      this.lastWireId = connectionId;
    }
    this.schedule();
  }

  receiptsChanged(connectionId: string): void {
    this.receipts.add(connectionId);
    this.schedule();
  }

  capturesListChanged(): void {
    this.capturesChanged = true;
    this.schedule();
  }

  /** Rare and important: sent at once. */
  now<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emit({ kind: 'event', event, payload } as EventEnvelope);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const id of this.connections) {
      const payload = this.sources.connection(id);
      if (payload) this.now('connection.changed', payload);
    }
    for (const [id, { added }] of this.captures) {
      const payload = this.sources.captured(id, added);
      if (payload) this.now('messages.captured', payload);
    }
    for (const [id, since] of this.wire) {
      const payload = this.sources.wire(id, since);
      if (payload) this.now('wire.appended', payload);
    }
    for (const id of this.receipts) this.now('receipts.changed', { connectionId: id });
    if (this.capturesChanged || this.captures.size) this.now('captures.changed', this.sources.captures());
    this.connections.clear();
    this.captures.clear();
    this.wire.clear();
    this.lastCaptureId = this.lastWireId = undefined;
    this.receipts.clear();
    this.capturesChanged = false;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }
}
