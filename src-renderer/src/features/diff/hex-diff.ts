/**
 * Two bodies compared byte by byte, a page at a time (each page fetched when needed, so a body of
 * any size costs one page of memory per side): the first differing byte, and each run of
 * differing bytes with its offset and length. Bounded: the runs listed stop at MAX_RUNS (the count
 * goes on), a few rows of each side are kept around the first runs for display, and the caller
 * can stop the walk at any page.
 */

export interface BodyReader {
  readonly size: number;
  /** Bytes [offset, offset + length) of the body, clipped to its end. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface DiffRun {
  readonly offset: number;
  readonly length: number;
  /** Past the end of the shorter body: bytes only one side has. */
  readonly onlyIn?: 'left' | 'right';
}

/** Rows of both sides around a run, for display: `start` is a multiple of 16. */
export interface RunContext {
  readonly start: number;
  readonly left: Uint8Array;
  readonly right: Uint8Array;
}

export interface HexDiff {
  readonly leftSize: number;
  readonly rightSize: number;
  readonly firstDifference: number | undefined;
  readonly runs: readonly DiffRun[];
  /** How many runs there are in all (more than listed when the list filled up). */
  readonly runCount: number;
  readonly differingBytes: number;
  readonly contexts: ReadonlyMap<number, RunContext>;
  /** Bytes compared so far; equal to the longer size when done. */
  readonly compared: number;
  readonly done: boolean;
}

export const PAGE = 1024 * 1024;
const MAX_RUNS = 2000;
const CONTEXTS = 200;
/** Context bytes kept per run: the rows it starts in, at most this many. */
const CONTEXT_BYTES = 64;

export async function diffBodies(left: BodyReader, right: BodyReader, options: { onProgress?(diff: HexDiff): void; signal?: AbortSignal } = {}): Promise<HexDiff> {
  const common = Math.min(left.size, right.size);
  const longer = Math.max(left.size, right.size);
  const runs: DiffRun[] = [];
  const contexts = new Map<number, RunContext>();
  let runCount = 0;
  let differing = 0;
  let first: number | undefined;
  let open: { offset: number; length: number } | undefined;
  const snapshot = (compared: number, done: boolean): HexDiff => ({
    leftSize: left.size,
    rightSize: right.size,
    firstDifference: first,
    runs: open && runs.length < MAX_RUNS ? [...runs, { ...open }] : [...runs],
    runCount: runCount + (open ? 1 : 0),
    differingBytes: differing,
    contexts,
    compared,
    done,
  });
  const close = () => {
    if (!open) return;
    runCount++;
    if (runs.length < MAX_RUNS) runs.push(open);
    open = undefined;
  };

  for (let offset = 0; offset < common; offset += PAGE) {
    if (options.signal?.aborted) return snapshot(offset, false);
    const length = Math.min(PAGE, common - offset);
    const [a, b] = await Promise.all([left.read(offset, length), right.read(offset, length)]);
    for (let i = 0; i < length; i++) {
      if (a[i] === b[i]) {
        if (open) close();
        continue;
      }
      differing++;
      const at = offset + i;
      first ??= at;
      if (open) open.length++;
      else {
        open = { offset: at, length: 1 };
        if (contexts.size < CONTEXTS) {
          const start = at - (at % 16);
          const end = Math.min(start + CONTEXT_BYTES, offset + length);
          // A run's first rows on both sides, within this page (pages are whole rows).
          contexts.set(at, { start, left: a.slice(start - offset, end - offset), right: b.slice(start - offset, end - offset) });
        }
      }
    }
    options.onProgress?.(snapshot(offset + length, false));
    // One page a turn: the UI stays responsive however large the bodies are.
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  close();
  if (longer > common) {
    const onlyIn = left.size > right.size ? 'left' : 'right';
    runCount++;
    differing += longer - common;
    first ??= common;
    if (runs.length < MAX_RUNS) runs.push({ offset: common, length: longer - common, onlyIn });
  }
  return snapshot(longer, true);
}
