/**
 * Reads a capture's records in order, in batches, wherever they are. In-memory runs are views;
 * spilled runs are read in ~1 MiB chunks through a handle of the scan's own, so a search or an
 * export of a long capture never loads it whole. Spills may happen between batches: an offset
 * still names the same bytes, so each run just looks again where it is. A clear meanwhile ends
 * the scan with CaptureClearedError.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CaptureClearedError } from './capture-errors';
import { readExactly, type SpillFile } from './spill-file';

/** What a scan needs of a capture, asked afresh each time: spills and clears happen meanwhile. */
export interface ScanSource {
  readonly captureId: string;
  /** Changes when the capture is cleared. */
  generation(): number;
  spilledBytes(): number;
  spillFile(): SpillFile;
  logOffset(pos: number): number;
  recordLength(pos: number): number;
  /** Bytes at an offset that is in memory, as a view. */
  read(offset: number, length: number): Buffer;
  /** Keeps the views read valid until the returned function is called (the log reuses memory otherwise). */
  hold(): () => void;
}

export interface RecordRef {
  readonly pos: number;
  readonly bytes: Buffer;
}

const BATCH_BYTES = 1024 * 1024;
/** Memory runs never wait for I/O: let the event loop run every few MiB so messages keep flowing. */
const TURN_BYTES = 8 * BATCH_BYTES;

/** `batchBytes`: about how many bytes of records a batch holds (a reader that needs few asks for few). */
export async function* scanRecords(source: ScanSource, from: number, to: number, batchBytes = BATCH_BYTES): AsyncGenerator<RecordRef[]> {
  const generation = source.generation();
  const check = () => {
    if (source.generation() !== generation) throw new CaptureClearedError(source.captureId);
  };
  let reader: Awaited<ReturnType<SpillFile['openReader']>> | undefined;
  let sinceTurn = 0;
  // The batches yielded are views, and the caller may await while it holds them.
  const release = source.hold();
  try {
    let pos = from;
    while (pos < to) {
      const batch: RecordRef[] = [];
      const start = source.logOffset(pos);
      const spilled = source.spilledBytes();
      let bytes = 0;
      if (start >= spilled) {
        // No await in this loop, so no spill can move the records read here.
        while (pos < to && bytes < batchBytes) {
          const length = source.recordLength(pos);
          batch.push({ pos, bytes: source.read(source.logOffset(pos), length) });
          bytes += length;
          pos++;
        }
      } else {
        let end = pos;
        let endOffset = start;
        while (end < to) {
          const offset = source.logOffset(end);
          const length = source.recordLength(end);
          if (offset + length > spilled || (end > pos && offset + length - start > batchBytes)) break;
          endOffset = offset + length;
          end++;
        }
        reader ??= await source.spillFile().openReader();
        const chunk = await readExactly(reader, start, endOffset - start);
        check();
        for (; pos < end; pos++) {
          const at = source.logOffset(pos) - start;
          batch.push({ pos, bytes: chunk.subarray(at, at + source.recordLength(pos)) });
        }
        bytes = chunk.length;
      }
      yield batch;
      check();
      sinceTurn += bytes;
      if (sinceTurn >= TURN_BYTES) {
        sinceTurn = 0;
        await nextTurn();
        check();
      }
    }
  } finally {
    release();
    await reader?.close();
  }
}
