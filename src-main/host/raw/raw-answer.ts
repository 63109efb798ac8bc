/**
 * What the broker answered raw bytes with: every frame that comes in on the connection and its
 * end are watched from just before the write until the RECEIPT asked for, a drop, an ERROR (plus
 * a moment to see whether the broker hangs up after it), or the time allowed runs out. Bounded in
 * time and in what it keeps.
 */
import { RAW_LIMITS, type RawAnswer } from '../../../src-core/api/schemas/raw';
import type { StompClient } from '../../../src-core/client/stomp-client';
import { getHeader } from '../../../src-core/protocol/frame';

/** After an ERROR, how long to wait for the close that often follows. */
const AFTER_ERROR_MS = 500;

export interface AnswerWatch {
  /** Call right after the bytes were handed to the connection: times count from here. */
  written(): void;
  /** Resolves when the answer is settled (see the file's comment). */
  readonly answer: Promise<RawAnswer>;
  /** Stops watching at once (the write failed). */
  cancel(): void;
}

export function watchAnswer(client: StompClient, options: { receiptId: string | undefined; waitMs: number; unfinished: boolean }): AnswerWatch {
  const { receiptId, waitMs } = options;
  let start = performance.now();
  const since = () => Math.round((performance.now() - start) * 10) / 10;
  const frames: RawAnswer['frames'] = [];
  let receipt: RawAnswer['receipt'];
  let error: RawAnswer['error'];
  let dropped: RawAnswer['dropped'];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settle: (answer: RawAnswer) => void = () => undefined;
  const answer = new Promise<RawAnswer>((resolve) => (settle = resolve));
  let done = false;

  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    stopWire();
    stopDrop();
    // After a drop the client may still say `connected` for a moment (it reconnects next): the drop decides.
    settle(compose({ frames, receipt, error, dropped, receiptId, waitedMs: since(), waitMs, unfinished: options.unfinished, connected: !dropped && client.state === 'connected' }));
  };

  const stopWire = client.on('wire', (entry) => {
    if (done || entry.kind !== 'frame' || entry.direction !== 'in') return;
    const { frame } = entry;
    const afterMs = since();
    if (frames.length < RAW_LIMITS.listed) frames.push({ command: frame.command, afterMs, headers: frame.headers.slice(0, 50).map(([n, v]) => [n, v]) });
    if (frame.command === 'RECEIPT' && receiptId !== undefined && getHeader(frame, 'receipt-id') === receiptId) {
      receipt = { id: receiptId, latencyMs: afterMs };
      if (!error) finish();
    } else if (frame.command === 'ERROR' && !error) {
      const body = new TextDecoder().decode(frame.body.subarray(0, RAW_LIMITS.errorBody));
      error = { headers: frame.headers.map(([n, v]) => [n, v]), body, bodyLength: frame.body.length, afterMs };
      const message = getHeader(frame, 'message');
      if (message !== undefined) error.message = message;
      clearTimeout(timer);
      timer = setTimeout(finish, Math.max(0, Math.min(AFTER_ERROR_MS, waitMs - afterMs)));
    }
  });
  const stopDrop = client.on('disconnected', ({ error: cause, willReconnect }) => {
    if (done) return;
    dropped = { reason: cause?.message ?? 'the connection closed', afterMs: since(), willReconnect };
    finish();
  });

  return {
    written() {
      start = performance.now();
      clearTimeout(timer);
      if (!done) timer = setTimeout(finish, waitMs);
    },
    answer,
    cancel() {
      done = true;
      clearTimeout(timer);
      stopWire();
      stopDrop();
    },
  };
}

interface Observed {
  readonly frames: RawAnswer['frames'];
  readonly receipt: RawAnswer['receipt'];
  readonly error: RawAnswer['error'];
  readonly dropped: RawAnswer['dropped'];
  readonly receiptId: string | undefined;
  readonly waitedMs: number;
  readonly waitMs: number;
  readonly unfinished: boolean;
  readonly connected: boolean;
}

function compose(o: Observed): RawAnswer {
  const base = { waitedMs: o.waitedMs, frames: o.frames, connected: o.connected };
  const drop = o.dropped ? `${o.dropped.willReconnect ? '; the app is reconnecting' : ''}` : '';
  if (o.error) {
    const then = o.dropped ? `, then closed the connection${drop}` : o.connected ? '; the connection stays open' : '';
    const answer: RawAnswer = { ...base, outcome: 'error', summary: `ERROR ${JSON.stringify(o.error.message ?? '(no message header)')} after ${ms(o.error.afterMs)}${then}`, error: o.error };
    if (o.dropped) answer.dropped = o.dropped;
    if (o.receipt) answer.receipt = o.receipt;
    return answer;
  }
  if (o.receipt) return { ...base, outcome: 'receipt', summary: `RECEIPT ${o.receipt.id} after ${ms(o.receipt.latencyMs)}: the broker processed the frame`, receipt: o.receipt };
  if (o.dropped) {
    return { ...base, outcome: 'dropped', summary: `the broker closed the connection after ${ms(o.dropped.afterMs)} without an ERROR (${o.dropped.reason})${drop}`, dropped: o.dropped };
  }
  const why = o.unfinished
    ? ': the frame is unfinished, so the broker is most likely still waiting for the rest of it'
    : o.receiptId !== undefined
      ? `, although receipt ${o.receiptId} was asked for`
      : '; nothing confirms the broker processed it (add a receipt header to know)';
  return { ...base, outcome: 'silent', summary: `no RECEIPT, ERROR or drop within ${ms(o.waitMs)}${why}` };
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(value % 1000 === 0 ? 0 : 1)} s` : `${Math.round(value)} ms`;
}
