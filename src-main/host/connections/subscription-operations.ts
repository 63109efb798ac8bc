/** Subscribing, browsing and settling messages on one live connection. */
import { ApiError, type ValidParams } from '../../../src-core/api';
import { ack as ackFrame } from '../../../src-core/protocol/commands/ack';
import { serializeFrame } from '../../../src-core/protocol/serializer';
import type { CapturePort } from './capture-port';
import type { StompMessage } from '../../../src-core/client/stomp-message';
import type { CapturedBytes, LiveConnection, LiveSubscription } from './live-connection';
import { RateMeter } from './rate-meter';
import { toApiError } from './to-api-error';

export async function addSubscription(
  connection: LiveConnection,
  capture: CapturePort,
  input: ValidParams<'subscriptions.add'>,
): Promise<LiveSubscription> {
  connection.requireConnected(`subscribe to ${input.destination}`);
  if (input.browse && !connection.canBrowse()) {
    const server = connection.client.connectedInfo?.server ?? 'this broker';
    throw new ApiError('unsupported', `${server} cannot browse a queue without consuming it (only ActiveMQ's browser:true does); subscribe instead`);
  }
  const headers: [string, string][] = input.headers.map(([n, v]) => [n, v]);
  // A browse is an ActiveMQ queue browser: auto-acked, and it ends with a `browser:end` marker.
  if (input.browse && !headers.some(([n]) => n === 'browser')) headers.push(['browser', 'true']);
  const ack = input.browse ? 'auto' : input.ack;
  let live: LiveSubscription | undefined;
  const buffered: { message: StompMessage; owned: CapturedBytes }[] = [];
  let handle;
  // Messages may arrive before the RECEIPT that tells us the id: hold them until then. Their bodies
  // are borrowed (read memory is read into again once the handler returns): hold copies. The
  // message itself is kept for its ack, which needs its headers only.
  const handler = (message: StompMessage) => {
    if (live) connection.deliver(live, message);
    else buffered.push({ message, owned: { frame: { ...message.frame, body: message.body.slice() }, raw: message.raw?.slice() } });
  };
  try {
    handle = await connection.tracked(`SUBSCRIBE to ${input.destination}`, true, (receipt) =>
      connection.client.subscribe(input.destination, handler, { ack, headers, settle: 'manual', receipt }),
    );
  } catch (error) {
    throw toApiError(error, 'broker-error');
  }
  const captureId = capture.openLive({
    connectionId: connection.id,
    subscriptionId: handle.id,
    destination: input.destination,
    label: `${connection.profile.name} · ${input.destination}${input.browse ? ' (browse)' : ''}`,
  });
  live = {
    id: handle.id,
    destination: input.destination,
    ack,
    headers,
    browse: input.browse,
    browseComplete: false,
    captureId,
    captured: 0,
    rate: new RateMeter(),
    pending: new Map(),
    prefetch: prefetchOf(headers),
    paused: false,
    handler,
    replays: 0,
    replayedAt: undefined,
  };
  connection.subscriptions.set(handle.id, live);
  for (const { message, owned } of buffered) connection.deliver(live, message, owned);
  connection.changed();
  return live;
}

