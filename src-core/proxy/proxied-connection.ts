/**
 * One client connection through the proxy and the broker connection opened for it: two relay
 * lanes (one per direction), the handshake both peers went through, receipts and heart-beats as
 * the peers agreed on them, the frame faults, and a clean close of both sides.
 */
import type { Transport } from '../client/transport';
import { createFrame, type Frame, type ParsedFrame } from '../protocol/frame';
import { serializeFrame } from '../protocol/serializer';
import type { ParserLimits } from '../protocol/parser-options';
import { hasRewrite, isConnectCommand, rewriteConnect, type ConnectRewrite } from './credentials';
import { editedFrameBytes } from './edited-frame';
import type { FaultSettings } from './faults';
import { HandshakeTracker } from './handshake-tracker';
import { HeartbeatWatch } from './heartbeat-watch';
import { firstMatch, type CompiledRule } from './hold-rules';
import { Outlet, NO_SHAPING, type Shaping } from './outlet';
import { inScope, type Alteration, type CloseInitiator, type Direction, type NegotiatedSession, type ProxyDiagnostic, type ProxyEvents } from './proxy-types';
import { ReadGate, type GateReason } from './read-gate';
import { ReceiptWatch } from './receipt-watch';
import { RelayLane, type Decision, type LaneFrame, type LaneHost } from './relay-lane';
import { dialUpstream, type Dial, type UpstreamSettings } from './upstream-dial';

/** What a connection needs from the proxy that made it. */
export interface ConnectionContext {
  readonly upstream: UpstreamSettings;
  readonly limits?: Partial<ParserLimits>;
  rules(direction: Direction): readonly CompiledRule[];
  faults(): FaultSettings;
  rewrite(): ConnectRewrite | undefined;
  /** Gate reasons every connection starts with (an observer that cannot keep up). */
  initialPauses(): readonly GateReason[];
  emit<K extends keyof ProxyEvents>(event: K, payload: ProxyEvents[K]): void;
  wants(event: keyof ProxyEvents): boolean;
  closed(connection: ProxiedConnection): void;
}

export type ReleaseAction = { readonly action: 'forward' } | { readonly action: 'drop' } | { readonly action: 'edit'; readonly frame?: Frame; readonly raw?: Uint8Array };

export interface ConnectionInfo {
  readonly id: number;
  readonly client: string;
  readonly broker: string | null;
  readonly state: 'connecting' | 'open' | 'closing' | 'closed';
  readonly openedAt: number;
  readonly session: NegotiatedSession | null;
  readonly frames: Readonly<Record<Direction, number>>;
  readonly bytes: Readonly<Record<Direction, number>>;
  readonly held: readonly { readonly direction: Direction; readonly seq: number }[];
}

/** After one side closed, the other gets this long to flush before it is destroyed. */
const CLOSE_GRACE_MS = 5_000;

export class ProxiedConnection implements LaneHost {
  readonly openedAt = Date.now();
  readonly client: string;
  broker: string | null = null;
  private state: ConnectionInfo['state'] = 'connecting';
  private readonly clientSide: Transport;
  private brokerSide: Transport | null = null;
  private readonly clientGate: ReadGate;
  private brokerGate: ReadGate | null = null;
  private lanes: Record<Direction, RelayLane> | null = null;
  private outlets: Record<Direction, Outlet> | null = null;
  private dial: Dial | null = null;
  private readonly handshake = new HandshakeTracker();
  private readonly receipts = new ReceiptWatch();
  private readonly heartbeats: HeartbeatWatch;
  private seq = 0;
  private readonly counts: Record<Direction, number> = { 'client-to-broker': 0, 'broker-to-client': 0 };
  private sentInScope = 0;
  private connectRewritten = false;
  private readonly corruptArmed: Record<Direction, boolean> = { 'client-to-broker': false, 'broker-to-client': false };
  private firstClose: { initiator: CloseInitiator; reason: string } | null = null;
  private readonly sidesClosed = new Set<'client' | 'broker'>();
  private graceTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * `clientSide` is the accepted socket's transport (or, for a replay, the recorded client); it
   * must not deliver bytes before `start()` has opened the broker side.
   */
  constructor(
    readonly id: number,
    clientSide: Transport,
    client: string,
    private readonly context: ConnectionContext,
  ) {
    this.client = client;
    this.clientSide = clientSide;
    this.clientGate = new ReadGate(this.clientSide);
    // Nothing is read from the client until the broker side is open.
    this.clientGate.close('upstream');
    this.heartbeats = new HeartbeatWatch(
      (direction, diagnostic) => this.diagnostic(direction, diagnostic, Date.now()),
      (direction) => this.lanes?.[direction].offset ?? 0,
    );
  }

