/**
 * The state of one STOMP connection, without I/O: methods named after client commands return the
 * frame to write; methods named after server frames take what arrived. Subscriptions outlive the
 * connection so a client can `replay()` them after reconnecting; transactions and receipts do not,
 * because a broker forgets them when the connection ends.
 */
import * as commands from '../commands';
import { toHeaderList } from '../commands/headers';
import { HEART_BEATS_OFF, NO_HEART_BEAT, type HeartBeat, type HeartBeatPeriods } from '../commands/heart-beat';
import { getHeader, type Frame, type Header } from '../frame';
import { isVersion, supportsNack, VERSIONS, type ClientCommand, type StompVersion } from '../spec';
import { IdSource } from './id-source';
import { ReceiptBook, type ReceiptFacts } from './receipt-book';
import { StompSessionError } from './session-error';
import { stateAdvice, type SessionState } from './session-state';
import type {
  BeginResult,
  CloseResult,
  DisconnectResult,
  IncomingError,
  IncomingMessage,
  Outgoing,
  PendingReceipt,
  ReceiptRequest,
  SessionAckOptions,
  SessionBeginOptions,
  SessionOptions,
  SessionReceiptOptions,
  SessionSendOptions,
  SessionSubscribeOptions,
  SessionUnsubscribeOptions,
  SubscribeResult,
  UnsubscribeResult,
} from './session-types';
import { describeRef, SubscriptionRegistry, type Subscription } from './subscription-registry';

export class StompSession {
  readonly checked: boolean;

  private current: SessionState = 'disconnected';
  private offered: readonly StompVersion[] = VERSIONS;
  private clientHeartBeat: HeartBeat = NO_HEART_BEAT;
  private negotiated: commands.ConnectedInfo | undefined;
  private periods: HeartBeatPeriods = HEART_BEATS_OFF;
  private readonly ids: IdSource;
  private readonly subscriptionsById = new SubscriptionRegistry();
  private readonly open = new Set<string>();
  private readonly receipts: ReceiptBook;
  /** Receipts given up on (abandonReceipt), so a late one is not taken for a broker's mistake. */
  private readonly abandoned = new Set<string>();
  /** Counts CONNECTED frames, so an ack of a message from an earlier connection can be caught. */
  private connection = 0;
  private readonly arrivedOn: WeakMap<Frame, number> | null;

  constructor(options: SessionOptions = {}) {
    this.checked = options.checked ?? true;
    this.arrivedOn = options.trackArrival === false ? null : new WeakMap();
    this.ids = new IdSource(options.idPrefix);
    this.receipts = new ReceiptBook(this.ids);
  }

  get state(): SessionState {
    return this.current;
  }

  /** The version the last CONNECTED agreed; undefined before the first one. */
  get version(): StompVersion | undefined {
    return this.negotiated?.version;
  }

  get offeredVersions(): readonly StompVersion[] {
    return this.offered;
  }

  get server(): string | undefined {
    return this.negotiated?.server;
  }

  /** The broker's `session` header from the last CONNECTED. */
  get sessionId(): string | undefined {
    return this.negotiated?.session;
  }

  /** The negotiated heart-beat periods; both 0 when not connected. */
  get heartBeat(): HeartBeatPeriods {
    return this.periods;
  }

  /** Live subscriptions in the order they were made. */
  get subscriptions(): Subscription[] {
    return this.subscriptionsById.list();
  }

  subscription(id: string): Subscription | undefined {
    return this.subscriptionsById.get(id);
  }

  get transactions(): string[] {
    return [...this.open];
  }

  get pendingReceipts(): PendingReceipt[] {
    return this.receipts.list();
  }

  // Commands: each returns the frame to send, and changes the state only once the frame is built.

  connect(options: commands.ConnectOptions): Outgoing {
    this.requireState('CONNECT', 'disconnected');
    const frame = commands.connect(options);
    // Read back from the frame: the commands layer sorted and de-duplicated the versions.
    this.offered = (getHeader(frame, 'accept-version') ?? '').split(',').filter(isVersion);
    this.clientHeartBeat = options.heartBeat ?? NO_HEART_BEAT;
    this.negotiated = undefined;
    this.periods = HEART_BEATS_OFF;
    this.current = 'connecting';
    return { frame, receipt: undefined };
  }

