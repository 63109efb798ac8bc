/** CONNECTED: what the broker agreed to — the version, its name, the session id and heart-beats. */
import { getHeader, type Frame } from '../frame';
import { isVersion, supportsHeartBeats, VERSIONS, type StompVersion } from '../spec';
import { expectCommand } from './expect-command';
import { HEART_BEATS_OFF, negotiateHeartBeat, NO_HEART_BEAT, parseHeartBeat, type HeartBeat, type HeartBeatPeriods } from './heart-beat';
import { StompProtocolError } from './protocol-error';

export interface ConnectedOptions {
  /** The versions the CONNECT offered; default all three. */
  readonly versions?: readonly StompVersion[];
  /** The `[cx, cy]` the CONNECT declared; default none. */
  readonly heartBeat?: HeartBeat;
}

export interface ConnectedInfo {
  readonly version: StompVersion;
  /** The `server` header, e.g. `ActiveMQ/5.18.3`; brokers may omit it. */
  readonly server: string | undefined;
  /** The `session` header; brokers may omit it. */
  readonly session: string | undefined;
  /** The broker's `[sx, sy]` as declared (`[0, 0]` when absent or under 1.0). */
  readonly serverHeartBeat: HeartBeat;
  readonly heartBeat: HeartBeatPeriods;
}

export function connected(frame: Frame, options: ConnectedOptions = {}): ConnectedInfo {
  expectCommand(frame, 'CONNECTED');
  const offered = options.versions ?? VERSIONS;
  const version = negotiatedVersion(getHeader(frame, 'version'), offered);

  // 1.0 has no heart-beats: a stray header from a 1.0 answer is ignored rather than obeyed.
  let serverHeartBeat = NO_HEART_BEAT;
  let heartBeat = HEART_BEATS_OFF;
  const declared = getHeader(frame, 'heart-beat');
  if (supportsHeartBeats(version) && declared !== undefined) {
    serverHeartBeat = parseHeartBeat(declared, 'CONNECTED');
    heartBeat = negotiateHeartBeat(options.heartBeat ?? NO_HEART_BEAT, serverHeartBeat);
  }
  return { version, server: getHeader(frame, 'server'), session: getHeader(frame, 'session'), serverHeartBeat, heartBeat };
}

/** The spec: a CONNECTED without `version` comes from a 1.0 broker. */
function negotiatedVersion(header: string | undefined, offered: readonly StompVersion[]): StompVersion {
  const list = offered.join(', ');
  if (header === undefined) {
    if (!offered.includes('1.0')) {
      throw new StompProtocolError('CONNECTED', `no version header, which means STOMP 1.0, but only ${list} ${offered.length === 1 ? 'was' : 'were'} offered`);
    }
    return '1.0';
  }
  if (!isVersion(header)) throw new StompProtocolError('CONNECTED', `version ${JSON.stringify(header)} is not a STOMP version (offered ${list})`);
  if (!offered.includes(header)) throw new StompProtocolError('CONNECTED', `the broker chose version ${header}, which was not offered (offered ${list})`);
  return header;
}