  async start(): Promise<void> {
    this.clientSide.setListeners({ data: () => undefined, close: (error) => this.sideClosed('client', error) });
    this.dial = dialUpstream(this.context.upstream);
    let opened: { transport: Transport; broker: string };
    try {
      opened = await this.dial.result;
    } catch (error) {
      // Cancelled because the client left or the proxy closed: nothing to tell anyone.
      if (this.state !== 'connecting') return;
      return this.unreachable(error as Error);
    } finally {
      this.dial = null;
    }
    if (this.state !== 'connecting') {
      opened.transport.destroy();
      return;
    }
    this.attach(opened.transport, opened.broker);
  }

  info(): ConnectionInfo {
    const held: { direction: Direction; seq: number }[] = [];
    for (const lane of Object.values(this.lanes ?? {})) if (lane.held) held.push({ direction: lane.direction, seq: lane.held.seq });
    return {
      id: this.id,
      client: this.client,
      broker: this.broker,
      state: this.state,
      openedAt: this.openedAt,
      session: this.handshake.session,
      frames: { ...this.counts },
      bytes: { 'client-to-broker': this.lanes?.['client-to-broker'].offset ?? 0, 'broker-to-client': this.lanes?.['broker-to-client'].offset ?? 0 },
      held,
    };
  }

  /** Lets a held frame go on (as it came, edited, or not at all). */
  release(seq: number, release: ReleaseAction): void {
    const lane = Object.values(this.lanes ?? {}).find((l) => l.held?.seq === seq);
    if (!lane) throw new RangeError(`connection ${this.id} holds no frame ${seq}`);
    const item = lane.held as LaneFrame;
    let action: 'forwarded' | 'edited' | 'dropped';
    if (release.action === 'edit') {
      const bytes = release.raw ?? editedFrameBytes(release.frame as Frame, item.frame, lane.version, this.pendingRewrite());
      if (isConnectCommand(item.frame.command) && release.raw === undefined && this.pendingRewrite()) this.connectRewritten = true;
      action = 'edited';
      lane.release(seq, { action: 'edit', bytes, detail: release.raw ? 'replaced by raw bytes from the hold' : 'edited in the hold' });
    } else {
      action = release.action === 'forward' ? 'forwarded' : 'dropped';
      lane.release(seq, release);
    }
    this.context.emit('released', { connection: this.id, direction: lane.direction, seq, action, at: Date.now() });
  }

  /** The raw bytes of a held frame. */
  heldRaw(seq: number): Uint8Array | null {
    for (const lane of Object.values(this.lanes ?? {})) if (lane.held?.seq === seq) return lane.rawOf(lane.held);
    return null;
  }

  /** One byte of the next frame that way is flipped. */
  armCorruption(direction: Direction): void {
    this.corruptArmed[direction] = true;
  }

  applyShaping(): void {
    if (!this.outlets) return;
    for (const direction of Object.keys(this.outlets) as Direction[]) this.outlets[direction].setShaping(shapingFor(this.context.faults(), direction));
  }

  setPaused(reason: GateReason, paused: boolean): void {
    this.clientGate.set(reason, paused);
    this.brokerGate?.set(reason, paused);
  }

  /** Ends the connection from the proxy: both sides get what was already sent out, then a close. */
  cut(initiator: CloseInitiator, reason: string): void {
    if (this.state === 'closed') return;
    this.firstClose ??= { initiator, reason };
    this.dial?.cancel();
    if (!this.lanes || !this.outlets) {
      this.clientSide.destroy();
      return;
    }
    this.state = 'closing';
    for (const lane of Object.values(this.lanes)) {
      const held = lane.held;
      lane.stop();
      if (held) this.context.emit('released', { connection: this.id, direction: lane.direction, seq: held.seq, action: 'discarded', at: Date.now() });
    }
    for (const outlet of Object.values(this.outlets)) outlet.end();
    this.startGrace();
  }

  // --- LaneHost ---------------------------------------------------------------------------------

  gated(direction: Direction): boolean {
    if (this.corruptArmed[direction]) return true;
    if (this.context.rules(direction).length > 0) return true;
    if (direction === 'client-to-broker' && this.pendingRewrite()) return true;
    const faults = this.context.faults();
    if (direction === 'broker-to-client' && faults.swallowReceipts) return true;
    if (faults.corruptFrame?.direction === direction && this.counts[direction] < faults.corruptFrame.nth) return true;
    return faults.dropAfterFrames !== undefined && inScope(faults.dropAfterFrames.direction, direction);
  }

