/**
 * The async STOMP client: connects through a failover plan, keeps heart-beats, turns receipts into
 * promises, runs a handler per subscription, reconnects after a drop and replays the
 * subscriptions, and disconnects gracefully. The protocol state lives in a StompSession; this
 * class adds only I/O, timing and handlers.
 */
import type { ConnectedInfo } from '../protocol/commands/connected';
import { createFailoverPlan, type FailoverPlan } from '../protocol/failover-plan';
import { parseFailoverUri, type FailoverUri } from '../protocol/failover-uri';
import type { Frame } from '../protocol/frame';
import { connect as buildConnect, type ConnectOptions } from '../protocol/commands/connect';
import { StompSession } from '../protocol/session/session';
import { parseAll } from '../protocol/parser';
import type { SerializeOptions } from '../protocol/serializer';
import type { Outgoing, ReceiptRequest } from '../protocol/session/session-types';
import { supportsNack, VERSIONS, type StompVersion } from '../protocol/spec';
import { CLIENT_DEFAULTS, type ClientOptions } from './client-options';
import { BrokerError, ClientStateError, ConnectFailedError, ConnectionLostError, ReconnectRequestedError, reasonOf, type AttemptFailure } from './client-errors';
import { addressOf, attemptConnect, ConnectRefusedError, type AttemptSettings } from './connect-attempt';
import { openTransport } from './open-transport';
import { ReceiptAbandonedError, ReceiptTracker, type ReceiptResult } from './receipt-tracker';
import type { ConnectionEvents, StompConnection } from './stomp-connection';
import { StompMessage } from './stomp-message';
import { SubscriptionDispatcher } from './subscription-dispatcher';
import type { MessageHandler, SubscribeOptions, SubscriptionHandle } from './subscription-types';
import { ClientTransaction } from './client-transaction';
import { TypedEmitter } from './typed-emitter';
import type { ClientEvents, ClientState, ConnectedEvent, SendOptions, SendTicket } from './client-events';
import { moveToErrorDestination } from './error-destination';
import { describeAddress } from './transport';
import { cancellableSleep, type Sleep } from './cancellable-sleep';
import { checkReadCoalesceMs } from './transports/read-coalescing';

/** A connection that ends sooner than this after CONNECTED counts as a quick drop. */
const QUICK_DROP_MS = 2_000;

export class StompClient extends TypedEmitter<ClientEvents> {
  readonly uri: FailoverUri;
  private readonly options: ClientOptions;
  /** Acks of messages from an earlier connection are caught by `generation` (StompMessage), not by the session. */
  private readonly session = new StompSession({ trackArrival: false });
  private readonly receipts = new ReceiptTracker();
  private readonly dispatcher: SubscriptionDispatcher;
  private readonly plan: FailoverPlan;
  private connection: StompConnection | null = null;
  private broker = '';
  private generation = 0;
  private current: ClientState = 'idle';
  private walk: Sleep | null = null;
  /** Stops the attempt in flight (opening, or waiting for CONNECTED) when disconnect() is called. */
  private attemptAbort: AbortController | null = null;
  /** Bumped by disconnect(): a failover walk that started before stops at its next step. */
  private walkToken = 0;
  private connecting: Promise<ConnectedEvent> | null = null;
  private info: ConnectedEvent | null = null;
  private connectedAt = 0;
  /** Connections in a row that died within QUICK_DROP_MS of being made. */
  private quickDrops = 0;

  constructor(options: ClientOptions) {
    super();
    this.options = options;
    if (options.readCoalesceMs !== undefined) checkReadCoalesceMs(options.readCoalesceMs);
    if (options.bodies !== undefined && options.bodies !== 'owned' && options.bodies !== 'borrowed') {
      throw new RangeError(`bodies must be 'owned' or 'borrowed', not ${JSON.stringify(options.bodies)}`);
    }
    this.uri = typeof options.uri === 'string' ? parseFailoverUri(options.uri) : options.uri;
    this.plan = createFailoverPlan(this.uri, { random: options.random });
    this.dispatcher = new SubscriptionDispatcher({
      ack: (message) => this.ack(message),
      nack: (message) => this.nack(message),
      moveToErrorDestination: (message, destination, error) => moveToErrorDestination(this, message, destination, error),
      disconnect: () => void this.disconnect().catch(() => undefined),
      nackSupported: () => supportsNack(this.version),
      failed: (event) => this.emit('handlerFailed', event),
    });
  }

