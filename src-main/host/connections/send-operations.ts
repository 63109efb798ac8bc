/** Sending, replaying, resubmitting and transactions on one live connection. */
import { ApiError, type SendOutcome, type ValidParams } from '../../../src-core/api';
import { getHeader } from '../../../src-core/protocol/frame';
import { bodyBytes, resendHeaders } from './body-input';
import type { CapturePort } from './capture-port';
import type { LiveConnection } from './live-connection';
import { rawReplayBytes } from './raw-replay';
import { SendJob, type SendProgress, type SendWork } from './send-job';
import { findPending } from './subscription-operations';
import { toApiError } from './to-api-error';

/** Where a job's progress goes: the host sends it to the UI as `send.progress` events. */
export type ProgressSink = (operationId: string, progress: SendProgress) => void;

interface Outgoing {
  destination: string;
  headers: [string, string][];
  body: Uint8Array;
}

interface SendSettings {
  copies: number;
  receipt: boolean;
  transactionId?: string;
  contentLength?: 'auto' | 'omit';
  operationId?: string;
}

let anonymous = 0;

/** Runs a job under its operation id (the UI's, to cancel it; else one of ours), one at a time per id. */
async function runJob(connection: LiveConnection, work: SendWork, operationId: string | undefined, progress: ProgressSink): Promise<SendOutcome> {
  const id = operationId ?? `op-${++anonymous}`;
  if (connection.jobs.has(id)) throw new ApiError('conflict', `an operation ${id} is already running`);
  const job = new SendJob(connection, work, (p) => progress(id, p));
  connection.jobs.set(id, job);
  try {
    return await job.run();
  } finally {
    connection.jobs.delete(id);
  }
}

function sendCopies(connection: LiveConnection, message: Outgoing, options: SendSettings, progress: ProgressSink): Promise<SendOutcome> {
  connection.requireConnected(`send to ${message.destination}`);
  const tx = options.transactionId === undefined ? undefined : connection.transactions.get(options.transactionId);
  if (options.transactionId !== undefined && !tx) throw new ApiError('not-found', `no open transaction ${options.transactionId}`);
  return runJob(
    connection,
    {
      purpose: `SEND to ${message.destination}${tx ? ` in ${options.transactionId}` : ''}`,
      copies: options.copies,
      receipt: options.receipt,
      transactionId: options.transactionId,
      write: (_index, receiptId) =>
        connection.client.sendTicket(message.destination, message.body, {
          headers: message.headers,
          receipt: receiptId,
          transaction: options.transactionId,
          contentLength: options.contentLength,
          // The broker may hold a transaction's receipts until COMMIT: its end settles them, not a timer.
          receiptTimeout: tx ? 0 : undefined,
        }),
    },
    options.operationId,
    progress,
  );
}

export function sendMessage(connection: LiveConnection, input: ValidParams<'messages.send'>, progress: ProgressSink): Promise<SendOutcome> {
  return sendCopies(
    connection,
    { destination: input.destination, headers: input.headers.map(([n, v]) => [n, v]), body: bodyBytes(input.body) },
    input,
    progress,
  );
}

export async function replayMessage(connection: LiveConnection, capture: CapturePort, input: ValidParams<'messages.replay'>, progress: ProgressSink): Promise<SendOutcome> {
  const { frame, raw } = await capture.frame(input.source.captureId, input.source.seq);
  if (input.mode === 'raw' || input.mode === 'raw-clean') return replayRaw(connection, raw, input, progress);
  const destination = input.edit?.destination ?? getHeader(frame, 'destination');
  if (!destination) throw new ApiError('invalid-request', 'the captured frame has no destination header; give one in edit.destination');
  const edited = input.mode === 'edited' ? input.edit : undefined;
  return sendCopies(
    connection,
    {
      destination,
      headers: edited?.headers ? edited.headers.map(([n, v]) => [n, v]) : resendHeaders(frame.headers),
      body: edited?.body ? bodyBytes(edited.body) : frame.body,
    },
    input,
    progress,
  );
}

/**
 * Byte for byte: the frame's bytes as they arrived (`raw`), or without the header lines a broker
 * forbids on SEND (`raw-clean`), exactly as `messages.replayPreview` shows them. No receipt can be
 * asked without changing the bytes: the outcome is `unconfirmed`, or `failed` when an ERROR comes
 * within the grace period.
 */
async function replayRaw(connection: LiveConnection, raw: Uint8Array | undefined, input: ValidParams<'messages.replay'>, progress: ProgressSink): Promise<SendOutcome> {
  if (!raw) throw new ApiError('unsupported', 'this message was captured without its raw bytes; replay it as captured instead');
  connection.requireConnected('replay');
  const { bytes } = rawReplayBytes(raw, input.mode === 'raw-clean' ? 'raw-clean' : 'raw');
  return runJob(
    connection,
    {
      purpose: `raw replay${input.mode === 'raw-clean' ? ' (cleaned)' : ''}`,
      copies: input.copies,
      receipt: false,
      write: () => {
        try {
          return { written: connection.client.sendRaw(bytes), receipt: undefined };
        } catch (error) {
          throw toApiError(error, 'invalid-request');
        }
      },
    },
    input.operationId,
    progress,
  );
}

