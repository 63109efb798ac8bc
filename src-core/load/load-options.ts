/** What a load run does, with the limits that keep a typo from melting the machine. */
import type { ClientOptions } from '../client/client-options';

export interface PayloadSource {
  /** Messages from..from+count-1 of the run: body and extra headers. */
  build(from: number, count: number): { body: Uint8Array; headers: readonly (readonly [string, string])[] }[];
}

export interface LoadOptions {
  /** How the generator's connections connect (each publisher and the consumer is one client). */
  readonly client: ClientOptions;
  readonly destination: string;
  /** Messages per second across all connections; 0 publishes as fast as possible. */
  readonly rate: number;
  /** How long to publish, ms. */
  readonly durationMs: number;
  /** Body size in bytes when no payload script builds the bodies. */
  readonly size: number;
  /** Publishing connections; messages go round-robin. */
  readonly connections: number;
  /** Ask for RECEIPTs ("confirmed"). */
  readonly receipt: boolean;
  /**
   * With `receipt`: a receipt every this many messages per connection, each confirming those
   * before it (frames are handled in order); the DISCONNECT receipt confirms the last ones.
   * Default 1: a receipt for every message.
   */
  readonly receiptEvery?: number;
  /** Consume on this destination (the same or another) with a connection of its own. */
  readonly consume?: { readonly destination: string };
  readonly payload?: PayloadSource;
  /** Extra headers on every message. */
  readonly headers?: readonly (readonly [string, string])[];
  /** After publishing: how long to wait for stragglers while they still trickle in, ms. Default 2000. */
  readonly drainQuietMs?: number;
  /** After publishing: the most to wait for receipts and messages, ms. Default 30 000. */
  readonly drainTimeoutMs?: number;
  /** Unsettled sends (receipts not back yet) at most; past it publishing waits. Default 10 000. */
  readonly maxInFlight?: number;
  /** A live sample this often, ms. Default 1000. */
  readonly sampleEveryMs?: number;
  readonly runId?: string;
  readonly signal?: AbortSignal;
}

export const LOAD_LIMITS = {
  rate: 1_000_000,
  durationMs: 24 * 3600 * 1000,
  size: 64 * 1024 * 1024,
  connections: 64,
} as const;

export class LoadOptionsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'LoadOptionsError';
  }
}

/** Throws LoadOptionsError naming the field for anything out of range; nothing is clamped. */
export function checkLoadOptions(options: LoadOptions): void {
  const whole = (field: string, value: number, min: number, max: number, what: string) => {
    if (!Number.isInteger(value) || value < min || value > max) throw new LoadOptionsError(field, `${what} must be a whole number from ${min} to ${max.toLocaleString('en')}, not ${value}`);
  };
  if (!options.destination) throw new LoadOptionsError('destination', 'a destination is required');
  whole('rate', options.rate, 0, LOAD_LIMITS.rate, 'the rate (messages per second; 0 = as fast as possible)');
  whole('durationMs', options.durationMs, 1, LOAD_LIMITS.durationMs, 'the duration (ms)');
  whole('size', options.size, 0, LOAD_LIMITS.size, 'the body size (bytes)');
  whole('connections', options.connections, 1, LOAD_LIMITS.connections, 'the number of connections');
  if (options.maxInFlight !== undefined) whole('maxInFlight', options.maxInFlight, 1, 10_000_000, 'maxInFlight');
  if (options.receiptEvery !== undefined) whole('receiptEvery', options.receiptEvery, 1, 1_000_000, 'receiptEvery');
  if (options.consume && !options.consume.destination) throw new LoadOptionsError('consume', 'the consume destination is empty');
}
