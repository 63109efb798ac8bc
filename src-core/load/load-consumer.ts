/**
 * The generator's own consumer: counts this run's messages by their sequence number (first
 * arrivals, duplicates), measures each one's latency from the timestamp it carries, and counts
 * anything else on the destination as foreign. Bodies are borrowed: nothing is kept.
 */
import type { StompClient } from '../client/stomp-client';
import type { StompMessage } from '../client/stomp-message';
import { getHeader } from '../protocol/frame';
import { LatencyHistogram } from './latency-histogram';
import { epochMs, RUN_HEADER, SENT_AT_HEADER, SEQ_HEADER } from './load-stamp';
import { SeqTracker } from './seq-tracker';

export class LoadConsumer {
  readonly seqs = new SeqTracker();
  readonly latency = new LatencyHistogram();
  readonly intervalLatency = new LatencyHistogram();
  foreign = 0;
  lastArrival = 0;

  constructor(
    private readonly client: StompClient,
    readonly destination: string,
    private readonly runId: string,
    /** How many messages were sent so far: a sequence number at or past it is not ours. */
    private readonly sentSoFar: () => number,
  ) {}

  get received(): number {
    return this.seqs.distinct;
  }

  /** Subscribes and waits for the broker's receipt, so nothing published after is missed. */
  async start(): Promise<void> {
    await this.client.subscribe(this.destination, (message) => this.onMessage(message), { ack: 'auto', receipt: true });
  }

  private onMessage(message: StompMessage): void {
    const frame = message.frame;
    if (getHeader(frame, RUN_HEADER) !== this.runId) {
      this.foreign++;
      return;
    }
    this.lastArrival = performance.now();
    const seq = Number(getHeader(frame, SEQ_HEADER));
    if (!this.seqs.mark(seq, this.sentSoFar())) return;
    const sentAt = Number(getHeader(frame, SENT_AT_HEADER));
    if (Number.isFinite(sentAt)) {
      const ms = epochMs() - sentAt;
      this.latency.record(ms);
      this.intervalLatency.record(ms);
    }
  }
}
