/**
 * One open connection as the app sees it: a StompClient, the state the UI shows, its
 * subscriptions (each feeding a capture), the messages still waiting for an ack, its wire log,
 * receipts and transactions.
 */
import type { ConnectionView, ReceiptView, SubscriptionView, TransactionView, WireEntryView } from '../../../src-core/api';
import { ApiError } from '../../../src-core/api';
import { CLIENT_DEFAULTS, type ClientOptions } from '../../../src-core/client/client-options';
import { PeerSilentError } from '../../../src-core/client/stomp-connection';
import type { BrokerError } from '../../../src-core/client/client-errors';
import type { ClientTransaction } from '../../../src-core/client/client-transaction';
import { addressOf } from '../../../src-core/client/connect-attempt';
import { StompClient } from '../../../src-core/client/stomp-client';
import { describeAddress } from '../../../src-core/client/transport';
import type { StompMessage } from '../../../src-core/client/stomp-message';
import type { AckMode } from '../../../src-core/protocol/spec';
import { ConnectionLifecycle } from './connection-lifecycle';
import { ReceiptLog, type OpenReceipt, type ReceiptEnd } from './receipt-log';
import type { SendJob } from './send-job';
import type { CapturePort } from './capture-port';
import { RateMeter } from './rate-meter';
import { HeartbeatTimelineRecorder } from './heartbeat-timeline';
import { maskedConnectBytes } from './masked-connect';
import { WireLog } from './wire-log';
import { wireView } from './wire-view';
import { toApiError } from './to-api-error';
import { isFramePadding } from '../../../src-core/client/wire-entry';

/** What the capture keeps of a MESSAGE: its frame and the bytes it arrived as. */
export interface CapturedBytes {
  readonly frame: StompMessage['frame'];
  readonly raw?: Uint8Array;
}

export interface ConnectionNotifier {
  changed(connectionId: string): void;
  /** `seq`: the wire entry just appended. */
  wire(connectionId: string, seq: number): void;
  receipts(connectionId: string): void;
  captured(captureId: string, seq: number): void;
  brokerError(connectionId: string, message: string, body: string): void;
}

export interface OpenTransaction {
  readonly tx: ClientTransaction;
  readonly startedAt: number;
  /** SENDs written in it. */
  sends: number;
  acks: number;
  /** Receipts of its SENDs the broker has not answered yet (RabbitMQ holds them until COMMIT). */
  readonly pendingReceipts: Map<string, OpenReceipt>;
}

export interface LiveSubscription {
  readonly id: string;
  readonly destination: string;
  readonly ack: AckMode;
  readonly headers: [string, string][];
  readonly browse: boolean;
  browseComplete: boolean;
  readonly captureId: string;
  captured: number;
  readonly rate: RateMeter;
  /** Messages the broker waits to hear about, by capture seq, in arrival order. */
  readonly pending: Map<number, StompMessage>;
  /** From the SUBSCRIBE's prefetch header, when it has one. */
  readonly prefetch: number | undefined;
  /** UNSUBSCRIBEd by the user, to be SUBSCRIBEd again with `handler` (the same id and headers). */
  paused: boolean;
  readonly handler: (message: StompMessage) => void;
  replays: number;
  replayedAt: number | undefined;
}


export class LiveConnection {
  readonly client: StompClient;
  readonly subscriptions = new Map<string, LiveSubscription>();
  readonly transactions = new Map<string, OpenTransaction>();
  /** Sends and replays running now, by operation id (to cancel them). */
  readonly jobs = new Map<string, SendJob>();
  private readonly errorWatchers = new Set<(error: BrokerError) => void>();
  readonly wire = new WireLog();
  /** Beats and frames each way, for the heart-beat timeline. */
  readonly heartbeats: HeartbeatTimelineRecorder;
  readonly receiptLog: ReceiptLog;
  private readonly lifecycle: ConnectionLifecycle;
  private closedByUser = false;
  private readonly openedAt = new Date().toISOString();

