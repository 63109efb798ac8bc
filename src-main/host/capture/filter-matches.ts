/**
 * A filter's matches in one capture, remembered with how far the scan got: following the tail
 * with the same filter scans only what arrived since, and paging costs nothing.
 */
import type { MessageMatcher } from './message-filter';
import { PositionList } from './position-list';
import type { RecordRef } from './record-scanner';
import { batchSearch, type BatchSearch } from './record-search';

export class FilterMatches {
  readonly positions = new PositionList();
  /** Positions below this one have been tested. */
  scannedTo = 0;
  private readonly search: BatchSearch;

  constructor(
    /** The filter text, trimmed: the cache key. */
    readonly key: string,
    readonly generation: number,
    matcher: MessageMatcher,
  ) {
    this.search = batchSearch(matcher);
  }

  /** Tests the batches' records; `batches` must start at `scannedTo`. */
  async extend(batches: AsyncIterable<RecordRef[]>): Promise<void> {
    const push = (pos: number) => this.positions.push(pos);
    for await (const batch of batches) {
      this.search(batch, push);
      // Kept per batch, so a scan that fails half-way resumes instead of repeating matches.
      this.scannedTo = batch[batch.length - 1].pos + 1;
    }
  }
}