  subscribe(options: SessionSubscribeOptions): SubscribeResult {
    this.requireState('SUBSCRIBE', 'connected');
    const id = options.id ?? this.ids.next('subscription', (taken) => this.subscriptionsById.known(taken));
    const existing = this.subscriptionsById.get(id);
    if (this.checked && existing) {
      this.fail('SUBSCRIBE', `id ${q(id)} is already used by the subscription to ${existing.destination}; unsubscribe it first or choose another id`);
    }
    const headers = copyHeaders(options.headers);
    const { destination, ack } = options;
    const out = this.withReceipt('SUBSCRIBE', options.receipt, { destination, subscription: id }, (receipt) =>
      commands.subscribe(this.buildVersion, { destination, id, ack, headers, receipt }),
    );
    const subscription = this.subscriptionsById.add(id, destination, ack, headers);
    return { ...out, subscription };
  }

  unsubscribe(id: string, options: SessionUnsubscribeOptions = {}): UnsubscribeResult {
    this.requireState('UNSUBSCRIBE', 'connected');
    if (this.checked && !this.subscriptionsById.has(id)) {
      const why = this.subscriptionsById.known(id) ? 'it was already unsubscribed' : 'this session never made it';
      this.fail('UNSUBSCRIBE', `no active subscription with id ${q(id)}: ${why}`);
    }
    const out = this.withReceipt('UNSUBSCRIBE', options.receipt, { subscription: id }, (receipt) =>
      commands.unsubscribe(this.buildVersion, { id }, { receipt, headers: options.headers }),
    );
    return { ...out, subscription: this.subscriptionsById.remove(id) };
  }

  /**
   * Drops a subscription without a frame: for one the broker refused (its SUBSCRIBE failed), which
   * must not be replayed after a reconnect. Any state; unknown ids are ignored.
   */
  forget(id: string): Subscription | undefined {
    return this.subscriptionsById.remove(id);
  }

  send(destination: string, body: Uint8Array | string = '', options: SessionSendOptions = {}): Outgoing {
    this.requireState('SEND', 'connected');
    const { transaction } = options;
    this.requireOpenTransaction('SEND', transaction);
    // Hot path: no callback (withReceipt) per message.
    const receipt = this.reserveReceipt('SEND', options.receipt);
    const frame = commands.send(this.buildVersion, destination, body, { headers: options.headers, transaction, receipt });
    if (receipt !== undefined) this.receipts.record(receipt, 'SEND', { destination, transaction });
    return { frame, receipt };
  }

  ack(message: Frame, options: SessionAckOptions = {}): Outgoing {
    return this.settle('ACK', message, options);
  }

  nack(message: Frame, options: SessionAckOptions = {}): Outgoing {
    return this.settle('NACK', message, options);
  }

  begin(options: SessionBeginOptions = {}): BeginResult {
    this.requireState('BEGIN', 'connected');
    const transaction = options.transaction ?? this.ids.next('transaction', (taken) => this.open.has(taken));
    if (this.checked && this.open.has(transaction)) this.fail('BEGIN', `transaction ${q(transaction)} is already open`);
    const out = this.withReceipt('BEGIN', options.receipt, { transaction }, (receipt) =>
      commands.begin(this.buildVersion, transaction, { receipt }),
    );
    this.open.add(transaction);
    return { ...out, transaction };
  }

  commit(transaction: string, options: SessionReceiptOptions = {}): Outgoing {
    return this.finish('COMMIT', transaction, options);
  }

  abort(transaction: string, options: SessionReceiptOptions = {}): Outgoing {
    return this.finish('ABORT', transaction, options);
  }

  /**
   * Asks for a receipt by default: its RECEIPT proves the broker processed everything before, which
   * is the clean way to close. The session stays `disconnecting` until that RECEIPT or `close()`.
   */
  disconnect(options: SessionReceiptOptions = {}): DisconnectResult {
    this.requireState('DISCONNECT', 'connected');
    const out = this.withReceipt('DISCONNECT', options.receipt ?? true, {}, (receipt) => commands.disconnect({ receipt }));
    const lostTransactions = [...this.open];
    this.open.clear();
    this.current = 'disconnecting';
    return { ...out, lostTransactions };
  }

  /**
   * The SUBSCRIBE frames that restore every live subscription, in the order they were made and with
   * the same ids, built for the version just negotiated. Send them after CONNECTED on a reconnect.
   */
  replay(): Frame[] {
    this.requireState('replay', 'connected');
    return this.subscriptionsById
      .replayOrder()
      .map(({ id, destination, ack, headers }) => commands.subscribe(this.buildVersion, { destination, id, ack, headers }));
  }

  // What arrived.

  connected(frame: Frame): commands.ConnectedInfo {
    if (this.checked && this.current !== 'connecting') {
      this.failIncoming('CONNECTED', this.current === 'disconnected' ? 'no CONNECT was sent' : `session is already ${this.current}`);
    }
    const info = commands.connected(frame, { versions: this.offered, heartBeat: this.clientHeartBeat });
    this.negotiated = info;
    this.periods = info.heartBeat;
    this.connection++;
    this.current = 'connected';
    return info;
  }

