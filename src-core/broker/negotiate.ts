/**
 * What CONNECT settles: the protocol version (the highest both sides speak) and the heart-beat
 * periods each way, by the spec's formulas.
 */
import { VERSIONS, type StompVersion } from '../protocol/spec';

/**
 * The version for an `accept-version` header: the highest listed one the broker speaks; 1.0 when
 * the header is absent (a 1.0 client does not send it); undefined when nothing is shared.
 */
export function negotiateVersion(acceptVersion: string | undefined): StompVersion | undefined {
  if (acceptVersion === undefined) return '1.0';
  const offered = new Set(acceptVersion.split(',').map((v) => v.trim()));
  for (let i = VERSIONS.length - 1; i >= 0; i--) if (offered.has(VERSIONS[i])) return VERSIONS[i];
  return undefined;
}

export const SUPPORTED_VERSIONS = VERSIONS.join(',');

/** Two numbers in ms, as on the wire: `heart-beat:<first>,<second>`. */
export type HeartBeatPair = readonly [number, number];

export interface HeartBeatPeriods {
  /** How often the broker must send something to the client, in ms; 0 = never. */
  readonly send: number;
  /** How often the client promised to send something, in ms; 0 = no promise, never dropped. */
  readonly receive: number;
}

/** Parses a client's `heart-beat` header; undefined when it is not two non-negative integers. */
export function parseHeartBeat(value: string | undefined): HeartBeatPair | undefined {
  if (value === undefined) return [0, 0];
  const match = /^\s*(\d{1,9})\s*,\s*(\d{1,9})\s*$/.exec(value);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

/**
 * The client sends `cx,cy` (what it can send, what it wants), the server `sx,sy`. The server
 * sends every max(sx, cy) ms and expects the client every max(cx, sy) ms; a 0 on either side of
 * a direction turns that direction off.
 */
export function negotiateHeartBeat(client: HeartBeatPair, server: HeartBeatPair): HeartBeatPeriods {
  const [cx, cy] = client;
  const [sx, sy] = server;
  return {
    send: sx > 0 && cy > 0 ? Math.max(sx, cy) : 0,
    receive: cx > 0 && sy > 0 ? Math.max(cx, sy) : 0,
  };
}