  get state(): ClientState {
    return this.current;
  }

  /** The negotiated version; the highest offered before the first CONNECTED. */
  get version(): StompVersion {
    return this.session.version ?? [...(this.options.versions ?? VERSIONS)].sort().at(-1) ?? '1.2';
  }

  get connectedInfo(): ConnectedEvent | null {
    return this.current === 'connected' ? this.info : null;
  }

  get subscriptions(): readonly { id: string; destination: string; ack: string; messages: number }[] {
    return this.session.subscriptions;
  }

  /** Connects through the failover plan; resolves with who answered and what was agreed. */
  connect(): Promise<ConnectedEvent> {
    if (this.current === 'connected' && this.info) return Promise.resolve(this.info);
    if (this.connecting) return this.connecting;
    if (this.current === 'disconnecting') return Promise.reject(new ClientStateError('cannot connect while disconnecting'));
    this.connecting = this.walkPlan(false).finally(() => (this.connecting = null));
    return this.connecting;
  }

  async send(destination: string, body: Uint8Array | string = '', options: SendOptions = {}): Promise<ReceiptResult | undefined> {
    const ticket = this.sendTicket(destination, body, options);
    await ticket.written;
    return ticket.receipt;
  }

  /**
   * A SEND whose write and receipt are awaited apart: the next one can go out while this one's
   * RECEIPT is still on its way (a broker that holds receipts of a transaction until COMMIT, or a
   * bulk send that wants every receipt without a round trip per message). Throws at once when the
   * frame cannot be built or the client is not connected.
   */
  sendTicket(destination: string, body: Uint8Array | string = '', options: SendOptions = {}): SendTicket {
    this.requireOpen('SEND');
    const out = this.session.send(destination, body, { headers: options.headers, transaction: options.transaction, receipt: options.receipt });
    const { written, receipt } = this.writeApart(out, `SEND to ${destination}`, options.receiptTimeout, options.contentLength ? { contentLength: options.contentLength } : undefined);
    return { receiptId: out.receipt, written, receipt };
  }

  /**
   * Stops waiting for a receipt that will not come (RabbitMQ never answers the SENDs of an aborted
   * transaction): its promise rejects with ReceiptAbandonedError now, and a late RECEIPT is ignored.
   */
  abandonReceipt(receiptId: string, reason: string): boolean {
    const known = this.session.abandonReceipt(receiptId);
    return this.receipts.fail(receiptId, new ReceiptAbandonedError(receiptId, reason)) || known;
  }

  /**
   * Drops the connection on purpose and reconnects through the failover plan, replaying every
   * subscription, as after a broker-side drop. Only while connected; `reason` names the cause in
   * the `disconnected` event.
   */
  reconnect(reason = 'reconnect asked for'): void {
    const connection = this.connection;
    if (this.current !== 'connected' || !connection) throw new ClientStateError(`cannot reconnect: the client is ${this.current}, not connected`);
    if (this.options.reconnect === false) throw new ClientStateError('cannot reconnect: this client was made with reconnect: false');
    // A drop asked for is not a quick drop of a flapping broker: no back-off.
    this.connectedAt = 0;
    connection.destroy(new ReconnectRequestedError(reason));
  }

  /**
   * Sends a frame's bytes exactly as given: byte-for-byte replay of a captured SEND. They must parse,
   * under the negotiated version, as one complete SEND frame and nothing else.
   */
  async sendRaw(bytes: Uint8Array): Promise<void> {
    const connection = this.connection;
    if (!connection || !connection.isOpen) throw new ClientStateError(`cannot send raw bytes: not connected (client is ${this.current})`);
    const events = parseAll(bytes, { version: this.version, strict: true }).filter((e) => e.type === 'frame');
    if (events.length !== 1 || events[0].type !== 'frame' || events[0].frame.command !== 'SEND' || events[0].frame.size !== bytes.length) {
      throw new ClientStateError('raw bytes to send must be exactly one SEND frame');
    }
    const drained = connection.sendRaw(bytes, events[0].frame);
    if (drained) await drained;
  }

