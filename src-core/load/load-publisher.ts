/**
 * Publishing over one or more connections on the pacer's schedule (load-pacer.ts): each message
 * stamped with the run, its sequence number and its send time, round-robin over the connections,
 * with or without receipts. A broker handles a connection's frames in order, so a RECEIPT
 * confirms its SEND and every earlier one on that connection: with `receiptEvery` N, every N-th
 * message of a connection asks for one and confirms the N, and the connection's DISCONNECT
 * receipt confirms the tail (confirmTail). Counts what was sent, confirmed, unconfirmed, failed.
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
  /** Per connection: messages written since its last receipt request, not confirmed yet. */
  private readonly uncovered: number[];

  constructor(
    private readonly clients: readonly StompClient[],
    private readonly options: LoadOptions,
    private readonly runId: string,
  ) {
    this.body = new Uint8Array(options.size).fill(0x78);
    this.uncovered = clients.map(() => 0);
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

  /**
   * Confirms, by each connection's DISCONNECT receipt, the messages sent after its last receipt
   * request (with receiptEvery > 1). The connections are closed after it.
   */
  async confirmTail(): Promise<void> {
    await Promise.all(
      this.clients.map(async (client, c) => {
        const tail = this.uncovered[c];
        if (!this.options.receipt || tail === 0 || client.state !== 'connected') return;
        try {
          await client.disconnect({ timeout: 10_000 });
          this.confirmed += tail;
        } catch (error) {
          this.unconfirmed += tail;
          this.firstError ??= `DISCONNECT receipt: ${(error as Error).message}`;
        }
        this.uncovered[c] = 0;
      }),
    );
  }

  private send(k: number): void {
    const c = k % this.clients.length;
    const client = this.clients[c];
    const { body, headers } = this.message(k);
    const stamped = stampHeaders(this.runId, k, epochMs());
    const all = headers.length || this.options.headers?.length ? [...stamped, ...(this.options.headers ?? []), ...headers] : stamped;
    const every = this.options.receiptEvery ?? 1;
    const covers = ++this.uncovered[c];
    const receipt = this.options.receipt && covers >= every;
    if (receipt) this.uncovered[c] = 0;
    this.inFlight++;
    this.bytesSent += body.length;
    client.send(this.options.destination, body, { headers: all, receipt }).then(
      () => {
        if (receipt) this.confirmed += covers;
        this.settle();
      },
      (error: unknown) => {
        if (error instanceof ReceiptTimeoutError) this.unconfirmed += covers;
        else if (receipt) this.failed += covers;
        else {
          this.failed++;
          // Not written: it will not be confirmed by the next receipt either.
          this.uncovered[c] = Math.max(0, this.uncovered[c] - 1);
        }
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
