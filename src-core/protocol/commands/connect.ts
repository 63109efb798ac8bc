/**
 * CONNECT (or its 1.1 alias STOMP): the frame that opens a session and offers the versions and
 * heart-beats the client can do.
 */
import { createFrame, type Frame, type Header } from '../frame';
import { isVersion, VERSIONS, type StompVersion } from '../spec';
import { extraHeaders, type HeaderInput } from './headers';
import { formatHeartBeat, validateHeartBeat, type HeartBeat } from './heart-beat';
import { StompProtocolError } from './protocol-error';

export interface ConnectOptions {
  /** The virtual host: required by 1.1 and 1.2 (RabbitMQ maps it to a vhost). */
  readonly host: string;
  readonly login?: string;
  readonly passcode?: string;
  /** The versions to offer; default all three. */
  readonly versions?: readonly StompVersion[];
  /** `[cx, cy]` in ms: how often the client can send, and wants to receive, a beat. */
  readonly heartBeat?: HeartBeat;
  readonly headers?: HeaderInput;
  /** `STOMP` is the 1.1 alias; a 1.0 broker would not know it. Default `CONNECT`. */
  readonly command?: 'CONNECT' | 'STOMP';
}

const OWNED = {
  'accept-version': 'versions',
  host: 'host',
  login: 'login',
  passcode: 'passcode',
  'heart-beat': 'heartBeat',
} as const;

export function connect(options: ConnectOptions): Frame {
  const command = options.command ?? 'CONNECT';
  if (command !== 'CONNECT' && command !== 'STOMP') {
    throw new StompProtocolError(String(command), 'a session opens with CONNECT or STOMP');
  }
  const versions = offeredVersions(options.versions, command);
  const only10 = versions.length === 1 && versions[0] === '1.0';
  if (command === 'STOMP' && versions.includes('1.0')) {
    throw new StompProtocolError(command, 'a 1.0 broker does not know the STOMP command; offer only 1.1 and 1.2, or use CONNECT');
  }
  if (typeof options.host !== 'string' || (options.host === '' && !only10)) {
    throw new StompProtocolError(command, `host is required from STOMP 1.1 (got ${JSON.stringify(options.host)})`);
  }

  const headers: Header[] = [
    // Sent even for 1.0 alone: a 1.1+ broker then answers 1.0 explicitly, a 1.0 broker ignores it.
    ['accept-version', versions.join(',')],
  ];
  if (options.host !== '') headers.push(['host', options.host]);
  if (options.login !== undefined) headers.push(['login', options.login]);
  if (options.passcode !== undefined) headers.push(['passcode', options.passcode]);
  if (options.heartBeat !== undefined) {
    const heartBeat = validateHeartBeat(options.heartBeat, command);
    if (only10 && (heartBeat[0] !== 0 || heartBeat[1] !== 0)) {
      throw new StompProtocolError(command, 'heart-beats need STOMP 1.1 or later, but only 1.0 is offered');
    }
    headers.push(['heart-beat', formatHeartBeat(heartBeat)]);
  }
  // CONNECT and STOMP headers are never escaped, in any version: any version gives the same check.
  headers.push(...extraHeaders(command, options.headers, OWNED, '1.2'));
  return createFrame(command, headers);
}

/** Sorted ascending and without repeats, as the spec's own examples write `accept-version`. */
function offeredVersions(versions: readonly StompVersion[] | undefined, command: string): StompVersion[] {
  if (versions === undefined) return [...VERSIONS];
  if (!Array.isArray(versions) || versions.length === 0) {
    throw new StompProtocolError(command, 'offer at least one version (1.0, 1.1 or 1.2)');
  }
  for (const version of versions) {
    if (typeof version !== 'string' || !isVersion(version)) {
      throw new StompProtocolError(command, `${JSON.stringify(version)} is not a STOMP version (1.0, 1.1 or 1.2)`);
    }
  }
  return VERSIONS.filter((version) => versions.includes(version));
}