  decide(direction: Direction, item: LaneFrame, released: boolean): Decision {
    const frame = item.frame;
    if (!released) {
      const rule = firstMatch(this.context.rules(direction), direction, frame);
      if (rule) return { kind: 'hold', rule: rule.id };
    }
    const rewrite = direction === 'client-to-broker' && isConnectCommand(frame.command) ? this.pendingRewrite() : undefined;
    if (rewrite) {
      this.connectRewritten = true;
      const fields = (['login', 'passcode', 'host'] as const).filter((name) => rewrite[name] !== undefined).join(', ');
      return { kind: 'replace', bytes: rewriteConnect(frame, rewrite).bytes, action: 'rewritten', detail: `${fields} set by the proxy` };
    }
    const faults = this.context.faults();
    if (direction === 'broker-to-client' && faults.swallowReceipts && frame.command === 'RECEIPT') {
      return { kind: 'skip', action: 'swallowed', detail: 'RECEIPT swallowed (fault)' };
    }
    const nth = faults.corruptFrame;
    if (this.corruptArmed[direction] || (nth?.direction === direction && nth.nth === item.index)) {
      this.corruptArmed[direction] = false;
      return { kind: 'corrupt' };
    }
    return { kind: 'forward' };
  }

  frameParsed(direction: Direction, frame: ParsedFrame, at: number, raw: () => Uint8Array): { seq: number; index: number } {
    const seq = ++this.seq;
    const index = ++this.counts[direction];
    this.context.emit('frame', { connection: this.id, direction, seq, frame, at, raw });
    const lanes = this.lanes as Record<Direction, RelayLane>;
    if (direction === 'client-to-broker') {
      if (isConnectCommand(frame.command) && this.handshake.offered === null) {
        const step = this.handshake.connect(frame, frame.offset);
        lanes['client-to-broker'].setVersion(step.value);
        lanes['client-to-broker'].settle();
        if (step.diagnostic) this.diagnostic(direction, step.diagnostic, at);
      }
      const finding = this.receipts.clientFrame(frame, frame.offset);
      if (finding) this.diagnostic(finding.direction, finding.diagnostic, at);
    } else {
      if (frame.command === 'CONNECTED' && this.handshake.session === null) {
        const step = this.handshake.connected(frame, frame.offset);
        for (const lane of Object.values(lanes)) lane.setVersion(step.value.version);
        lanes['broker-to-client'].settle();
        if (step.diagnostic) this.diagnostic(direction, step.diagnostic, at);
        this.context.emit('negotiated', { connection: this.id, session: step.value, at });
        this.heartbeats.start(step.value.clientBeatsEvery, step.value.brokerBeatsEvery);
      }
      const finding = this.receipts.brokerFrame(frame, frame.offset);
      if (finding) this.diagnostic(finding.direction, finding.diagnostic, at);
    }
    return { seq, index };
  }

  heartbeat(direction: Direction, offset: number, at: number): void {
    this.context.emit('heartbeat', { connection: this.id, direction, offset, at });
  }

  diagnostic(direction: Direction, diagnostic: ProxyDiagnostic, at: number): void {
    this.context.emit('diagnostic', { connection: this.id, direction, diagnostic, at });
  }

  bytes(direction: Direction, offset: number, bytes: Uint8Array, at: number): void {
    this.heartbeats.touch(direction);
    if (this.context.wants('bytes')) this.context.emit('bytes', { connection: this.id, direction, offset, bytes, at });
  }

  held(direction: Direction, item: LaneFrame, rule: string, at: number): void {
    this.context.emit('hold', { connection: this.id, direction, seq: item.seq, frame: item.frame, rule, at });
  }

  altered(direction: Direction, item: LaneFrame, action: Alteration, bytes: Uint8Array, detail: string): void {
    this.context.emit('altered', { connection: this.id, direction, seq: item.seq, offset: item.start, size: item.end - item.start, action, bytes, detail, at: Date.now() });
  }

  sent(direction: Direction, _item: LaneFrame): void {
    const drop = this.context.faults().dropAfterFrames;
    if (!drop || !inScope(drop.direction, direction)) return;
    if (++this.sentInScope >= drop.count) this.cut('fault', `dropped after ${drop.count} frame(s)`);
  }

  keepAliveEvery(direction: Direction): number {
    const session = this.handshake.session;
    if (!session) return 0;
    return direction === 'client-to-broker' ? session.clientBeatsEvery : session.brokerBeatsEvery;
  }

  // --- life cycle -------------------------------------------------------------------------------

  private pendingRewrite(): ConnectRewrite | undefined {
    const rewrite = this.context.rewrite();
    return !this.connectRewritten && hasRewrite(rewrite) ? rewrite : undefined;
  }

