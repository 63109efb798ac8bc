/**
 * The recording and intercepting STOMP proxy: listens (loopback by default), and for every client
 * connection opens one to the upstream broker and relays the bytes both ways, unchanged unless a
 * hold, an edit, a fault or a CONNECT rewrite says otherwise, telling its observers every frame,
 * heart-beat and broken rule on the way.
 *
 *   const proxy = await startStompProxy({ listen: { host: '127.0.0.1', port: 61700 }, upstream: 'tcp://127.0.0.1:61613' });
 *   proxy.on('frame', ({ connection, direction, frame }) => console.log(connection, direction, frame.command));
 *   proxy.setHoldRules([{ id: 'sends', commands: ['SEND'], destination: '/queue/orders' }]);
 *   proxy.on('hold', (held) => proxy.release(held.connection, held.seq, { action: 'forward' }));
 *   await proxy.close();
 */
import { createServer, type Server, type Socket } from 'node:net';
import { openTransport, type TransportOpener } from '../client/open-transport';
import type { TlsSettings, TransportOptions } from '../client/transport';
import { WRITE_HIGH_WATER_MARK } from '../client/transports/direct-reads';
import { SocketTransport } from '../client/transports/socket-transport';
import { TypedEmitter } from '../client/typed-emitter';
import { parseFailoverUri, type FailoverUri } from '../protocol/failover-uri';
import type { ParserLimits } from '../protocol/parser-options';
import type { ConnectRewrite } from './credentials';
import { checkFaults, NO_FAULTS, type FaultSettings } from './faults';
import { compileHoldRules, type CompiledRule, type HoldRule } from './hold-rules';
import { checkListenHost, type ListenAddress } from './listen-address';
import { ProxiedConnection, type ConnectionContext, type ConnectionInfo, type ReleaseAction } from './proxied-connection';
import { DIRECTIONS, inScope, type Direction, type ProxyEvents } from './proxy-types';
import type { GateReason } from './read-gate';

export interface ProxyOptions {
  readonly listen: ListenAddress;
  /** Listening on a non-loopback address must be asked for; `warnings` then says what it means. */
  readonly allowRemote?: boolean;
  /** `tcp://`, `ssl://`, `ws://`, `wss://` or a failover URI. */
  readonly upstream: string | FailoverUri;
  readonly tls?: TlsSettings;
  readonly webSocket?: TransportOptions['webSocket'];
  /** ms for each upstream connection attempt. Default 10 s. */
  readonly connectTimeout?: number;
  /** Log in upstream as someone else: the one case where the proxy re-serializes (the CONNECT). */
  readonly rewriteConnect?: ConnectRewrite;
  readonly holdRules?: readonly HoldRule[];
  readonly faults?: FaultSettings;
  readonly parserLimits?: Partial<ParserLimits>;
  /** For tests: the transport factory and the failover plan's randomness. */
  readonly openTransport?: TransportOpener;
  readonly random?: () => number;
}

export class StompProxy extends TypedEmitter<ProxyEvents> {
  private readonly live = new Map<number, ProxiedConnection>();
  private nextId = 1;
  private rules: Record<Direction, CompiledRule[]> = { 'client-to-broker': [], 'broker-to-client': [] };
  private ruleList: readonly HoldRule[] = [];
  private faultSettings: FaultSettings = NO_FAULTS;
  private readonly pauses = new Set<GateReason>();
  private closing: Promise<void> | null = null;
  private readonly context: ConnectionContext;
  readonly upstream: FailoverUri;
  /** What the operator should be told about how this proxy was started (a non-loopback listen address). */
  readonly warnings: string[] = [];

  private constructor(
    private readonly server: Server,
    private readonly options: ProxyOptions,
  ) {
    super();
    this.upstream = typeof options.upstream === 'string' ? parseFailoverUri(options.upstream) : options.upstream;
    const proxy = this;
    this.context = {
      upstream: {
        uri: this.upstream,
        open: options.openTransport ?? openTransport,
        random: options.random,
        // Forwarded as soon as it arrives: a relay must add no wait of its own.
        transport: { connectTimeout: options.connectTimeout ?? 10_000, tls: options.tls, webSocket: options.webSocket, readCoalesceMs: 0 },
      },
      limits: options.parserLimits,
      rules: (direction) => proxy.rules[direction],
      faults: () => proxy.faultSettings,
      rewrite: () => options.rewriteConnect,
      initialPauses: () => [...proxy.pauses],
      emit: (event, payload) => proxy.emit(event, payload),
      wants: (event) => proxy.has(event),
      closed: (connection) => proxy.live.delete(connection.id),
    };
    if (options.holdRules) this.setHoldRules(options.holdRules);
    if (options.faults) this.setFaults(options.faults);
    server.on('connection', (socket: Socket) => this.accept(socket));
  }