  message(frame: Frame): IncomingMessage {
    this.requireReceiving('MESSAGE');
    const info = commands.message(frame, this.buildVersion);
    const route = this.subscriptionsById.route(info.subscription);
    if (route.kind === 'unknown' && this.checked) {
      this.failIncoming('MESSAGE', `it names ${describeRef(info.subscription)}, which this session never subscribed`);
    }
    const subscription = route.kind === 'live' ? this.subscriptionsById.count(route.id) : undefined;
    this.arrivedOn?.set(frame, this.connection);
    return { subscription, ack: subscription?.ack, info };
  }

  /**
   * Matches a RECEIPT to the frame that asked for it. The one for DISCONNECT ends the session; any
   * receipt still pending then will never come (the broker answers in order).
   */
  receipt(frame: Frame): PendingReceipt | undefined {
    this.requireReceiving('RECEIPT');
    const id = commands.receipt(frame);
    const pending = this.receipts.take(id);
    if (!pending) {
      // A receipt given up on (its transaction aborted) may still come: late, not unknown.
      if (this.checked && !this.abandoned.delete(id)) this.failIncoming('RECEIPT', `receipt-id ${q(id)} answers no frame this session asked a receipt for`);
      return undefined;
    }
    if (pending.command === 'DISCONNECT') this.end();
    return pending;
  }

  /**
   * Stops waiting for a receipt that may never come (RabbitMQ drops the receipts of a transaction's
   * SENDs when it is aborted); should it come after all, it is accepted silently.
   */
  abandonReceipt(id: string): boolean {
    if (!this.receipts.take(id)) return false;
    this.abandoned.add(id);
    // Bounded: only the newest few matter for late arrivals.
    if (this.abandoned.size > 10_000) this.abandoned.delete(this.abandoned.values().next().value as string);
    return true;
  }

  /**
   * Accepted in any state: an ERROR is never the caller's fault, and hiding it behind a state error
   * would lose the broker's explanation. An ERROR while connecting is a refused CONNECT.
   */
  error(frame: Frame): IncomingError {
    const error = commands.error(frame);
    const receipt = error.receiptId === undefined ? undefined : this.receipts.take(error.receiptId);
    if (this.current === 'connecting') this.end();
    return { error, receipt };
  }

  /**
   * The connection is gone (dropped, or closed after DISCONNECT without a receipt). Subscriptions
   * stay for `replay()`; open transactions and pending receipts are reported lost, since the broker
   * aborts the one and will never send the other.
   */
  close(): CloseResult {
    const result: CloseResult = { previousState: this.current, lostTransactions: [...this.open], lostReceipts: this.receipts.list() };
    this.end();
    return result;
  }

  /** Forgets subscriptions too: the next connection starts from nothing. */
  reset(): void {
    this.requireState('reset', 'disconnected');
    this.subscriptionsById.clear();
    this.end();
  }

  // Helpers.

  /** Before the first CONNECTED (only an unchecked session builds frames then), the highest offered. */
  private get buildVersion(): StompVersion {
    return this.negotiated?.version ?? this.offered[this.offered.length - 1] ?? '1.2';
  }

  private settle(command: 'ACK' | 'NACK', message: Frame, options: SessionAckOptions): Outgoing {
    this.requireState(command, 'connected');
    const version = this.buildVersion;
    const { transaction } = options;
    if (this.checked && !this.settleable(command, message, version)) this.explainUnsettleable(command, message, version);
    this.requireOpenTransaction(command, transaction);
    const build = command === 'ACK' ? commands.ack : commands.nack;
    const receipt = this.reserveReceipt(command, options.receipt);
    const frame = build(version, message, { transaction, receipt, headers: options.headers });
    if (receipt !== undefined) this.receipts.record(receipt, command, this.settleFacts(message, version, transaction));
    return { frame, receipt };
  }

  /** What a receipt for an ACK or NACK is about. Unchecked, the MESSAGE may be too broken to route: its own headers are the best account. */
  private settleFacts(message: Frame, version: StompVersion, transaction: string | undefined): ReceiptFacts {
    if (!this.checked) return { subscription: getHeader(message, 'subscription'), messageId: getHeader(message, 'message-id'), transaction };
    const info = commands.message(message, version);
    const route = this.subscriptionsById.route(info.subscription);
    return { subscription: route.kind === 'live' ? route.id : undefined, messageId: info.messageId, transaction };
  }