/** Moves messages: in one transaction, a copy to `to` and an ack of the original, so none is lost or doubled. */
export async function resubmit(connection: LiveConnection, capture: CapturePort, input: ValidParams<'messages.resubmit'>): Promise<number> {
  connection.requireConnected('resubmit');
  let refused: string | undefined;
  const stopWatching = connection.watchErrors((error) => (refused ??= error.info.message ?? error.message));
  const tx = await connection.tracked('BEGIN of resubmit', true, (receipt) => connection.client.begin({ receipt }));
  try {
    for (const seq of input.seqs) {
      const { frame } = await capture.frame(input.captureId, seq);
      await tx.send(input.to, frame.body, { headers: resendHeaders(frame.headers) });
      const pending = pendingOrUndefined(connection, input.captureId, seq);
      if (pending) await tx.ack(pending.message);
      // A broker that refused a frame of this transaction: nothing is committed.
      if (refused) throw new ApiError('broker-error', `the broker answered ERROR during the resubmit, so it was aborted: ${refused}`);
    }
    await connection.tracked(`COMMIT of resubmit to ${input.to}`, true, (receipt) => tx.commit({ receipt }));
    if (refused) throw new ApiError('broker-error', `the broker answered ERROR during the resubmit: ${refused}`);
  } catch (error) {
    await tx.abort({ receipt: false }).catch(() => undefined);
    throw toApiError(error, 'broker-error');
  } finally {
    stopWatching();
  }
  for (const seq of input.seqs) {
    const pending = pendingOrUndefined(connection, input.captureId, seq);
    if (!pending) continue;
    // In `client` mode the ACK was cumulative: every earlier pending message went with it.
    const covered = pending.live.ack === 'client' ? [...pending.live.pending.keys()].filter((s) => s <= seq) : [seq];
    for (const s of covered) {
      pending.live.pending.delete(s);
      capture.setAckState(input.captureId, s, 'acked');
    }
  }
  return input.seqs.length;
}

function pendingOrUndefined(connection: LiveConnection, captureId: string, seq: number) {
  try {
    return findPending(connection, captureId, seq);
  } catch {
    return undefined;
  }
}

export async function beginTransaction(connection: LiveConnection): Promise<string> {
  connection.requireConnected('begin a transaction');
  const tx = await connection.tracked('BEGIN', true, (receipt) => connection.client.begin({ receipt }));
  connection.transactions.set(tx.id, { tx, startedAt: Date.now(), sends: 0, acks: 0, pendingReceipts: new Map() });
  return tx.id;
}

/** How long the receipts of a committed transaction's SENDs may take after the COMMIT's own. */
const AFTER_COMMIT_MS = 10_000;

/**
 * Commits or aborts. The receipts of the transaction's SENDs that the broker held (RabbitMQ: until
 * COMMIT) then arrive; after an ABORT they never will, and are settled as aborted.
 */
export async function endTransaction(connection: LiveConnection, transactionId: string, how: 'commit' | 'abort'): Promise<void> {
  const entry = connection.transactions.get(transactionId);
  if (!entry) throw new ApiError('not-found', `no open transaction ${transactionId} on connection ${connection.profile.name}`);
  connection.requireConnected(how);
  connection.transactions.delete(transactionId);
  const settleLeftovers = (reason: string) => {
    for (const [id, row] of entry.pendingReceipts) {
      connection.client.abandonReceipt(id, reason);
      row.settle(how === 'abort' ? 'aborted' : 'timed-out', { error: reason });
    }
  };
  try {
    await connection.tracked(`${how.toUpperCase()} ${transactionId}`, true, (receipt) => (how === 'commit' ? entry.tx.commit({ receipt }) : entry.tx.abort({ receipt })));
  } catch (error) {
    if (how === 'abort') settleLeftovers(`${transactionId} was aborted`);
    throw error;
  }
  if (how === 'abort') settleLeftovers(`${transactionId} was aborted`);
  else if (entry.pendingReceipts.size) setTimeout(() => settleLeftovers(`no RECEIPT within ${AFTER_COMMIT_MS} ms of the COMMIT of ${transactionId}`), AFTER_COMMIT_MS).unref?.();
}

export function cancelOperation(connections: Iterable<LiveConnection>, operationId: string): boolean {
  for (const connection of connections) {
    const job = connection.jobs.get(operationId);
    if (job) {
      job.cancel();
      return true;
    }
  }
  return false;
}
