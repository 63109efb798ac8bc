/**
 * The words the proxy speaks: which way bytes travel, what it tells its observers, and the
 * settings it takes. The proxy sits between a client (a producer being debugged) and a broker,
 * relays every byte unchanged, and parses a copy of each direction to describe what travelled.
 */
import type { ParsedFrame } from '../protocol/frame';
import type { StompVersion } from '../protocol/spec';

export type Direction = 'client-to-broker' | 'broker-to-client';
export const DIRECTIONS: readonly Direction[] = ['client-to-broker', 'broker-to-client'];

/** Which directions a rule or fault applies to. */
export type DirectionScope = Direction | 'both';

export function inScope(scope: DirectionScope | undefined, direction: Direction): boolean {
  return scope === undefined || scope === 'both' || scope === direction;
}

/**
 * What the proxy found wrong in a byte stream: the parser's rules (lenient mode), plus what only a
 * look at the whole conversation shows (see wire-lint.ts and receipt-watch.ts).
 */
export interface ProxyDiagnostic {
  readonly rule: string;
  /** Byte offset in that direction's stream (counted from the connection's first byte that way). */
  readonly offset: number;
  readonly message: string;
}

/** Who ended a proxied connection. */
export type CloseInitiator = 'client' | 'broker' | 'proxy' | 'fault';

/** What the proxy did to a frame instead of forwarding the bytes it received. */
export type Alteration = 'edited' | 'dropped' | 'swallowed' | 'corrupted' | 'rewritten';

export interface NegotiatedSession {
  readonly version: StompVersion;
  /** ms between the client's beats (0: off), as negotiated by CONNECT and CONNECTED. */
  readonly clientBeatsEvery: number;
  /** ms between the broker's beats (0: off). */
  readonly brokerBeatsEvery: number;
  /** CONNECTED's `server` header. */
  readonly server?: string;
}

export interface HeldFrame {
  readonly connection: number;
  readonly direction: Direction;
  /** The frame's number in its connection (both directions share the count, from 1). */
  readonly seq: number;
  readonly frame: ParsedFrame;
  /** The id of the rule that matched. */
  readonly rule: string;
  readonly at: number;
}

export interface ProxyEvents extends Record<string, unknown> {
  open: { readonly connection: number; readonly client: string; readonly broker: string; readonly at: number };
  /** Bytes as received from one side, before anything is done to them (for recordings). */
  bytes: { readonly connection: number; readonly direction: Direction; readonly offset: number; readonly bytes: Uint8Array; readonly at: number };
  /** `raw()` gives the frame's bytes as received, while the listener runs (copy them to keep them). */
  frame: { readonly connection: number; readonly direction: Direction; readonly seq: number; readonly frame: ParsedFrame; readonly at: number; readonly raw: () => Uint8Array };
  heartbeat: { readonly connection: number; readonly direction: Direction; readonly offset: number; readonly at: number };
  diagnostic: { readonly connection: number; readonly direction: Direction; readonly diagnostic: ProxyDiagnostic; readonly at: number };
  negotiated: { readonly connection: number; readonly session: NegotiatedSession; readonly at: number };
  /** A frame matched a hold rule and waits for `release`. */
  hold: HeldFrame;
  /** A held frame left the hold (forwarded, edited, dropped, or discarded with its connection). */
  released: { readonly connection: number; readonly direction: Direction; readonly seq: number; readonly action: 'forwarded' | 'edited' | 'dropped' | 'discarded'; readonly at: number };
  /**
   * The proxy forwarded other bytes than it received for one frame: `bytes` went out in place of
   * the frame's stream bytes [offset, offset + size) (empty: nothing went out).
   */
  altered: {
    readonly connection: number;
    readonly direction: Direction;
    readonly seq: number;
    readonly offset: number;
    readonly size: number;
    readonly action: Alteration;
    readonly bytes: Uint8Array;
    readonly detail: string;
    readonly at: number;
  };
  close: { readonly connection: number; readonly initiator: CloseInitiator; readonly reason: string; readonly at: number };
}

export type ProxyEventName = keyof ProxyEvents & string;