  constructor(
    readonly id: string,
    readonly profile: { id: string; name: string; sandbox: boolean },
    options: ClientOptions,
    private readonly capture: CapturePort,
    private readonly notify: ConnectionNotifier,
  ) {
    // Lenient on purpose (the client's default is strict): a broker tool shows what a slightly-off
    // broker sends, each broken rule a diagnostic in the wire log; lenient parsing is linear and
    // capped per frame, so no frame can freeze the host (issue 10.1).
    // Borrowed bodies: read memory is read into again once a frame has been handled. Everything
    // the host keeps of a frame it copies while handling it (the capture's record, the wire log's
    // bytes, a preview, an ERROR's text); a message waiting for its ack keeps only its headers.
    // Fresh memory per read was half the collector's work at 64 KiB × 1,000 msg/s (issue 15).
    this.client = new StompClient({ strict: false, ...options, keepRawFrames: true, bodies: 'borrowed' });
    this.receiptLog = new ReceiptLog('app-', () => this.notify.receipts(id));
    this.heartbeats = new HeartbeatTimelineRecorder(options.heartBeatTolerance ?? CLIENT_DEFAULTS.heartBeatTolerance);
    this.lifecycle = new ConnectionLifecycle(this.client, {
      changed: () => this.notify.changed(id),
      marker: (text, broker) => this.marker(text, broker),
      replayed: (ids, at) => {
        for (const subscriptionId of ids) {
          const live = this.subscriptions.get(subscriptionId);
          if (!live) continue;
          live.replays++;
          live.replayedAt = at;
        }
        this.notify.changed(id);
      },
    });
    let lastInFrameAt = -1;
    this.client.on('wire', (entry) => {
      // An EOL right behind a frame is the frame's padding, not a heart-beat: listing it as one
      // would hide the real beats' rhythm (see isFramePadding).
      if (entry.direction === 'in' && entry.kind === 'heartbeat' && isFramePadding(entry.at, lastInFrameAt)) {
        lastInFrameAt = -1;
        return;
      }
      lastInFrameAt = entry.direction === 'in' && entry.kind === 'frame' ? entry.at : -1;
      if (entry.kind !== 'diagnostic') this.heartbeats.record(entry.direction, entry.kind, entry.at);
      // The flood: a MESSAGE received is kept as its bytes alone, its line parsed again when shown.
      const version = this.client.connectedInfo?.version;
      if (entry.direction === 'in' && entry.kind === 'frame' && entry.raw && version && entry.frame.command === 'MESSAGE') {
        this.notify.wire(id, this.wire.appendReceived(entry.at, entry.raw, version, entry.broker));
        return;
      }
      const raw = entry.kind === 'frame' ? maskedConnectBytes(entry.frame.command, entry.raw) : undefined;
      this.notify.wire(id, this.wire.append(wireView(entry, this.wire.total), raw));
    });
    this.client.on('connected', (c) => this.heartbeats.connected(Date.now(), c.heartBeat.sendEvery, c.heartBeat.expectEvery));
    this.client.on('disconnected', ({ error }) => this.heartbeats.disconnected(Date.now(), error instanceof PeerSilentError ? error.silentMs : undefined));
    this.client.on('brokerError', (error) => {
      this.notify.brokerError(id, error.info.message ?? error.message, error.info.body);
      for (const watcher of this.errorWatchers) watcher(error);
    });
    this.client.on('disconnected', () => this.forgetPending());
    this.client.on('transactionsLost', (ids) => {
      for (const txId of ids) this.transactions.delete(txId);
    });
  }

  /**
   * Connects through the profile's plan. Every attempt, and a failure with all of them, is kept in
   * the view (the UI shows them live) and the failure is rethrown; a connect the user cancelled
   * (Disconnect while connecting) is not a failure and is reported as cancelled.
   */
  async open(): Promise<void> {
    this.closedByUser = false;
    this.lifecycle.connecting(this.client.uri.brokers.map((b) => describeAddress(addressOf(b))).join(', '));
    try {
      await this.client.connect();
    } catch (error) {
      const cancelled = this.closedByUser;
      this.lifecycle.connectFailed(error as Error, cancelled);
      if (cancelled) throw new ApiError('cancelled', `connecting ${this.profile.name} was cancelled`);
      throw toApiError(error, 'connect-failed');
    }
  }

  /**
   * Drops a live connection and reconnects through the plan, replaying every subscription (what a
   * broker-side drop does), so the user can test recovery or move to another broker of the plan.
   */
  reconnectNow(): void {
    this.requireConnected('reconnect');
    this.lifecycle.reconnectAsked();
    this.client.reconnect('reconnect asked by the user');
  }

  async close(): Promise<void> {
    this.closedByUser = true;
    // Disconnect while connecting cancels the walk: open() records that, as a cancel.
    const cancelsConnect = this.lifecycle.isWalking;
    await this.client.disconnect({ timeout: 5_000 });
    this.forgetPending();
    if (!cancelsConnect) this.lifecycle.disconnected();
    else this.notify.changed(this.id);
  }

  /** Calls `watcher` with every ERROR the broker sends until the returned function is called. */
  watchErrors(watcher: (error: BrokerError) => void): () => void {
    this.errorWatchers.add(watcher);
    return () => this.errorWatchers.delete(watcher);
  }

  /** A line in the wire log that is not a frame: a drop, a reconnect, a replay. */
  private marker(text: string, broker: string | undefined): void {
    const entry: WireEntryView = { seq: this.wire.total, at: Date.now(), direction: 'link', kind: 'marker', text };
    if (broker !== undefined) entry.broker = broker;
    this.notify.wire(this.id, this.wire.append(entry));
  }

