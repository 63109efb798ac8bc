/**
 * Replays the client side of recorded connections against a broker: each recorded connection
 * gets a connection of its own, through the same relay the live proxy uses, so a replay reports
 * exactly what a proxied session does (frames both ways, heart-beats, broken rules, open, close).
 * The broker's answers are read and reported, not compared: message ids and sessions differ.
 *
 *   const replay = new RecordingReplay(readRecording(linesOf(text)), { upstream: 'tcp://127.0.0.1:61613', rewriteConnect: { passcode: 'guest' } });
 *   replay.on('frame', (e) => console.log(e.direction, e.frame.command));
 *   const summary = await replay.run();
 */
import { openTransport, type TransportOpener } from '../client/open-transport';
import type { TlsSettings, TransportOptions } from '../client/transport';
import { TypedEmitter } from '../client/typed-emitter';
import { parseFailoverUri, type FailoverUri } from '../protocol/failover-uri';
import type { ConnectRewrite } from './credentials';
import { NO_FAULTS } from './faults';
import { ProxiedConnection, type ConnectionContext } from './proxied-connection';
import type { ProxyEvents } from './proxy-types';
import type { GateReason } from './read-gate';
import { RecordedClient } from './recorded-client';
import type { Recording, RecordedConnection } from './recording-reader';
import { clientStream, type FrameEdit } from './replay-stream';

export interface ReplayOptions {
  readonly upstream: string | FailoverUri;
  readonly tls?: TlsSettings;
  readonly webSocket?: TransportOptions['webSocket'];
  readonly connectTimeout?: number;
  /** Recorded connection ids to replay; all by default. */
  readonly connections?: readonly number[];
  /** `sent` (default): byte for byte as the client sent; `forwarded`: as the proxy passed it on (its edits included). */
  readonly use?: 'sent' | 'forwarded';
  /** Edits of one's own, by connection id, then frame seq. */
  readonly edits?: ReadonlyMap<number, ReadonlyMap<number, FrameEdit>>;
  /** Log in as someone else (recordings never hold the passcode: a replay needs one unless the broker takes any). */
  readonly rewriteConnect?: ConnectRewrite;
  /** `original` (default): as far apart as first sent; `none`: as fast as the broker takes them. */
  readonly pacing?: 'original' | 'none';
  /** After the last byte is sent, how long the broker may stay quiet before the replayed client closes. Default 1000 ms. */
  readonly lingerMs?: number;
  readonly openTransport?: TransportOpener;
}

export interface ReplayedConnection {
  readonly connection: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  readonly framesSent: number;
  readonly framesReceived: number;
  readonly initiator: string;
  readonly reason: string;
}

export class RecordingReplay extends TypedEmitter<ProxyEvents> {
  private readonly live: ProxiedConnection[] = [];
  private readonly pauses = new Set<GateReason>();
  private stopped = false;

  constructor(
    private readonly recording: Recording,
    private readonly options: ReplayOptions,
  ) {
    super();
  }

  /** The recorded connections this replay sends, after checking the ids asked for exist. */
  selected(): RecordedConnection[] {
    const wanted = this.options.connections;
    if (!wanted || wanted.length === 0) return this.recording.connections;
    return wanted.map((id) => {
      const found = this.recording.connections.find((c) => c.id === id);
      if (!found) throw new RangeError(`the recording has no connection ${id} (it has ${this.recording.connections.map((c) => c.id).join(', ') || 'none'})`);
      return found;
    });
  }

  async run(): Promise<ReplayedConnection[]> {
    const selected = this.selected();
    const uri = typeof this.options.upstream === 'string' ? parseFailoverUri(this.options.upstream) : this.options.upstream;
    const paced = this.options.pacing !== 'none';
    const first = Math.min(...selected.map((c) => c.openedAt));
    return Promise.all(
      selected.map(async (recorded) => {
        if (paced && recorded.openedAt > first) await new Promise((resolve) => setTimeout(resolve, recorded.openedAt - first));
        return this.replayOne(recorded, uri, paced);
      }),
    );
  }

  /** Stops reading from both sides (an observer cannot keep up) until `resumeReading`. */
  pauseReading(reason: GateReason = 'observer'): void {
    if (this.pauses.has(reason)) return;
    this.pauses.add(reason);
    for (const connection of this.live) connection.setPaused(reason, true);
  }

  resumeReading(reason: GateReason = 'observer'): void {
    if (!this.pauses.delete(reason)) return;
    for (const connection of this.live) connection.setPaused(reason, false);
  }

  /** Stops every replayed connection now. */
  stop(): void {
    this.stopped = true;
    for (const connection of this.live) connection.cut('proxy', 'replay stopped');
  }

  private replayOne(recorded: RecordedConnection, uri: FailoverUri, paced: boolean): Promise<ReplayedConnection> {
    const pieces = clientStream(recorded, { use: this.options.use, edits: this.options.edits?.get(recorded.id), rewrite: this.options.rewriteConnect });
    const client = new RecordedClient(pieces, paced, this.options.lingerMs ?? 1000, `replay of connection ${recorded.id}`);
    return new Promise((resolve) => {
      const frames = { sent: 0, received: 0 };
      const replay = this;
      const context: ConnectionContext = {
        upstream: {
          uri,
          open: this.options.openTransport ?? openTransport,
          transport: { connectTimeout: this.options.connectTimeout ?? 10_000, tls: this.options.tls, webSocket: this.options.webSocket, readCoalesceMs: 0 },
        },
        rules: () => [],
        faults: () => NO_FAULTS,
        rewrite: () => this.options.rewriteConnect,
        initialPauses: () => [...this.pauses],
        emit: (event, payload) => {
          if (event === 'frame') {
            if ((payload as ProxyEvents['frame']).direction === 'client-to-broker') frames.sent++;
            else frames.received++;
          }
          if (event === 'close') {
            const close = payload as ProxyEvents['close'];
            resolve({ connection: recorded.id, bytesSent: client.sent, bytesReceived: client.received, framesSent: frames.sent, framesReceived: frames.received, initiator: close.initiator, reason: close.reason });
          }
          replay.emit(event, payload);
        },
        wants: (event) => this.has(event),
        closed: () => undefined,
      };
      const connection = new ProxiedConnection(recorded.id, client, client.description, context);
      this.live.push(connection);
      if (this.stopped) connection.cut('proxy', 'replay stopped');
      void connection.start();
    });
  }
}
