/**
 * Publishing over one or more connections on the pacer's schedule (load-pacer.ts): each message
 * stamped with the run, its sequence number and its send time, round-robin over the connections,
 * with or without a receipt. Counts what was sent, confirmed and failed.
 */
import { ReceiptTimeoutError } from '../client/receipt-tracker';
import type { StompClient } from '../client/stomp-client';
import type { LoadOptions } from './load-options';
import { LoadPacer } from './load-pacer';
import { epochMs, stampHeaders } from './load-stamp';

/** Payload script messages are built this many at a time, ahead of need. */
const BUILD_AHEAD = 256;

export class LoadPublisher {
  confirmed = 0;
  /** Written, but no RECEIPT within the receipt timeout (the broker may still have it). */
  unconfirmed = 0;
  /** Not written: the connection was gone, or the frame could not be built. */
  failed = 0;
  inFlight = 0;
  firstError: string | undefined;
  bytesSent = 0;
  readonly pacer: LoadPacer;
  private readonly body: Uint8Array;
  private built: { body: Uint8Array; headers: readonly (readonly [string, string])[] }[] = [];
  private builtFrom = 0;
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly clients: readonly StompClient[],
    private readonly options: LoadOptions,
    private readonly runId: string,
  ) {
    this.body = new Uint8Array(options.size).fill(0x78);
    this.pacer = new LoadPacer({ rate: options.rate, durationMs: options.durationMs, maxInFlight: options.maxInFlight ?? 10_000 }, (k) => this.send(k), () => this.inFlight);
  }

  get sent(): number {
    return this.pacer.sent;
  }

  stop(): void {
    this.pacer.stop();
  }

  run(): Promise<void> {
    return this.pacer.run();
  }

  /** Resolves when every send has its receipt (or its failure). */
  settled(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private send(k: number): void {
    const client = this.clients[k % this.clients.length];
    const { body, headers } = this.message(k);
    const stamped = stampHeaders(this.runId, k, epochMs());
    const all = headers.length || this.options.headers?.length ? [...stamped, ...(this.options.headers ?? []), ...headers] : stamped;
    this.inFlight++;
    this.bytesSent += body.length;
    client.send(this.options.destination, body, { headers: all, receipt: this.options.receipt }).then(
      () => {
        if (this.options.receipt) this.confirmed++;
        this.settle();
      },
      (error: unknown) => {
        if (error instanceof ReceiptTimeoutError) this.unconfirmed++;
        else this.failed++;
        this.firstError ??= error instanceof Error ? error.message : String(error);
        this.settle();
      },
    );
  }

  private settle(): void {
    this.inFlight--;
    this.pacer.wakeUp();
    if (this.inFlight === 0) for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private message(k: number): { body: Uint8Array; headers: readonly (readonly [string, string])[] } {
    const payload = this.options.payload;
    if (!payload) return { body: this.body, headers: [] };
    if (k < this.builtFrom || k >= this.builtFrom + this.built.length) {
      this.built = payload.build(k, BUILD_AHEAD);
      this.builtFrom = k;
    }
    return this.built[k - this.builtFrom];
  }
}