  /** The common case, per ACK without allocating: a MESSAGE of a live subscription that takes acks, from this connection. */
  private settleable(command: 'ACK' | 'NACK', message: Frame, version: StompVersion): boolean {
    if (command === 'NACK' && !supportsNack(version)) return false;
    const id = message.command === 'MESSAGE' ? getHeader(message, 'subscription') : undefined;
    const subscription = id === undefined ? undefined : this.subscriptionsById.peek(id);
    if (subscription === undefined || subscription.ack === 'auto') return false;
    const arrived = this.arrivedOn?.get(message);
    return arrived === undefined || arrived === this.connection;
  }

  /** Throws the error that says why `settleable` refused (or, for a 1.0 MESSAGE routed by destination, returns: it is fine). */
  private explainUnsettleable(command: 'ACK' | 'NACK', message: Frame, version: StompVersion): void {
    if (command === 'NACK' && !supportsNack(version)) this.fail(command, `STOMP ${version} has no NACK (it is the negotiated version)`);
    const info = commands.message(message, version);
    const route = this.subscriptionsById.route(info.subscription);
    if (route.kind !== 'live') {
      const state = route.kind === 'stale' ? 'which was unsubscribed' : 'which this session never subscribed';
      this.fail(command, `${messageLabel(info.messageId)} belongs to ${describeRef(info.subscription)}, ${state}`);
    }
    const subscription = this.subscriptionsById.get(route.id)!;
    if (subscription.ack === 'auto') {
      this.fail(command, `subscription ${q(subscription.id)} (to ${subscription.destination}) is in auto mode; the broker takes no ${command} for it`);
    }
    const arrived = this.arrivedOn?.get(message);
    if (arrived !== undefined && arrived !== this.connection) {
      this.fail(command, `${messageLabel(info.messageId)} arrived on an earlier connection; the broker redelivers it, settle the new copy`);
    }
  }

  private finish(command: 'COMMIT' | 'ABORT', transaction: string, options: SessionReceiptOptions): Outgoing {
    this.requireState(command, 'connected');
    this.requireOpenTransaction(command, transaction);
    const build = command === 'COMMIT' ? commands.commit : commands.abort;
    const out = this.withReceipt(command, options.receipt, { transaction }, (receipt) => build(this.buildVersion, transaction, { receipt }));
    this.open.delete(transaction);
    return out;
  }

  /** Resolves the receipt id, builds the frame, and only then records the receipt as pending. */
  private withReceipt(command: ClientCommand, request: ReceiptRequest | undefined, facts: ReceiptFacts, build: (receipt: string | undefined) => Frame): Outgoing {
    const receipt = this.reserveReceipt(command, request);
    const frame = build(receipt);
    if (receipt !== undefined) this.receipts.record(receipt, command, facts);
    return { frame, receipt };
  }

  /** The receipt id a frame will carry, refusing one that is already waiting; recorded once the frame is built. */
  private reserveReceipt(command: ClientCommand, request: ReceiptRequest | undefined): string | undefined {
    const receipt = this.receipts.idFor(request);
    const waiting = receipt === undefined ? undefined : this.receipts.waiting(receipt);
    if (this.checked && waiting) this.fail(command, `receipt id ${q(receipt!)} is already waiting for the RECEIPT of a ${waiting.command}`);
    return receipt;
  }

  private requireOpenTransaction(command: ClientCommand, transaction: string | undefined): void {
    if (!this.checked || transaction === undefined || this.open.has(transaction)) return;
    const open = this.open.size === 0 ? 'none is open' : `open: ${[...this.open].join(', ')}`;
    this.fail(command, `transaction ${q(transaction)} is not open (${open}); call begin first`);
  }

  private requireState(command: string, state: SessionState): void {
    if (this.checked && this.current !== state) this.fail(command, stateAdvice(this.current));
  }

  /** Frames arrive between CONNECTED and the end of the connection, including while disconnecting. */
  private requireReceiving(command: string): void {
    if (this.checked && this.current !== 'connected' && this.current !== 'disconnecting') {
      this.failIncoming(command, `session is ${this.current}, so no ${command} was expected`);
    }
  }

  private end(): void {
    this.open.clear();
    this.receipts.clear();
    this.periods = HEART_BEATS_OFF;
    this.current = 'disconnected';
  }

  private fail(command: string, reason: string): never {
    throw new StompSessionError(command, this.current, reason);
  }

  private failIncoming(command: string, reason: string): never {
    throw new StompSessionError(command, this.current, reason, true);
  }
}

/** Built only when something fails: ACK is a hot path. */
function messageLabel(messageId: string | undefined): string {
  return messageId === undefined ? 'the message' : `message ${q(messageId)}`;
}

function q(value: string): string {
  return JSON.stringify(value);
}

/** A private copy: the caller may reuse its array, but replay must send what was subscribed. */
function copyHeaders(input: commands.HeaderInput | undefined): readonly Header[] {
  return toHeaderList(input).map(([name, value]): Header => [name, value]);
}