  private attach(broker: Transport, name: string): void {
    this.brokerSide = broker;
    this.broker = name;
    this.brokerGate = new ReadGate(broker);
    const outlets: Record<Direction, Outlet> = {
      'client-to-broker': new Outlet(broker, (busy) => this.clientGate.set('outlet', busy)),
      'broker-to-client': new Outlet(this.clientSide, (busy) => this.brokerGate?.set('outlet', busy)),
    };
    this.outlets = outlets;
    this.applyShaping();
    const limits = this.context.limits;
    this.lanes = {
      'client-to-broker': new RelayLane('client-to-broker', this, outlets['client-to-broker'], this.clientGate, limits),
      'broker-to-client': new RelayLane('broker-to-client', this, outlets['broker-to-client'], this.brokerGate, limits),
    };
    const lanes = this.lanes;
    this.state = 'open';
    this.context.emit('open', { connection: this.id, client: this.client, broker: name, at: Date.now() });
    broker.setListeners({ data: (bytes) => lanes['broker-to-client'].input(bytes), close: (error) => this.sideClosed('broker', error) });
    this.clientSide.setListeners({ data: (bytes) => lanes['client-to-broker'].input(bytes), close: (error) => this.sideClosed('client', error) });
    for (const reason of this.context.initialPauses()) this.setPaused(reason, true);
    this.clientGate.release('upstream');
  }

  /** No broker answered: the client hears why in an ERROR frame, then the connection closes. */
  private unreachable(error: Error): void {
    this.firstClose ??= { initiator: 'proxy', reason: `cannot reach the broker: ${error.message}` };
    this.context.emit('open', { connection: this.id, client: this.client, broker: '', at: Date.now() });
    if (this.state === 'connecting') {
      const frame = createFrame('ERROR', [['message', 'STOMP Explorer proxy cannot reach the broker'], ['content-type', 'text/plain']], error.message);
      void this.clientSide.write(serializeFrame(frame, '1.0'));
      this.clientSide.end();
      // Read again (and ignore what comes) so the client's close is noticed.
      this.clientGate.release('upstream');
      this.state = 'closing';
      this.startGrace();
    }
    this.sidesClosed.add('broker');
    if (this.sidesClosed.has('client')) this.finish();
  }

  private sideClosed(side: 'client' | 'broker', error?: Error): void {
    if (this.sidesClosed.has(side)) return;
    this.sidesClosed.add(side);
    this.firstClose ??= { initiator: side, reason: error ? error.message : `the ${side} closed the connection` };
    if (this.state === 'connecting') {
      // The client left while the broker was being dialled.
      this.state = 'closing';
      this.dial?.cancel();
      this.sidesClosed.add('broker');
    }
    const from: Direction = side === 'client' ? 'client-to-broker' : 'broker-to-client';
    const lanes = this.lanes;
    if (lanes) {
      const discarded = lanes[from].sourceEnded();
      if (discarded) this.context.emit('released', { connection: this.id, direction: from, seq: discarded.seq, action: 'discarded', at: Date.now() });
      if (side === 'client' && this.firstClose.initiator === 'client') {
        const finding = this.receipts.clientClosed();
        if (finding) this.diagnostic(finding.direction, finding.diagnostic, Date.now());
      }
      this.outlets?.[from].end();
      if (this.state === 'open') this.state = 'closing';
      this.startGrace();
    }
    if (this.sidesClosed.size === 2) this.finish();
  }

  private startGrace(): void {
    if (this.graceTimer) return;
    this.graceTimer = setTimeout(() => {
      this.clientSide.destroy();
      this.brokerSide?.destroy();
    }, CLOSE_GRACE_MS);
    this.graceTimer.unref?.();
  }

  private finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.heartbeats.stop();
    for (const lane of Object.values(this.lanes ?? {})) lane.stop();
    for (const outlet of Object.values(this.outlets ?? {})) outlet.close();
    const close = this.firstClose ?? { initiator: 'proxy' as const, reason: 'closed' };
    // Gone from the proxy's list first: a close listener may count what is left.
    this.context.closed(this);
    this.context.emit('close', { connection: this.id, initiator: close.initiator, reason: close.reason, at: Date.now() });
  }
}

export function shapingFor(faults: FaultSettings, direction: Direction): Shaping {
  const latency = faults.latency && inScope(faults.latency.direction, direction) ? faults.latency : undefined;
  const bandwidth = faults.bandwidth && inScope(faults.bandwidth.direction, direction) ? faults.bandwidth : undefined;
  if (!latency && !bandwidth) return NO_SHAPING;
  return { latencyMs: latency?.ms ?? 0, jitterMs: latency?.jitterMs ?? 0, bytesPerSecond: bandwidth?.bytesPerSecond ?? 0 };
}