  /**
   * Writes bytes on the live connection exactly as given, checked by nothing: the raw frame
   * composer sends malformed frames on purpose, to see what a broker makes of them (`sendRaw`, for
   * replays, insists on one well-formed SEND). The wire log shows them as what they parse to
   * leniently, or by their first line when that is no frame. `receipt`: the receipt id the bytes
   * carry, booked like the client's own, so its RECEIPT settles `receipt` (an ERROR naming it
   * rejects it) instead of being reported as a RECEIPT that answers no frame.
   */
  writeBytes(bytes: Uint8Array, options: { receipt?: string; receiptTimeout?: number } = {}): SendTicket {
    const connection = this.connection;
    if (!connection || !connection.isOpen) throw new ClientStateError(`cannot write raw bytes: not connected (client is ${this.current})`);
    let receipt: Promise<ReceiptResult> | undefined;
    if (options.receipt !== undefined) {
      // The session books a receipt only with a frame that asks for one: this SEND is built, never written.
      this.session.send('(raw bytes)', '', { receipt: options.receipt });
      receipt = this.receipts.expect(options.receipt, options.receiptTimeout ?? this.options.receiptTimeout ?? CLIENT_DEFAULTS.receiptTimeout, 'raw bytes');
      receipt.catch(() => undefined);
    }
    let logged: Frame | undefined;
    try {
      logged = parseAll(bytes, { version: this.version, strict: false }).find((e) => e.type === 'frame')?.frame;
    } catch {
      // Unfinished bytes: no frame to show; the first line stands for them.
    }
    const firstLine = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 64))).split(/\r?\n/)[0];
    const drained = connection.sendRaw(bytes, logged ?? { command: firstLine, headers: [], body: new Uint8Array(0) });
    return { receiptId: options.receipt, written: drained ?? Promise.resolve(), receipt };
  }

  async subscribe(destination: string, handler: MessageHandler, options: SubscribeOptions = {}): Promise<SubscriptionHandle> {
    this.requireOpen('SUBSCRIBE');
    const out = this.session.subscribe({ destination, id: options.id, ack: options.ack, headers: options.headers, receipt: options.receipt });
    const { id, ack } = out.subscription;
    this.dispatcher.add(id, handler, options);
    try {
      await this.write(out, `SUBSCRIBE to ${destination}`);
    } catch (error) {
      // A SUBSCRIBE the broker refused (or never confirmed) is not replayed after a reconnect:
      // replaying it would only provoke the same ERROR again.
      this.dispatcher.remove(id);
      this.session.forget(id);
      throw error;
    }
    return { id, destination, ack, unsubscribe: (opts) => this.unsubscribe(id, opts) };
  }

  async unsubscribe(id: string, options: { receipt?: boolean | string } = {}): Promise<void> {
    this.requireOpen('UNSUBSCRIBE');
    const out = this.session.unsubscribe(id, { receipt: options.receipt });
    this.dispatcher.remove(id);
    await this.write(out, `UNSUBSCRIBE ${id}`);
  }

  /** Acks a message (cumulatively in `client` mode). Moot for a message from an earlier connection. */
  async ack(message: StompMessage, options: { transaction?: string; receipt?: boolean | string } = {}): Promise<ReceiptResult | 'stale' | undefined> {
    if (message.generation !== this.generation) return 'stale';
    this.requireOpen('ACK');
    return this.write(this.session.ack(message.frame, options), `ACK of ${message.messageId}`);
  }

  async nack(message: StompMessage, options: { transaction?: string; receipt?: boolean | string; headers?: Readonly<Record<string, string>> } = {}): Promise<ReceiptResult | 'stale' | undefined> {
    if (message.generation !== this.generation) return 'stale';
    this.requireOpen('NACK');
    return this.write(this.session.nack(message.frame, options), `NACK of ${message.messageId}`);
  }

  /** Starts a transaction; its sends and acks carry it until commit or abort. */
  async begin(options: { receipt?: boolean | string } = {}): Promise<ClientTransaction> {
    this.requireOpen('BEGIN');
    const out = this.session.begin({ receipt: options.receipt });
    await this.write(out, `BEGIN ${out.transaction}`);
    return new ClientTransaction(out.transaction, this, {
      commit: (receipt) => this.write(this.session.commit(out.transaction, { receipt }), `COMMIT ${out.transaction}`),
      abort: (receipt) => this.write(this.session.abort(out.transaction, { receipt }), `ABORT ${out.transaction}`),
    });
  }

  /**
   * Stops dispatching, waits up to `timeout` ms for running handlers, then sends DISCONNECT with a
   * receipt and waits for it, so every frame sent before was processed.
   */
  async disconnect(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? this.options.receiptTimeout ?? CLIENT_DEFAULTS.receiptTimeout;
    this.walkToken++;
    this.walk?.cancel();
    this.attemptAbort?.abort();
    const connection = this.connection;
    if (!connection || this.current !== 'connected') {
      if (connection) connection.destroy();
      this.setState('disconnected');
      this.forget();
      return;
    }
    this.setState('disconnecting');
    this.dispatcher.pause();
    await this.dispatcher.settled(timeout);
    try {
      const out = this.session.disconnect({ receipt: true });
      if (connection.isOpen) await this.write(out, 'DISCONNECT', timeout);
    } catch {
      // The broker may close before its receipt arrives; the DISCONNECT was sent all the same.
    } finally {
      connection.end();
      connection.destroy();
      this.setState('disconnected');
      this.forget();
    }
  }

  /**
   * After an asked-for disconnect the next connect() starts from nothing: subscriptions are not
   * replayed then (only a reconnect after a drop replays), so keeping them would list
   * subscriptions the broker no longer has and block their ids.
   */
  private forget(): void {
    if (this.session.state !== 'disconnected') this.session.close();
    this.session.reset();
    this.dispatcher.clear();
  }

  private async walkPlan(reconnect: boolean): Promise<ConnectedEvent> {
    const token = this.walkToken;
    const cancelled = () => token !== this.walkToken;
    this.setState(reconnect ? 'reconnecting' : 'connecting');
    const failures: AttemptFailure[] = [];
    const settings = this.attemptSettings();
    const connectOptions: ConnectOptions = {
      host: this.options.host ?? CLIENT_DEFAULTS.host,
      login: this.options.login,
      passcode: this.options.passcode,
      versions: this.options.versions,
      heartBeat: this.options.heartBeat ?? defaultHeartBeat(this.options.versions),
      headers: this.options.connectHeaders,
    };
    try {
      // A CONNECT that cannot be built (e.g. heart-beats with only 1.0 offered) fails the same way
      // on every attempt: say so at once instead of walking the plan.
      buildConnect(connectOptions);
    } catch (error) {
      this.setState('disconnected');
      throw new ConnectFailedError([], `the CONNECT frame cannot be built: ${reasonOf(error)}`);
    }
    for (const step of this.plan.attempts()) {
      if (cancelled()) throw new ConnectFailedError(failures, 'disconnect was called');
      const broker = describeAddress(addressOf(step.broker));
      if (step.delay > 0 || reconnect) this.emit('reconnecting', { attempt: step.attempt, maxAttempts: step.maxAttempts, delay: step.delay, broker });
      if (step.delay > 0) {
        this.walk = cancellableSleep(step.delay);
        const completed = await this.walk.done;
        this.walk = null;
        if (!completed || cancelled()) throw new ConnectFailedError(failures, 'disconnect was called');
      }
      try {
        if (this.session.state !== 'disconnected') this.session.close();
        const handshake = {
          frame: this.session.connect(connectOptions).frame,
          accept: (frame: Frame) => this.session.connected(frame),
        };
        this.attemptAbort = new AbortController();
        const attempt = await attemptConnect(step.broker, handshake, { ...settings, signal: this.attemptAbort.signal }).finally(() => (this.attemptAbort = null));
        if (cancelled() || (this.current as ClientState) === 'disconnected') {
          attempt.connection.destroy();
          throw new ConnectFailedError(failures, 'disconnect was called');
        }
        this.plan.connected();
        return this.install(attempt.connection, attempt.info, attempt.broker, reconnect);
      } catch (error) {
        if (error instanceof ConnectFailedError) throw error;
        if (cancelled()) throw new ConnectFailedError(failures, 'disconnect was called');
        const failure = { broker, attempt: step.attempt, reason: reasonOf(error) };
        failures.push(failure);
        this.emit('attemptFailed', failure);
        if (error instanceof ConnectRefusedError) {
          this.setState('disconnected');
          throw new ConnectFailedError(failures, 'the broker refused the CONNECT');
        }
      }
    }
    this.setState('disconnected');
    const limit = failures.length === 1 ? 'the only attempt failed' : 'the failover plan ran out of attempts';
    throw new ConnectFailedError(failures, limit);
  }

  private install(connection: StompConnection, info: ConnectedInfo, broker: string, reconnect: boolean): ConnectedEvent {
    this.connection = connection;
    this.broker = broker;
    this.connectedAt = Date.now();
    this.generation++;
    connection.on('frame', (frame) => this.receive(frame));
    connection.on('close', (error) => this.lost(connection, error));
    const event: ConnectedEvent = { ...info, broker, verified: connection.transport.verified, reconnect };
    this.info = event;
    // Paused by the drop or by an earlier disconnect(): handlers run again on this connection.
    this.dispatcher.resume();
    const replayed = reconnect ? this.session.replay() : [];
    for (const frame of replayed) void connection.send(frame);
    this.setState('connected');
    this.emit('connected', event);
    // Told after `connected`, as it reads: reconnected, then the subscriptions sent again.
    if (reconnect) this.emit('replayed', { subscriptions: this.session.subscriptions.map(({ id, destination }) => ({ id, destination })) });
    return event;
  }

  private receive(frame: ConnectionEvents['frame']): void {
    try {
      switch (frame.command) {
        case 'MESSAGE': {
          const incoming = this.session.message(frame);
          const subscription = incoming.subscription;
          // A late delivery to a subscription already gone: not acked, so the broker keeps it.
          if (!subscription) return;
          this.dispatcher.dispatch(new StompMessage(frame, subscription.id, subscription.ack, this.generation, this.broker), this.connection?.holdBody(frame));
          return;
        }
        case 'RECEIPT': {
          const pending = this.session.receipt(frame);
          if (pending) this.receipts.receive(pending.id);
          return;
        }
        case 'ERROR': {
          const { error, receipt } = this.session.error(frame);
          const brokerError = new BrokerError(error, this.broker);
          if (receipt) this.receipts.fail(receipt.id, brokerError);
          this.emit('brokerError', brokerError);
          return;
        }
      }
    } catch (error) {
      // A frame the session cannot place is the broker's fault: report it, keep the connection.
      this.emit('brokerError', new BrokerError({ message: reasonOf(error), body: '', receiptId: undefined, headers: {} }, this.broker));
    }
  }

  private lost(connection: StompConnection, error: Error | undefined): void {
    if (connection !== this.connection) return;
    this.connection = null;
    const closed = this.session.state === 'disconnected' ? undefined : this.session.close();
    this.receipts.failAll(new ConnectionLostError(this.broker, error?.message ?? 'the connection closed'));
    if (closed?.lostTransactions.length) this.emit('transactionsLost', closed.lostTransactions);
    const wanted = this.current === 'disconnecting' || this.current === 'disconnected';
    const willReconnect = !wanted && (this.options.reconnect ?? CLIENT_DEFAULTS.reconnect);
    this.emit('disconnected', { error: wanted ? undefined : (error ?? new ConnectionLostError(this.broker, 'the broker closed the connection')), willReconnect });
    if (!willReconnect) {
      this.setState('disconnected');
      return;
    }
    this.dispatcher.pause();
    // A connection that dies right after it was made (a broker that answers the replayed
    // subscriptions with ERROR and hangs up, say) must not be retried in a tight loop: such quick
    // drops back off, doubling up to the plan's maximum delay, until a connection lasts.
    const lived = Date.now() - this.connectedAt;
    this.quickDrops = lived < QUICK_DROP_MS ? this.quickDrops + 1 : 0;
    const options = this.uri.options;
    const backOff = this.quickDrops === 0 ? 0 : Math.min(options.maxReconnectDelay, Math.max(options.initialReconnectDelay, 100) * 2 ** (this.quickDrops - 1));
    this.reconnectAfter(backOff);
  }

  private reconnectAfter(delay: number): void {
    const walk = async () => {
      if (delay > 0) {
        this.setState('reconnecting');
        const limit = this.uri.options.maxReconnectAttempts;
        this.emit('reconnecting', { attempt: 1, maxAttempts: limit < 0 ? null : limit + 1, delay, broker: this.broker });
        this.walk = cancellableSleep(delay);
        const completed = await this.walk.done;
        this.walk = null;
        if (!completed) throw new ConnectFailedError([], 'disconnect was called');
      }
      return this.walkPlan(true);
    };
    // A reconnect that gives up says so, with every attempt and its reason (not one the user stopped).
    walk().catch((failure: Error) => {
      if ((failure as ConnectFailedError).gaveUpBecause !== 'disconnect was called') this.emit('reconnectFailed', failure);
    });
  }

  private async write(out: Outgoing, purpose: string, timeout?: number, serialize?: SerializeOptions): Promise<ReceiptResult | undefined> {
    const { written, receipt } = this.writeApart(out, purpose, timeout, serialize);
    await written;
    return receipt;
  }

  /** Writes a frame; its drain and its receipt are two promises, either may be awaited alone. */
  private writeApart(out: Outgoing, purpose: string, timeout?: number, serialize?: SerializeOptions): { written: Promise<void>; receipt: Promise<ReceiptResult> | undefined } {
    const connection = this.connection;
    if (!connection || !connection.isOpen) throw new ClientStateError(`cannot send ${out.frame.command}: not connected (client is ${this.current})`);
    const receipt = out.receipt
      ? this.receipts.expect(out.receipt, timeout ?? this.options.receiptTimeout ?? CLIENT_DEFAULTS.receiptTimeout, purpose)
      : undefined;
    // The receipt can fail (connection lost) while we wait for the drain, before the caller holds
    // it: mark it handled so that is not an unhandled rejection. The caller still gets it.
    receipt?.catch(() => undefined);
    const drained = connection.send(out.frame, serialize);
    return { written: drained ?? Promise.resolve(), receipt };
  }

  /** Commands need a live connection; the session's own state error would be less clear. */
  private requireOpen(command: string): void {
    if (!this.connection?.isOpen) throw new ClientStateError(`cannot send ${command}: not connected (client is ${this.current})`);
  }

  private attemptSettings(): AttemptSettings {
    const o = this.options;
    return {
      open: o.openTransport ?? openTransport,
      transport: { connectTimeout: o.connectTimeout ?? CLIENT_DEFAULTS.connectTimeout, tls: o.tls, webSocket: o.webSocket, readCoalesceMs: o.readCoalesceMs },
      connectedTimeout: o.connectedTimeout ?? CLIENT_DEFAULTS.connectedTimeout,
      heartBeatTolerance: o.heartBeatTolerance ?? CLIENT_DEFAULTS.heartBeatTolerance,
      strict: o.strict ?? CLIENT_DEFAULTS.strict,
      parserLimits: o.parserLimits,
      versions: o.versions ?? VERSIONS,
      keepRaw: o.keepRawFrames,
      borrowBodies: o.bodies === 'borrowed',
      wireWanted: () => this.has('wire'),
      onWire: (entry) => {
        if (this.has('wire')) this.emit('wire', entry);
      },
    };
  }

  private setState(state: ClientState): void {
    if (state === this.current) return;
    this.current = state;
    this.emit('state', state);
  }
}

export type { ReceiptRequest };
export type { ClientEvents, ClientState, ConnectedEvent, SendOptions, SendTicket };

/** Heart-beats are a 1.1 feature: offering only 1.0 with the default periods would be refused. */
function defaultHeartBeat(versions: ClientOptions['versions']): readonly [number, number] {
  return versions && versions.length > 0 && versions.every((v) => v === '1.0') ? [0, 0] : CLIENT_DEFAULTS.heartBeat;
}
