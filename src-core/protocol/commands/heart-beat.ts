/**
 * Heart-beat negotiation. Each side declares `[can send every, wants to receive every]` in ms, 0
 * meaning "cannot" or "does not want"; the spec's rule turns the two declarations into the period
 * at which each direction actually beats.
 */
import { StompProtocolError } from './protocol-error';

/** `[cx, cy]` from the client or `[sx, sy]` from the server, in milliseconds. */
export type HeartBeat = readonly [send: number, receive: number];

/** The negotiated periods seen from the client, in milliseconds; 0 means that direction is off. */
export interface HeartBeatPeriods {
  /** How often the client must send something (a frame or a beat). */
  readonly sendEvery: number;
  /** How often the server has promised to send something; silence well past it means it is dead. */
  readonly expectEvery: number;
}

export const NO_HEART_BEAT: HeartBeat = [0, 0];
export const HEART_BEATS_OFF: HeartBeatPeriods = { sendEvery: 0, expectEvery: 0 };

// Digits only: no sign, no spaces, no exponent; the length cap keeps the regex cheap on junk.
const HEART_BEAT_VALUE = /^([0-9]{1,16}),([0-9]{1,16})$/;

/**
 * Parses a `heart-beat` header value strictly: two non-negative decimal integers and a comma,
 * nothing else. `command` names the frame it came from, for the error.
 */
export function parseHeartBeat(value: string, command = 'CONNECTED'): HeartBeat {
  const match = HEART_BEAT_VALUE.exec(value);
  // Safe integers only, the same range `validateHeartBeat` accepts, so every value round-trips.
  if (!match || !Number.isSafeInteger(Number(match[1])) || !Number.isSafeInteger(Number(match[2]))) {
    throw new StompProtocolError(command, `heart-beat ${JSON.stringify(value)} is not two non-negative integers separated by a comma (e.g. "10000,10000")`);
  }
  return [Number(match[1]), Number(match[2])];
}

export function formatHeartBeat(heartBeat: HeartBeat): string {
  return `${heartBeat[0]},${heartBeat[1]}`;
}

/** Checks a heart-beat the caller declares; `command` names the frame it is for, for the error. */
export function validateHeartBeat(heartBeat: HeartBeat, command = 'CONNECT'): HeartBeat {
  if (!Array.isArray(heartBeat) || heartBeat.length !== 2 || !heartBeat.every(isPeriod)) {
    throw new StompProtocolError(command, `heart-beat must be two non-negative integer periods in ms, [send, receive] (got ${JSON.stringify(heartBeat)})`);
  }
  return heartBeat;
}

function isPeriod(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * The spec's rule: the client beats every max(cx, sy) unless cx or sy is 0, and the server every
 * max(sx, cy) unless sx or cy is 0. The larger value wins because neither side can be asked to go
 * faster than it said it can, nor to be watched more closely than it asked.
 */
export function negotiateHeartBeat(client: HeartBeat, server: HeartBeat): HeartBeatPeriods {
  const [cx, cy] = client;
  const [sx, sy] = server;
  return { sendEvery: period(cx, sy), expectEvery: period(sx, cy) };
}

function period(offered: number, wanted: number): number {
  return offered === 0 || wanted === 0 ? 0 : Math.max(offered, wanted);
}