/** The prefetch a SUBSCRIBE asks for: RabbitMQ's `prefetch-count`, ActiveMQ's `activemq.prefetchSize`. */
export function prefetchOf(headers: readonly (readonly [string, string])[]): number | undefined {
  const value = headers.find(([name]) => name === 'prefetch-count' || name === 'activemq.prefetchSize')?.[1];
  if (value === undefined || !/^\d{1,9}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export async function removeSubscription(connection: LiveConnection, capture: CapturePort, subscriptionId: string): Promise<void> {
  const live = connection.subscriptions.get(subscriptionId);
  if (!live) throw new ApiError('not-found', `no subscription ${subscriptionId} on connection ${connection.profile.name}`);
  connection.subscriptions.delete(subscriptionId);
  connection.changed();
  // Unacked messages go back to the broker when the subscription ends.
  for (const seq of live.pending.keys()) capture.setAckState(live.captureId, seq, 'stale');
  if (connection.client.state === 'connected' && !live.paused) {
    await connection.tracked(`UNSUBSCRIBE ${live.destination}`, true, (receipt) => connection.client.unsubscribe(subscriptionId, { receipt }));
  }
}

/**
 * Pauses a subscription: UNSUBSCRIBE (with a receipt), keeping its id, headers and capture. A queue
 * keeps its messages at the broker meanwhile; those delivered and not yet acked go back to it (their
 * captured copies become stale) and come again, redelivered, after resume.
 */
export async function pauseSubscription(connection: LiveConnection, capture: CapturePort, subscriptionId: string): Promise<LiveSubscription> {
  const live = requireSubscription(connection, subscriptionId);
  if (live.paused) return live;
  if (live.browse) throw new ApiError('unsupported', `${live.destination} is a browse: it ends by itself and cannot be paused`);
  connection.requireConnected(`pause ${live.destination}`);
  await connection.tracked(`UNSUBSCRIBE ${live.destination} (pause)`, true, (receipt) => connection.client.unsubscribe(subscriptionId, { receipt }));
  live.paused = true;
  for (const seq of live.pending.keys()) capture.setAckState(live.captureId, seq, 'stale');
  live.pending.clear();
  connection.changed();
  return live;
}

/** Resumes a paused subscription: the same SUBSCRIBE again (same id and headers); the broker delivers what waited. */
export async function resumeSubscription(connection: LiveConnection, subscriptionId: string): Promise<LiveSubscription> {
  const live = requireSubscription(connection, subscriptionId);
  if (!live.paused) return live;
  connection.requireConnected(`resume ${live.destination}`);
  await connection.tracked(`SUBSCRIBE to ${live.destination} (resume)`, true, (receipt) =>
    connection.client.subscribe(live.destination, live.handler, { id: live.id, ack: live.ack, headers: live.headers, settle: 'manual', receipt }),
  );
  live.paused = false;
  connection.changed();
  return live;
}

function requireSubscription(connection: LiveConnection, subscriptionId: string): LiveSubscription {
  const live = connection.subscriptions.get(subscriptionId);
  if (!live) throw new ApiError('not-found', `no subscription ${subscriptionId} on connection ${connection.profile.name}`);
  return live;
}

export function findPending(connection: LiveConnection, captureId: string, seq: number) {
  for (const live of connection.subscriptions.values()) {
    if (live.captureId !== captureId) continue;
    const message = live.pending.get(seq);
    if (!message) {
      throw new ApiError('conflict', `message ${seq} of ${live.destination} is not waiting for an ack (already settled, auto-acked, or from before a reconnect)`);
    }
    return { live, message };
  }
  throw new ApiError('not-found', `capture ${captureId} has no live subscription on connection ${connection.profile.name}`);
}

export async function settle(
  connection: LiveConnection,
  capture: CapturePort,
  kind: 'ack' | 'nack',
  ref: { captureId: string; seq: number; transactionId?: string },
): Promise<{ settled: 'acked' | 'nacked' | 'stale'; receiptLatencyMs?: number }> {
  connection.requireConnected(kind);
  const { live, message } = findPending(connection, ref.captureId, ref.seq);
  const tx = ref.transactionId === undefined ? undefined : connection.transactions.get(ref.transactionId);
  if (ref.transactionId !== undefined && !tx) throw new ApiError('not-found', `no open transaction ${ref.transactionId}`);
  const result = await connection.tracked(`${kind.toUpperCase()} of ${message.messageId ?? ref.seq}`, !tx, (receipt) =>
    kind === 'ack'
      ? connection.client.ack(message, { transaction: ref.transactionId, receipt })
      : connection.client.nack(message, { transaction: ref.transactionId, receipt }),
  );
  if (tx) tx.acks++;
  const settled = result === 'stale' ? 'stale' : kind === 'ack' ? 'acked' : 'nacked';
  // A cumulative ACK in client mode settles every earlier pending message of the subscription too.
  const covered = kind === 'ack' && live.ack === 'client' ? [...live.pending.keys()].filter((s) => s <= ref.seq) : [ref.seq];
  for (const seq of covered) {
    live.pending.delete(seq);
    capture.setAckState(live.captureId, seq, settled);
  }
  connection.changed();
  return { settled, receiptLatencyMs: typeof result === 'object' ? result?.latencyMs : undefined };
}

/** What an ACK of this message will settle, and the header that names it, before the user confirms. */
export function ackPreview(connection: LiveConnection, ref: { captureId: string; seq: number }): { covers: number[]; header: string } {
  const { live, message } = findPending(connection, ref.captureId, ref.seq);
  const covers = live.ack === 'client' ? [...live.pending.keys()].filter((s) => s <= ref.seq) : [ref.seq];
  // Exactly the header lines the ACK will carry on the wire, escapes included (e.g. `id:ID\c…`).
  const version = connection.client.version;
  const wire = new TextDecoder().decode(serializeFrame(ackFrame(version, message.frame), version));
  const header = wire.split('\n').slice(1).filter((line) => line.length > 0 && line !== '\0').join('\n');
  return { covers, header };
}

/**
 * Acks every message of a subscription still waiting for an ack (what a broker holding back at its
 * prefetch limit needs): one cumulative ACK of the newest in `client` mode, one ACK each in
 * `client-individual` mode, the last with a receipt, so the answer means the broker has them all.
 */
export async function ackAll(connection: LiveConnection, capture: CapturePort, subscriptionId: string): Promise<number> {
  connection.requireConnected('ack');
  const live = connection.subscriptions.get(subscriptionId);
  if (!live) throw new ApiError('not-found', `no subscription ${subscriptionId} on connection ${connection.profile.name}`);
  const seqs = [...live.pending.keys()];
  if (!seqs.length) return 0;
  const targets = live.ack === 'client' ? [seqs[seqs.length - 1]] : seqs;
  let settled = 0;
  try {
    for (let i = 0; i < targets.length; i++) {
      const seq = targets[i];
      const message = live.pending.get(seq);
      if (!message) continue;
      const last = i === targets.length - 1;
      const result = last
        ? await connection.tracked(`ACK of all ${seqs.length} unacked on ${live.destination}`, true, (receipt) => connection.client.ack(message, { receipt }))
        : await connection.client.ack(message);
      const state = result === 'stale' ? 'stale' : 'acked';
      const covered = live.ack === 'client' ? seqs.filter((s) => s <= seq) : [seq];
      for (const s of covered) {
        live.pending.delete(s);
        capture.setAckState(live.captureId, s, state);
      }
      settled += covered.length;
    }
  } catch (error) {
    throw toApiError(error, 'broker-error');
  } finally {
    connection.changed();
  }
  return settled;
}
