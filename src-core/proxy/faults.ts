/**
 * Faults the proxy injects into the connections it relays, as Toxiproxy does for TCP, plus the
 * ones only a STOMP-aware proxy can make: to watch how a producer behaves when the broker (or the
 * network) misbehaves. Settings apply to every live connection at once and to new ones; the
 * one-shot actions (drop now, corrupt the next frame) are methods of the proxy.
 */
import type { DirectionScope } from './proxy-types';

export interface FaultSettings {
  /** Every chunk waits this long (plus a random 0..jitterMs) before it is forwarded; order is kept. */
  readonly latency?: { readonly ms: number; readonly jitterMs?: number; readonly direction?: DirectionScope };
  /** At most this many bytes a second are forwarded. */
  readonly bandwidth?: { readonly bytesPerSecond: number; readonly direction?: DirectionScope };
  /** After this many frames (heart-beats do not count) a connection is cut, both sides at once. */
  readonly dropAfterFrames?: { readonly count: number; readonly direction?: DirectionScope };
  /** RECEIPT frames from the broker never reach the client. */
  readonly swallowReceipts?: boolean;
  /** One byte of the nth frame (counted per connection that way, from 1) is flipped (XOR 0xFF). */
  readonly corruptFrame?: { readonly nth: number; readonly direction: 'client-to-broker' | 'broker-to-client' };
}

export const NO_FAULTS: FaultSettings = Object.freeze({});

export class FaultSettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'FaultSettingsError';
  }
}

/** Upper bounds: beyond them a setting would stall a connection rather than test it. */
export const FAULT_LIMITS = {
  latencyMs: 60_000,
  bytesPerSecond: 10 * 1024 * 1024 * 1024,
  minBytesPerSecond: 1,
  dropAfterFrames: 1_000_000_000,
} as const;

/** Checks every field; throws a FaultSettingsError naming the first bad one. */
export function checkFaults(faults: FaultSettings): FaultSettings {
  const { latency, bandwidth, dropAfterFrames, corruptFrame } = faults;
  if (latency) {
    wholeNumber('latency.ms', latency.ms, 0, FAULT_LIMITS.latencyMs);
    if (latency.jitterMs !== undefined) wholeNumber('latency.jitterMs', latency.jitterMs, 0, FAULT_LIMITS.latencyMs);
    scope('latency.direction', latency.direction);
  }
  if (bandwidth) {
    wholeNumber('bandwidth.bytesPerSecond', bandwidth.bytesPerSecond, FAULT_LIMITS.minBytesPerSecond, FAULT_LIMITS.bytesPerSecond);
    scope('bandwidth.direction', bandwidth.direction);
  }
  if (dropAfterFrames) {
    wholeNumber('dropAfterFrames.count', dropAfterFrames.count, 1, FAULT_LIMITS.dropAfterFrames);
    scope('dropAfterFrames.direction', dropAfterFrames.direction);
  }
  if (corruptFrame) {
    wholeNumber('corruptFrame.nth', corruptFrame.nth, 1, FAULT_LIMITS.dropAfterFrames);
    if (corruptFrame.direction !== 'client-to-broker' && corruptFrame.direction !== 'broker-to-client') {
      throw new FaultSettingsError('corruptFrame.direction', `must be client-to-broker or broker-to-client, not ${JSON.stringify(corruptFrame.direction)}`);
    }
  }
  return faults;
}

function wholeNumber(field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new FaultSettingsError(field, `must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  }
}

function scope(field: string, value: DirectionScope | undefined): void {
  if (value !== undefined && value !== 'both' && value !== 'client-to-broker' && value !== 'broker-to-client') {
    throw new FaultSettingsError(field, `must be client-to-broker, broker-to-client or both, not ${JSON.stringify(value)}`);
  }
}

/** Flips one byte of a frame's bytes: the middle of the body when there is one, else the command's first. */
export function corruptCopy(frameBytes: Uint8Array, bodyStart: number, bodyLength: number): { bytes: Uint8Array; at: number } {
  const bytes = new Uint8Array(frameBytes);
  const at = bodyLength > 0 ? bodyStart + Math.floor(bodyLength / 2) : 0;
  bytes[at] ^= 0xff;
  return { bytes, at };
}
