/**
 * The version and heart-beats a proxied connection runs with, read from the CONNECT (or STOMP) the
 * client sent and the CONNECTED the broker answered, exactly as the two peers read them. The relay
 * parses each direction by these rules: 1.0 has no header escaping and no heart-beats, 1.1 and 1.2
 * escape, and only 1.2 allows CR LF.
 */
import { connected } from '../protocol/commands/connected';
import { NO_HEART_BEAT, parseHeartBeat, type HeartBeat } from '../protocol/commands/heart-beat';
import { getHeader, type Frame } from '../protocol/frame';
import { isVersion, VERSIONS, type StompVersion } from '../protocol/spec';
import type { NegotiatedSession, ProxyDiagnostic } from './proxy-types';

export interface HandshakeStep<T> {
  readonly value: T;
  readonly diagnostic?: ProxyDiagnostic;
}

export class HandshakeTracker {
  /** What the client's CONNECT offered; null until it came. */
  offered: readonly StompVersion[] | null = null;
  private clientHeartBeat: HeartBeat = NO_HEART_BEAT;
  session: NegotiatedSession | null = null;

  static isConnect(command: string): boolean {
    return command === 'CONNECT' || command === 'STOMP';
  }

  /**
   * The client's CONNECT. Until CONNECTED says which, the client's later frames are read by the
   * highest version it offered (a pipelining client assumes as much).
   */
  connect(frame: Frame, offset: number): HandshakeStep<StompVersion> {
    const accept = getHeader(frame, 'accept-version');
    // No accept-version: a 1.0 client.
    const listed = accept === undefined ? ['1.0'] : accept.split(',').map((v) => v.trim());
    const offered = listed.filter(isVersion);
    this.offered = offered.length > 0 ? offered : ['1.0'];
    let diagnostic: ProxyDiagnostic | undefined;
    if (offered.length === 0) {
      diagnostic = { rule: 'negotiation', offset, message: `accept-version ${JSON.stringify(accept)} names no STOMP version (1.0, 1.1, 1.2)` };
    }
    const beat = getHeader(frame, 'heart-beat');
    if (beat !== undefined && this.offered.some((v) => v !== '1.0')) {
      try {
        this.clientHeartBeat = parseHeartBeat(beat, frame.command);
      } catch (error) {
        diagnostic ??= { rule: 'negotiation', offset, message: (error as Error).message };
      }
    }
    const highest = [...this.offered].sort().at(-1) as StompVersion;
    return { value: highest, diagnostic };
  }

  /** The broker's CONNECTED: the version both sides now speak, and who beats how often. */
  connected(frame: Frame, offset: number): HandshakeStep<NegotiatedSession> {
    let session: NegotiatedSession;
    let diagnostic: ProxyDiagnostic | undefined;
    try {
      const info = connected(frame, { versions: this.offered ?? VERSIONS, heartBeat: this.clientHeartBeat });
      session = { version: info.version, clientBeatsEvery: info.heartBeat.sendEvery, brokerBeatsEvery: info.heartBeat.expectEvery, server: info.server };
    } catch (error) {
      // The peers go on regardless; read the rest by the version the broker named, if any.
      const named = getHeader(frame, 'version');
      session = { version: named !== undefined && isVersion(named) ? named : '1.0', clientBeatsEvery: 0, brokerBeatsEvery: 0, server: getHeader(frame, 'server') };
      diagnostic = { rule: 'negotiation', offset, message: (error as Error).message };
    }
    this.session = session;
    return { value: session, diagnostic };
  }
}
