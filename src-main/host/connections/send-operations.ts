/** Sending, replaying, resubmitting and transactions on one live connection. */
import { ApiError, type ValidParams } from '../../../src-core/api';
import { getHeader } from '../../../src-core/protocol/frame';
import { bodyBytes, resendHeaders } from './body-input';
import type { CapturePort } from './capture-port';
import type { LiveConnection } from './live-connection';
import { findPending } from './subscription-operations';
import { toApiError } from './to-api-error';

export interface SendResult {
  sent: number;
  receiptLatenciesMs: number[];
}

interface Outgoing {
  destination: string;
  headers: [string, string][];
  body: Uint8Array;
}

async function sendCopies(
  connection: LiveConnection,
  message: Outgoing,
  options: { copies: number; receipt: boolean; transactionId?: string; contentLength?: 'auto' | 'omit' },
): Promise<SendResult> {
  connection.requireConnected(`send to ${message.destination}`);
  const tx = options.transactionId === undefined ? undefined : connection.transactions.get(options.transactionId);
  if (options.transactionId !== undefined && !tx) throw new ApiError('not-found', `no open transaction ${options.transactionId}`);
  const latencies: number[] = [];
  for (let n = 0; n < options.copies; n++) {
    // With many copies only the last waits for its receipt: the broker answers in order.
    const receipt = options.receipt && (n === options.copies - 1 || options.copies <= 10);
    const result = await connection.tracked(`SEND to ${message.destination}`, receipt, () =>
      connection.client.send(message.destination, message.body, {
        headers: message.headers,
        receipt,
        transaction: options.transactionId,
        contentLength: options.contentLength,
      }),
    );
    if (result) latencies.push(result.latencyMs);
  }
  if (tx) tx.sends += options.copies;
  return { sent: options.copies, receiptLatenciesMs: latencies };
}

export function sendMessage(connection: LiveConnection, input: ValidParams<'messages.send'>): Promise<SendResult> {
  return sendCopies(
    connection,
    { destination: input.destination, headers: input.headers.map(([n, v]) => [n, v]), body: bodyBytes(input.body) },
    input,
  );
}

export async function replayMessage(connection: LiveConnection, capture: CapturePort, input: ValidParams<'messages.replay'>): Promise<SendResult> {
  const { frame, raw } = await capture.frame(input.source.captureId, input.source.seq);
  if (input.mode === 'raw') return replayRaw(connection, raw, input.copies);
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
  );
}

/**
 * Byte for byte: the frame's bytes as they arrived. A captured MESSAGE becomes a SEND by its
 * command line alone; every header line and body byte stays as it was on the wire.
 */
async function replayRaw(connection: LiveConnection, raw: Uint8Array | undefined, copies: number): Promise<SendResult> {
  if (!raw) throw new ApiError('unsupported', 'this message was captured without its raw bytes; replay it as captured instead');
  connection.requireConnected('replay');
  const bytes = asSend(raw);
  for (let n = 0; n < copies; n++) {
    try {
      await connection.client.sendRaw(bytes);
    } catch (error) {
      throw toApiError(error, 'invalid-request');
    }
  }
  return { sent: copies, receiptLatenciesMs: [] };
}

function asSend(raw: Uint8Array): Uint8Array {
  const eol = raw.indexOf(10);
  const line = new TextDecoder().decode(raw.subarray(0, eol)).replace(/\r$/, '');
  if (line === 'SEND') return raw;
  if (line !== 'MESSAGE') throw new ApiError('invalid-request', `only SEND and MESSAGE frames can be replayed, not ${line}`);
  const command = new TextEncoder().encode('SEND');
  const rest = raw.subarray(eol - (raw[eol - 1] === 13 ? 1 : 0));
  const out = new Uint8Array(command.length + rest.length);
  out.set(command);
  out.set(rest, command.length);
  return out;
}

/** Moves messages: in one transaction, a copy to `to` and an ack of the original, so none is lost or doubled. */
export async function resubmit(connection: LiveConnection, capture: CapturePort, input: ValidParams<'messages.resubmit'>): Promise<number> {
  connection.requireConnected('resubmit');
  const tx = await connection.client.begin({ receipt: true });
  try {
    for (const seq of input.seqs) {
      const { frame } = await capture.frame(input.captureId, seq);
      await tx.send(input.to, frame.body, { headers: resendHeaders(frame.headers) });
      const pending = pendingOrUndefined(connection, input.captureId, seq);
      if (pending) await tx.ack(pending.message);
    }
    await connection.tracked(`COMMIT of resubmit to ${input.to}`, true, () => tx.commit({ receipt: true }));
  } catch (error) {
    await tx.abort({ receipt: false }).catch(() => undefined);
    throw toApiError(error, 'broker-error');
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
  const tx = await connection.tracked('BEGIN', true, () => connection.client.begin({ receipt: true }));
  connection.transactions.set(tx.id, { tx, startedAt: Date.now(), sends: 0, acks: 0 });
  return tx.id;
}

export async function endTransaction(connection: LiveConnection, transactionId: string, how: 'commit' | 'abort'): Promise<void> {
  const entry = connection.transactions.get(transactionId);
  if (!entry) throw new ApiError('not-found', `no open transaction ${transactionId} on connection ${connection.profile.name}`);
  connection.requireConnected(how);
  connection.transactions.delete(transactionId);
  await connection.tracked(`${how.toUpperCase()} ${transactionId}`, true, () => (how === 'commit' ? entry.tx.commit({ receipt: true }) : entry.tx.abort({ receipt: true })));
}