  /** Checks the options, starts listening, and resolves once it does (with the port, if 0 was asked for). */
  static async start(options: ProxyOptions): Promise<StompProxy> {
    // Both are checked before a socket is opened: a bad URI or rule fails at once.
    const upstream = typeof options.upstream === 'string' ? parseFailoverUri(options.upstream) : options.upstream;
    if (options.holdRules) compileHoldRules(options.holdRules);
    if (options.faults) checkFaults(options.faults);
    const warning = await checkListenHost(options.listen.host, options.allowRemote === true);
    // Accepted sockets start paused: nothing is read until the broker side is open.
    const server = createServer({ pauseOnConnect: true, noDelay: true, highWaterMark: WRITE_HIGH_WATER_MARK } as Parameters<typeof createServer>[0]);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.listen.port, options.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const proxy = new StompProxy(server, { ...options, upstream });
    if (warning) proxy.warnings.push(warning);
    return proxy;
  }

  get address(): ListenAddress {
    const address = this.server.address();
    if (address === null || typeof address === 'string') return this.options.listen;
    return { host: address.address, port: address.port };
  }

  /** The live connections, oldest first. */
  connections(): ConnectionInfo[] {
    return [...this.live.values()].map((c) => c.info());
  }

  holdRules(): readonly HoldRule[] {
    return this.ruleList;
  }

  /** Replaces the hold rules (checked first: a bad one throws and nothing changes). Held frames stay held. */
  setHoldRules(rules: readonly HoldRule[]): void {
    const compiled = compileHoldRules(rules);
    const by = (direction: Direction) => compiled.filter((c) => c.rule.enabled !== false && inScope(c.rule.direction, direction));
    this.rules = { 'client-to-broker': by('client-to-broker'), 'broker-to-client': by('broker-to-client') };
    this.ruleList = rules;
  }

  faults(): FaultSettings {
    return this.faultSettings;
  }

  /** Replaces the fault settings for every live connection and new ones (checked first). */
  setFaults(faults: FaultSettings): void {
    this.faultSettings = checkFaults(faults);
    for (const connection of this.live.values()) connection.applyShaping();
  }

  release(connection: number, seq: number, action: ReleaseAction): void {
    this.connection(connection).release(seq, action);
  }

  heldRaw(connection: number, seq: number): Uint8Array | null {
    return this.connection(connection).heldRaw(seq);
  }

  /** Cuts one connection now (a fault at a click), or every one. */
  drop(connection?: number): void {
    const targets = connection === undefined ? [...this.live.values()] : [this.connection(connection)];
    for (const target of targets) target.cut('fault', 'dropped on demand');
  }

  /** Flips one byte of the next frame that way, on one connection or every live one. */
  corruptNext(direction: Direction, connection?: number): void {
    const targets = connection === undefined ? [...this.live.values()] : [this.connection(connection)];
    for (const target of targets) target.armCorruption(direction);
  }

  /** Stops reading from every side (e.g. stdout cannot keep up) until `resumeReading` with the same reason. */
  pauseReading(reason: GateReason = 'observer'): void {
    if (this.pauses.has(reason)) return;
    this.pauses.add(reason);
    for (const connection of this.live.values()) connection.setPaused(reason, true);
  }

  resumeReading(reason: GateReason = 'observer'): void {
    if (!this.pauses.delete(reason)) return;
    for (const connection of this.live.values()) connection.setPaused(reason, false);
  }

  /** Stops listening and closes both sides of every connection (each gets what was already sent). */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close();
      const remaining = [...this.live.values()];
      if (remaining.length === 0) return resolve();
      const off = this.on('close', () => {
        if (this.live.size > 0) return;
        off();
        resolve();
      });
      for (const connection of remaining) connection.cut('proxy', 'the proxy stopped');
    });
    return this.closing;
  }

  private connection(id: number): ProxiedConnection {
    const found = this.live.get(id);
    if (!found) throw new RangeError(`no live proxied connection ${id}`);
    return found;
  }

  private accept(socket: Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const client = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    const connection = new ProxiedConnection(this.nextId++, new SocketTransport(socket, `client ${client}`), client, this.context);
    this.live.set(connection.id, connection);
    void connection.start();
  }
}

export function startStompProxy(options: ProxyOptions): Promise<StompProxy> {
  return StompProxy.start(options);
}

export { DIRECTIONS };
