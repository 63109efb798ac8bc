/**
 * Where the proxy listens. Loopback unless asked otherwise: whoever can reach the port talks to
 * the broker through it, with the credentials the proxy may add, and sees everything it relays. A
 * non-loopback address is refused unless explicitly allowed, and then comes with a warning.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export class ListenAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListenAddressError';
  }
}

/** `HOST:PORT`, `[IPv6]:PORT` or a bare `PORT` (on 127.0.0.1). Port 0 picks a free one. */
export function parseListenAddress(text: string): ListenAddress {
  const trimmed = text.trim();
  let host = '127.0.0.1';
  let port = trimmed;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(trimmed);
  if (bracket) [, host, port] = bracket;
  else if (trimmed.includes(':')) {
    const colon = trimmed.lastIndexOf(':');
    host = trimmed.slice(0, colon);
    port = trimmed.slice(colon + 1);
    if (host.includes(':')) throw new ListenAddressError(`${JSON.stringify(text)}: write an IPv6 address in brackets, e.g. [::1]:61700`);
  }
  if (host === '') throw new ListenAddressError(`${JSON.stringify(text)} has no host before the colon`);
  if (!/^[0-9]{1,5}$/.test(port) || Number(port) > 65535) throw new ListenAddressError(`${JSON.stringify(text)}: the port must be a number from 0 to 65535`);
  return { host, port: Number(port) };
}

export function isLoopbackIp(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const lower = address.toLowerCase();
  return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || lower.startsWith('::ffff:127.');
}

/**
 * Resolves the host and checks it is loopback (every address it names), unless `allowRemote`.
 * Returns the warning to show when a non-loopback address is allowed.
 */
export async function checkListenHost(host: string, allowRemote: boolean): Promise<string | null> {
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch (error) {
      throw new ListenAddressError(`cannot resolve the listen host ${JSON.stringify(host)}: ${(error as Error).message}`);
    }
  }
  if (addresses.every(isLoopbackIp)) return null;
  const where = `${host}${isIP(host) ? '' : ` (${addresses.join(', ')})`}`;
  if (!allowRemote) {
    throw new ListenAddressError(
      `refusing to listen on ${where}, which is not a loopback address: anyone who can reach it would talk to the broker through the proxy and see everything it relays. Allow it explicitly (--allow-remote) if that is what you want`,
    );
  }
  return `listening on ${where}, which is not loopback: anyone who can reach it talks to the broker through this proxy (with the credentials it adds) and everything relayed is visible to this proxy's observers`;
}
