/**
 * What the user does to captured messages: settle, replay, edit & send, resubmit. Each reports
 * its outcome in the inspector's status line, where the user acted; none fails silently.
 */
import type { MessageDetail } from '../../../src-core/api';
import { request } from '../api-client';
import { base64ToBytes, bytesToBase64, decodeUtf8 } from '../lib/bytes';
import { tooLargeFor, wholeBody } from '../features/inspector/body-source';
import { errorText } from '../lib/errors';
import { formatLatency } from '../lib/format';
import { describeOutcome } from '../lib/send-outcome';
import { useComposer } from './composer-store';
import { useSends } from './sends-store';
import { useConnections } from './connections-store';
import { useInspector } from './inspector-store';
import { useMessages } from './messages-store';
import { useTransactions } from './transactions-store';
import { useUi } from './ui-store';
import { activeConnectionId } from './workspace-store';

/** The messages an action applies to: the selection, or the focused one. */
export function targetSeqs(): number[] {
  const { selected, focusSeq } = useMessages.getState();
  if (selected.size) return [...selected].sort((a, b) => a - b);
  return focusSeq === undefined ? [] : [focusSeq];
}

function status(ok: boolean, text: string): void {
  useInspector.getState().setStatus({ ok, text });
}

export async function settle(kind: 'ack' | 'nack'): Promise<void> {
  const { captureId } = useMessages.getState();
  const seqs = targetSeqs();
  if (!captureId || !seqs.length) {
    status(false, `Select a message to ${kind} first.`);
    return;
  }
  const connectionId = activeConnectionId();
  const transactionId = connectionId ? useTransactions.getState().current[connectionId] : undefined;
  const settledSeqs: number[] = [];
  const latencies: number[] = [];
  let stale = 0;
  const Verb = kind === 'ack' ? 'Ack' : 'Nack';
  for (const seq of seqs) {
    try {
      // A cumulative ACK (client mode) settles earlier messages too: learn which, before sending.
      const covers = kind === 'ack' ? await request('messages.ackPreview', { captureId, seq }).then((p) => p.covers).catch(() => [seq]) : [seq];
      const result = await request(kind === 'ack' ? 'messages.ack' : 'messages.nack', { captureId, seq, ...(transactionId ? { transactionId } : {}) });
      if (result.settled === 'stale') stale++;
      useMessages.getState().patchAckStates(covers, result.settled);
      settledSeqs.push(...covers);
      if (result.receiptLatencyMs !== undefined) latencies.push(result.receiptLatencyMs);
    } catch (error) {
      status(false, `${Verb} of message #${seq} failed: ${errorText(error)}${settledSeqs.length ? ` (${settledSeqs.length} settled before it)` : ''}`);
      void useInspector.getState().refresh();
      return;
    }
  }
  const n = new Set(settledSeqs).size;
  const parts = [`${kind === 'ack' ? 'Acked' : 'Nacked'} ${n} message${n === 1 ? '' : 's'}`];
  if (n > seqs.length) parts.push('cumulative ACK (client mode)');
  if (transactionId) parts.push(`in transaction ${transactionId}, final on commit`);
  if (latencies.length) parts.push(`receipt ${formatLatency(Math.max(...latencies))}`);
  if (stale) parts.push(`${stale} stale (the broker had already taken them back)`);
  status(stale === 0, parts.join(' · '));
  void useInspector.getState().refresh();
}

/**
 * Replays the message on screen: as captured (a new SEND with its headers and body), or byte for
 * byte (`raw`: as it travelled; `raw-clean`: without the headers only a MESSAGE carries). The
 * status says what the broker did: confirmed, not confirmed, or its ERROR, with the full answer.
 */
export async function replay(mode: 'as-captured' | 'raw' | 'raw-clean'): Promise<void> {
  const { detail } = useInspector.getState();
  if (!detail) {
    status(false, 'Select a message to replay first.');
    return;
  }
  const connectionId = replayTarget(detail.connectionId);
  if (!connectionId) {
    status(false, 'Replay needs an open connection: connect a profile first.');
    return;
  }
  const how = mode === 'as-captured' ? 'as captured' : mode === 'raw' ? 'byte for byte' : 'byte for byte, cleaned';
  const what = `(replay of #${detail.seq} ${how}) to ${detail.destination ?? 'its destination'}`;
  useInspector.getState().setStatus({ ok: true, tone: 'warn', text: `Replaying #${detail.seq} ${how}…` });
  try {
    const outcome = await useSends
      .getState()
      .run(connectionId, what, (operationId) => request('messages.replay', { connectionId, operationId, source: { captureId: detail.captureId, seq: detail.seq }, mode }), { origin: 'replay' });
    const words = describeOutcome(outcome, what);
    useInspector.getState().setStatus({ ok: words.tone !== 'bad', tone: words.tone, text: words.text, detail: words.detail });
  } catch (error) {
    status(false, `Replay failed: ${errorText(error)}`);
  }
}

/** Where a replay goes: the message's own connection if it is up, else the one on screen, else any connected one. */
function replayTarget(own: string | undefined): string | undefined {
  const { byId, order } = useConnections.getState();
  const up = (id: string | undefined) => (id && byId[id]?.state === 'connected' ? id : undefined);
  return up(own) ?? up(activeConnectionId()) ?? [...order].reverse().find((id) => up(id)) ?? own ?? activeConnectionId();
}

/** Headers a broker adds to a MESSAGE, which a new SEND should not carry. */
const MESSAGE_ONLY = new Set(['message-id', 'subscription', 'ack', 'destination', 'content-length', 'redelivered', 'receipt', 'receipt-id']);

export function editAndSend(detail: MessageDetail): void {
  const refusal = tooLargeFor(detail, 'edit');
  if (refusal) {
    useInspector.getState().setStatus({ ok: false, text: refusal });
    return;
  }
  // A large body reaches the inspector cut to its start: the composer gets all of it.
  if (detail.bodyTruncated) {
    void wholeBody(detail).then((bytes) => editAndSend({ ...detail, bodyBase64: bytesToBase64(bytes), bodyTruncated: undefined }));
    return;
  }
  const bytes = base64ToBytes(detail.bodyBase64);
  const text = decodeUtf8(bytes);
  const textual = text !== undefined && !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  const json = textual && /json/i.test(detail.contentType ?? '');
  useComposer.getState().prefill({
    destination: detail.destination ?? '',
    headers: detail.headers.filter(([name]) => !MESSAGE_ONLY.has(name)),
    body: textual ? { encoding: 'text', text: text! } : { encoding: 'base64', base64: detail.bodyBase64 },
    textual,
    json,
  });
  useUi.getState().setDock(true, 'composer');
  requestAnimationFrame(() => document.getElementById('composer-destination')?.focus());
}

export async function resubmit(to: string): Promise<string> {
  const { captureId } = useMessages.getState();
  const seqs = targetSeqs();
  if (!captureId || !seqs.length) throw new Error('select the messages to move first');
  const { moved } = await request('messages.resubmit', { captureId, seqs, to });
  useMessages.getState().patchAckStates(seqs, 'acked');
  const text = `Moved ${moved} message${moved === 1 ? '' : 's'} to ${to}`;
  status(true, text);
  void useInspector.getState().refresh();
  return text;
}
