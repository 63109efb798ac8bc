/**
 * What is counted for one scope, a destination or a whole connection: plain number fields, a
 * per-second series and a latency histogram, all made once when the scope is first seen.
 */
import { STATS_LIMITS, type StatsRow } from '../../../src-core/api/schemas/stats';
import { LatencyHistogram } from './latency-histogram';
import { Column, SecondSeries } from './second-series';

/** Seconds the row's rate is averaged over. */
export const RATE_SECONDS = 5;

export class TrafficCounters {
  messagesIn = 0;
  messagesOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  acks = 0;
  nacks = 0;
  redeliveries = 0;
  firstAt: number | undefined;
  lastInAt: number | undefined;
  lastOutAt: number | undefined;
  readonly series = new SecondSeries(STATS_LIMITS.windowSeconds);
  readonly receipts = new LatencyHistogram();
  /** Counted since the last batch went out. */
  dirty = false;
  /** The rates the last batch carried: a row whose rate was not yet zero is sent again until it is. */
  lastRateIn = 0;
  lastRateOut = 0;

  messageIn(at: number, bytes: number, redelivered: boolean): void {
    this.messagesIn++;
    this.bytesIn += bytes;
    if (redelivered) this.redeliveries++;
    this.series.add(Math.floor(at / 1000), Column.MessagesIn, bytes);
    this.lastInAt = at;
    this.firstAt ??= at;
    this.dirty = true;
  }

  messageOut(at: number, bytes: number): void {
    this.messagesOut++;
    this.bytesOut += bytes;
    this.series.add(Math.floor(at / 1000), Column.MessagesOut, bytes);
    this.lastOutAt = at;
    this.firstAt ??= at;
    this.dirty = true;
  }

  settled(kind: 'ack' | 'nack'): void {
    if (kind === 'ack') this.acks++;
    else this.nacks++;
    this.dirty = true;
  }

  receipt(ms: number): void {
    this.receipts.record(ms);
    this.dirty = true;
  }

  rateIn(nowSecond: number): number {
    return this.series.sum(Column.MessagesIn, nowSecond, RATE_SECONDS) / RATE_SECONDS;
  }

  rateOut(nowSecond: number): number {
    return this.series.sum(Column.MessagesOut, nowSecond, RATE_SECONDS) / RATE_SECONDS;
  }

  /** The row as the contract has it (destination and subscription state come from the caller). */
  row(destination: string, subscribed: boolean, nowSecond: number): StatsRow {
    const row: StatsRow = {
      destination,
      messagesIn: this.messagesIn,
      messagesOut: this.messagesOut,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      acks: this.acks,
      nacks: this.nacks,
      redeliveries: this.redeliveries,
      receipts: this.receipts.summary(),
      rateIn: this.rateIn(nowSecond),
      rateOut: this.rateOut(nowSecond),
      subscribed,
    };
    if (this.firstAt !== undefined) row.firstAt = this.firstAt;
    if (this.lastInAt !== undefined) row.lastInAt = this.lastInAt;
    if (this.lastOutAt !== undefined) row.lastOutAt = this.lastOutAt;
    return row;
  }

  clear(): void {
    this.messagesIn = this.messagesOut = this.bytesIn = this.bytesOut = 0;
    this.acks = this.nacks = this.redeliveries = 0;
    this.firstAt = this.lastInAt = this.lastOutAt = undefined;
    this.series.clear();
    this.receipts.clear();
    this.lastRateIn = this.lastRateOut = 0;
    this.dirty = true;
  }
}
