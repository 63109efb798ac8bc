/**
 * One client connection: bytes in through the strict parser, frames to the command handlers, frames
 * out through the serializer; heart-beats, receipts, graceful and abrupt closing, and the fault
 * switches that act per connection. Every failure of the client's making ends in an ERROR frame
 * and a close, never in an exception that escapes to the socket (which would kill the process).
 */
import type { Socket } from 'node:net';
import { createFrame, getHeader, type Frame, type ParsedFrame } from '../protocol/frame';
import { StompParser } from '../protocol/parser';
import { serializeFrame, serializeHeartBeat } from '../protocol/serializer';
import type { StompVersion } from '../protocol/spec';
import type { BrokerCore } from './broker-core';
import type { CommandContext } from './command-context';
import type { MalformedKind } from './faults';
import { HANDLERS } from './handlers/index';
import { HeartBeatTimers } from './heart-beat-timers';
import { effectiveMalformedKind, malformedBytes } from './malformed';
import { messageFrame } from './message-frame';
import type { HeartBeatPeriods } from './negotiate';
import { errorFrame, ProtocolViolation } from './protocol-violation';
import { ReceiptScheduler } from './receipt-scheduler';
import { Session } from './session';
import type { Delivery, SubscriptionOwner } from './subscription';

/** How long a client may keep its side open after the broker ended the connection. */
const CLOSE_GRACE_MS = 2000;

/**
 * `open`: reading and handling frames. `closing`: no more input is handled (after DISCONNECT, an
 * ERROR or a drop), pending output may still go. `closed`: the socket is gone.
 */
type State = 'open' | 'closing' | 'closed';

export class BrokerConnection implements CommandContext, SubscriptionOwner {
  readonly core: BrokerCore;
  readonly session: Session;
  private readonly socket: Socket;
  private readonly parser: StompParser;
  private readonly heartBeats: HeartBeatTimers;
  private readonly receipts: ReceiptScheduler;
  private readonly onClosed: (connection: BrokerConnection) => void;
  private state: State = 'open';
  private stalled = false;
  /** Output written while stalled, flushed when the stall ends. */
  private held: Uint8Array[] = [];
  private ending = false;
  /** Cuts off a client that keeps its side open after the broker ended the connection. */
  private graceTimer: NodeJS.Timeout | undefined;
  /** Frames received, CONNECT included: what `dropAfterFrames` and `malformedAfterFrames` count. */
  private framesReceived = 0;
  private malformedWritten = false;

  constructor(socket: Socket, core: BrokerCore, onClosed: (connection: BrokerConnection) => void) {
    this.socket = socket;
    this.core = core;
    this.onClosed = onClosed;
    const number = core.ids.nextConnection();
    this.session = new Session(number, core.ids.sessionId(number));
    // Strict: the sandbox is a test tool, and a client bug should show, with its byte offset.
    // CONNECT is parsed by 1.2 rules (it is never escaped, and 1.2 allows the STOMP command and
    // CR LF); `established` switches to the negotiated version before the next frame.
    this.parser = new StompParser({
      version: '1.2',
      strict: true,
      limits: core.options.maxFrameSize === undefined ? undefined : { maxFrameSize: core.options.maxFrameSize },
    });
    this.heartBeats = new HeartBeatTimers(this.beat, this.clientIsDead);
    this.receipts = new ReceiptScheduler(() => core.faults().delayReceiptsMs ?? 0);

    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('drain', this.redispatch);
    // A reset by the peer is an ordinary way for a connection to end; 'close' follows.
    socket.on('error', () => {});
    socket.on('close', this.teardown);
  }

  /** Applies the fault switches that act on a fresh socket. */
  start(): void {
    const faults = this.core.faults();
    if (faults.dropAfterFrames === 0) {
      this.drop();
      return;
    }
    if (faults.stallHeartBeats) this.setStalled(true);
    if (faults.malformedAfterFrames === 0) this.writeMalformed(faults.malformedKind);
  }

  get owner(): SubscriptionOwner {
    return this;
  }

  get congested(): boolean {
    return this.state !== 'open' || this.stalled || this.socket.writableNeedDrain;
  }

  get isConnected(): boolean {
    return this.state === 'open' && this.session.connected;
  }

  // --- CommandContext --------------------------------------------------------------------------

  send(frame: Frame): void {
    if (this.state === 'closed' || this.socket.writableEnded) return;
    const bytes = serializeFrame(frame, this.session.version);
    this.core.stats.framesSent++;
    this.write(bytes);
  }

