/**
 * What the generator writes into each message so that a consumer (its own, or anyone's) can tell
 * which run and which message it is, and how long it took: three headers, so any body (fixed size,
 * a payload script's) works. Times are milliseconds since the epoch with microsecond decimals.
 */
export const RUN_HEADER = 'x-load-run';
export const SEQ_HEADER = 'x-load-seq';
export const SENT_AT_HEADER = 'x-load-sent-at';

/** Milliseconds since the epoch, to the microsecond, from the monotonic clock. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function stampHeaders(runId: string, seq: number, sentAt: number): [string, string][] {
  return [
    [RUN_HEADER, runId],
    [SEQ_HEADER, String(seq)],
    [SENT_AT_HEADER, sentAt.toFixed(3)],
  ];
}
