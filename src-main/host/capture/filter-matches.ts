/**
 * A filter's matches in one capture, remembered with how far the scan got: following the tail
 * with the same filter scans only what arrived since, and paging costs nothing.
 */
import type { MessageMatcher } from './message-filter';
import { PositionList } from './position-list';
import { decodeRecord } from './record-codec';
import type { RecordRef } from './record-scanner';

export class FilterMatches {
  readonly positions = new PositionList();
  /** Positions below this one have been tested. */
  scannedTo = 0;

  constructor(
    /** The filter text, trimmed: the cache key. */
    readonly key: string,
    readonly generation: number,
    private readonly matcher: MessageMatcher,
  ) {}

  /** Tests the batches' records; `batches` must start at `scannedTo`. */
  async extend(batches: AsyncIterable<RecordRef[]>): Promise<void> {
    for await (const batch of batches) {
      for (const { pos, bytes } of batch) {
        const record = decodeRecord(bytes);
        if (this.matcher(record.headers, record.body)) this.positions.push(pos);
      }
      // Kept per batch, so a scan that fails half-way resumes instead of repeating matches.
      this.scannedTo = batch[batch.length - 1].pos + 1;
    }
  }
}