  receipt(frame: Frame, then?: () => void): void {
    const id = getHeader(frame, 'receipt');
    if (id === undefined) {
      if (then) this.receipts.afterPending(then);
      return;
    }
    this.receipts.schedule(() => {
      this.send(createFrame('RECEIPT', [['receipt-id', id]]));
      this.core.stats.receiptsSent++;
      then?.();
    });
  }

  established(version: StompVersion, heartBeat: HeartBeatPeriods): void {
    this.session.version = version;
    this.session.connected = true;
    this.parser.setVersion(version);
    this.heartBeats.start(heartBeat);
    if (this.stalled) this.heartBeats.pause();
  }

  disconnect(frame: Frame): void {
    this.state = 'closing';
    this.receipt(frame, () => this.end());
  }

  // --- SubscriptionOwner -----------------------------------------------------------------------

  nextAckId(): string {
    return this.session.nextAckId();
  }

  deliver(delivery: Delivery): void {
    if (delivery.ackId !== '') this.session.deliveriesByAckId.set(delivery.ackId, delivery);
    this.core.stats.messagesDelivered++;
    // Runs inside another connection's SEND: a failure here must close this consumer, not that
    // producer. (Nothing should fail: message-frame drops headers this version cannot carry.)
    try {
      this.send(messageFrame(delivery, this.session.version));
    } catch (error) {
      this.failWith(error, undefined);
    }
  }

  forget(delivery: Delivery): void {
    if (delivery.ackId !== '') this.session.deliveriesByAckId.delete(delivery.ackId);
  }

  // --- control from the broker -----------------------------------------------------------------

  /** `stallHeartBeats`: freeze or thaw this connection (see the switch's description). */
  setStalled(stalled: boolean): void {
    if (stalled === this.stalled || this.state === 'closed') return;
    this.stalled = stalled;
    if (stalled) {
      this.socket.pause();
      this.heartBeats.pause();
      return;
    }
    const held = this.held;
    this.held = [];
    for (const bytes of held) this.write(bytes);
    if (this.ending) {
      this.finishEnd();
      return;
    }
    this.heartBeats.resume();
    this.socket.resume();
    this.redispatch();
  }

  /** Writes one malformed frame; false when the connection is not open. */
  writeMalformed(kind: MalformedKind | undefined): boolean {
    if (this.state !== 'open' || this.ending) return false;
    const version = this.session.connected ? this.session.version : undefined;
    const firstSubscription = this.session.subscriptions.values().next().value;
    this.write(malformedBytes(effectiveMalformedKind(kind, version), this.session.version, firstSubscription?.spec.wireId));
    this.malformedWritten = true;
    this.core.stats.malformedSent++;
    return true;
  }

  /** Closes abruptly, as a crash or a network failure would: no ERROR, no RECEIPT. */
  drop(): void {
    if (this.state === 'closed') return;
    this.state = 'closing';
    this.core.stats.connectionsDropped++;
    this.socket.destroy();
  }

  /** For broker shutdown. */
  destroy(): void {
    this.socket.destroy();
  }

  // --- input -----------------------------------------------------------------------------------

  private readonly onData = (chunk: Buffer): void => {
    if (this.state !== 'open') return;
    this.heartBeats.received();
    this.core.stats.bytesReceived += chunk.length;
    try {
      this.parseChunk(chunk);
    } catch (error) {
      this.failWith(error, undefined);
    }
  };