  view(): ConnectionView {
    const info = this.client.connectedInfo;
    const state = this.client.state;
    const failure = this.closedByUser ? undefined : this.lifecycle.failure;
    const retrying = state === 'reconnecting' || state === 'connecting';
    return {
      id: this.id,
      profileId: this.profile.id,
      profileName: this.profile.name,
      sandbox: this.profile.sandbox,
      state: failure && !retrying && state !== 'connected' ? 'failed' : state === 'idle' ? 'connecting' : state,
      broker: info?.broker,
      version: info?.version,
      server: info?.server,
      session: info?.session,
      heartBeat: info ? { ...info.heartBeat } : undefined,
      verified: info?.verified,
      // Retries before the first CONNECTED (a failover plan at start-up) show their attempts too.
      reconnect: retrying ? this.lifecycle.reconnect : undefined,
      failure,
      attempts: this.lifecycle.attempts,
      history: this.lifecycle.history,
      lastDrop: this.closedByUser ? undefined : this.lifecycle.lastDrop,
      subscriptions: [...this.subscriptions.values()].map(subscriptionView),
      canBrowse: this.canBrowse(),
      openedAt: this.openedAt,
    };
  }

  /** ActiveMQ (and the sandbox, which mimics it) browse with `browser:true`; RabbitMQ and Artemis cannot. */
  canBrowse(): boolean {
    const server = this.client.connectedInfo?.server ?? '';
    return /^ActiveMQ\//i.test(server) || /^STOMP-Explorer-Sandbox/i.test(server);
  }

  /** Tells the UI the connection's view changed (subscriptions added or removed...). */
  changed(): void {
    this.notify.changed(this.id);
  }

  requireConnected(what: string): void {
    if (this.client.state !== 'connected') {
      throw new ApiError('not-connected', `cannot ${what}: connection ${this.profile.name} is ${this.client.state}`);
    }
  }

  /**
   * Runs a client call that may wait for a receipt, with the id the tracker shows handed to it for
   * the frame's `receipt` header: what the tracker lists is what went on the wire.
   */
  async tracked<T>(purpose: string, receipt: boolean, call: (receiptId: string | undefined) => Promise<T>): Promise<T> {
    if (!receipt) return call(undefined);
    const row = this.receiptLog.open(purpose);
    try {
      const result = await call(row.id);
      row.settle('received', { latencyMs: (result as { latencyMs?: number } | undefined)?.latencyMs });
      return result;
    } catch (error) {
      row.settle(receiptEnd(error), { error: (error as Error).message });
      throw toApiError(error, 'broker-error');
    }
  }

  receipts(): ReceiptView[] {
    return this.receiptLog.list();
  }

  transactionViews(): TransactionView[] {
    return [...this.transactions.entries()].map(([id, t]) => ({ id, startedAt: t.startedAt, sends: t.sends, acks: t.acks, pendingReceipts: t.pendingReceipts.size }));
  }

  /**
   * Feeds a MESSAGE into its subscription's capture; keeps it while it waits for an ack. `bytes`:
   * the frame and raw bytes to capture when they are not the message's own (a copy of borrowed
   * bodies held past their handler).
   */
  deliver(subscription: LiveSubscription, message: StompMessage, bytes: CapturedBytes = message): void {
    // ActiveMQ ends a browse with an empty MESSAGE marked `browser:end`: a signal, not a message.
    if (subscription.browse && message.headers['browser'] === 'end') {
      subscription.browseComplete = true;
      this.notify.changed(this.id);
      return;
    }
    const needsAck = message.needsAck;
    const receivedAt = Date.now();
    const seq = this.capture.append(subscription.captureId, {
      receivedAt,
      frame: bytes.frame,
      raw: bytes.raw,
      // With the version, the capture keeps the raw frame alone (its body is the raw's tail).
      version: this.client.connectedInfo?.version,
      ackState: needsAck ? 'pending' : 'none',
    });
    subscription.captured++;
    subscription.rate.add(1, receivedAt);
    if (needsAck) {
      subscription.pending.set(seq, message);
      // The view's "N unacked of prefetch P" follows (events are batched: a flag, not a message each).
      this.notify.changed(this.id);
    }
    this.notify.captured(subscription.captureId, seq);
  }

  /** After a drop the broker redelivers what was not acked: the old copies can no longer be settled. */
  private forgetPending(): void {
    for (const subscription of this.subscriptions.values()) {
      for (const seq of subscription.pending.keys()) this.capture.setAckState(subscription.captureId, seq, 'stale');
      subscription.pending.clear();
    }
    this.notify.changed(this.id);
  }
}

function subscriptionView(s: LiveSubscription): SubscriptionView {
  const view: SubscriptionView = {
    id: s.id,
    destination: s.destination,
    ack: s.ack,
    headers: s.headers,
    browse: s.browse,
    browseComplete: s.browseComplete,
    captureId: s.captureId,
    captured: s.captured,
    rate: s.rate.rate(),
    unacked: s.pending.size,
    paused: s.paused,
    replays: s.replays,
  };
  if (s.prefetch !== undefined) view.prefetch = s.prefetch;
  if (s.replayedAt !== undefined) view.replayedAt = s.replayedAt;
  return view;
}

/** How a receipt wait ended, from the error it ended with. */
export function receiptEnd(error: unknown): ReceiptEnd {
  return (error as Error)?.name === 'ReceiptTimeoutError' ? 'timed-out' : 'failed';
}