  /**
   * Until CONNECT is handled the parser is fed up to one NUL at a time, because the negotiated
   * version must apply from the byte after CONNECT's NUL, and a client may send CONNECT and SEND
   * in one chunk. After that, whole chunks. On a broken rule the frames completed before it are
   * handled first (the error carries them), so what the broker does never depends on how TCP cut
   * the stream.
   */
  private parseChunk(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0 && this.state === 'open') {
      let piece = rest;
      if (!this.session.connected) {
        const nul = rest.indexOf(0);
        if (nul >= 0) piece = rest.subarray(0, nul + 1);
      }
      rest = rest.subarray(piece.length);
      const { events, error: failure } = this.parser.tryPush(piece);
      for (const event of events) {
        if (this.state !== 'open') return;
        if (event.type === 'frame') this.onFrame(event.frame);
        else if (event.type === 'heartbeat') this.core.stats.heartBeatsReceived++;
      }
      if (failure && this.state === 'open') {
        this.fail(
          new ProtocolViolation(
            `Malformed frame: ${failure.rule} at byte ${failure.offset}`,
            `${failure.message}.\nThe sandbox broker parses STOMP ${this.parser.getVersion()} strictly and closes the connection on the first broken rule.`,
          ),
          undefined,
        );
        return;
      }
    }
  }

  private onFrame(frame: ParsedFrame): void {
    this.framesReceived++;
    this.core.stats.framesReceived++;
    const { dropAfterFrames } = this.core.faults();
    if (dropAfterFrames !== undefined && this.framesReceived >= dropAfterFrames) {
      this.drop();
      return;
    }
    try {
      this.handle(frame);
    } catch (error) {
      this.failWith(error, frame);
      return;
    }
    const { malformedAfterFrames, malformedKind } = this.core.faults();
    if (malformedAfterFrames !== undefined && !this.malformedWritten && this.framesReceived >= malformedAfterFrames) {
      this.writeMalformed(malformedKind);
    }
  }

  private handle(frame: ParsedFrame): void {
    const { command } = frame;
    const handshake = command === 'CONNECT' || command === 'STOMP';
    if (!this.session.connected && !handshake) {
      throw new ProtocolViolation('Not connected', `${command} before CONNECT: the first frame on a connection must be CONNECT (or STOMP).`);
    }
    if (this.session.connected && handshake) {
      throw new ProtocolViolation('Already connected', `${command} on a connection that is already connected.`);
    }
    const handler = Object.hasOwn(HANDLERS, command) ? HANDLERS[command as keyof typeof HANDLERS] : undefined;
    if (!handler) {
      throw new ProtocolViolation(`Unexpected ${command} frame`, `${command} is a frame only a server sends; a client may not send it.`);
    }
    handler(this, frame);
  }

  // --- output and closing ----------------------------------------------------------------------

  private write(bytes: Uint8Array): void {
    if (this.state === 'closed' || this.socket.writableEnded) return;
    if (this.stalled) {
      this.held.push(bytes);
      return;
    }
    this.core.stats.bytesSent += bytes.length;
    this.socket.write(bytes);
    this.heartBeats.wrote();
  }

  private readonly beat = (): void => {
    this.core.stats.heartBeatsSent++;
    this.write(serializeHeartBeat(this.session.version));
  };

  private readonly clientIsDead = (): void => {
    // Like RabbitMQ: no ERROR, the client is not listening anyway.
    this.core.stats.deadClientsDropped++;
    this.drop();
  };

  private failWith(error: unknown, frame: Frame | undefined): void {
    const violation =
      error instanceof ProtocolViolation
        ? error
        : new ProtocolViolation('Internal error in the sandbox broker', error instanceof Error ? (error.stack ?? error.message) : String(error));
    this.fail(violation, frame);
  }

  /** ERROR, then a graceful close, as STOMP 1.2 requires after an ERROR. */
  private fail(violation: ProtocolViolation, frame: Frame | undefined): void {
    const receiptId = frame ? getHeader(frame, 'receipt') : undefined;
    this.send(errorFrame(violation.summary, violation.details, receiptId, violation.headers));
    this.core.stats.errorsSent++;
    this.end();
  }

  /** Stops reading, lets the written bytes go, then half-closes; the client should close too. */
  private end(): void {
    if (this.state === 'closed' || this.ending) return;
    this.state = 'closing';
    this.ending = true;
    this.receipts.stop();
    this.heartBeats.stop();
    if (!this.stalled) this.finishEnd();
  }

  private finishEnd(): void {
    this.socket.end();
    this.graceTimer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
  }

  private readonly redispatch = (): void => {
    for (const subscription of this.session.subscriptions.values()) {
      if (!subscription.spec.browser) subscription.queue.dispatch();
    }
  };

  /** The socket is gone: abort transactions, give unsettled messages back, stop every timer. */
  private readonly teardown = (): void => {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.heartBeats.stop();
    this.receipts.stop();
    clearTimeout(this.graceTimer);
    this.held = [];
    const { session } = this;
    session.transactions.clear();
    for (const subscription of session.subscriptions.values()) {
      if (!subscription.spec.browser) this.core.destinations.detach(subscription);
    }
    session.subscriptions.clear();
    session.deliveriesByAckId.clear();
    this.onClosed(this);
  };
}
