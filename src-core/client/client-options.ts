/** What a client is configured with, and the defaults. */
import type { FailoverUri } from '../protocol/failover-uri';
import type { HeartBeat } from '../protocol/commands/heart-beat';
import type { HeaderInput } from '../protocol/commands/headers';
import type { ParserLimits } from '../protocol/parser';
import type { StompVersion } from '../protocol/spec';
import type { TransportOpener } from './open-transport';
import type { TlsSettings, TransportOptions } from './transport';

export interface ClientOptions {
  /** A plain broker URI (`tcp://host:61613`, `ssl://`, `ws://`, `wss://`) or a failover URI. */
  readonly uri: string | FailoverUri;
  readonly login?: string;
  readonly passcode?: string;
  /** The `host` header: the virtual host. RabbitMQ wants a vhost name; `/` is its default. */
  readonly host?: string;
  readonly versions?: readonly StompVersion[];
  /** `[cx, cy]` in ms: how often we can beat, how often we want the broker to. `[0, 0]` is off. */
  readonly heartBeat?: HeartBeat;
  /**
   * Silence longer than this many of the broker's periods means it is dead. Default 3: ActiveMQ
   * beats only after a whole check period without output, so its silences reach two periods and a
   * little more (2002 ms measured with a 1000 ms period); 2 would declare a live ActiveMQ dead.
   */
  readonly heartBeatTolerance?: number;
  /** ms for each transport connection attempt. */
  readonly connectTimeout?: number;
  /** ms to wait for CONNECTED once CONNECT is written. */
  readonly connectedTimeout?: number;
  /** ms before a receipt is given up. */
  readonly receiptTimeout?: number;
  readonly tls?: TlsSettings;
  readonly webSocket?: TransportOptions['webSocket'];
  /** See TransportOptions: the most a read waits while a flood of small frames arrives over TCP or TLS. Default 1 ms; 0 is off. */
  readonly readCoalesceMs?: number;
  /** Extra CONNECT headers (e.g. `client-id` for ActiveMQ durable subscriptions). */
  readonly connectHeaders?: HeaderInput;
  /**
   * Parse strictly (a broken rule drops the connection with a StompParseError naming the rule and
   * the byte) or leniently (the frame is read as its sender meant, each broken rule a diagnostic in
   * the wire log, at most `parserLimits.maxDiagnostics` per frame). Default strict: a program using
   * this library should not act on frames that break the spec, and strict is what the parser does
   * on its own. Lenient is the explicit debugging choice: the app's host asks for it, because a
   * broker tool must show what a slightly-off broker sends rather than hang up on it. Both modes
   * cost time linear in the input and bounded memory, so neither is a way to freeze the client.
   */
  readonly strict?: boolean;
  readonly parserLimits?: Partial<ParserLimits>;
  /**
   * Keep each MESSAGE's bytes as they arrived (`message.raw`), for byte-for-byte replay: a view of
   * the read memory like the body (a copy only when the frame spans reads), borrowed alike.
   */
  readonly keepRawFrames?: boolean;
  /**
   * Who owns a MESSAGE's body. `'owned'` (the default): the body is the handler's to keep for
   * as long as it likes. `'borrowed'`: the body is valid until the handler returns (or the promise
   * it returns settles); then, over TCP and TLS, its memory is read into again and the view kept
   * becomes empty (detached). What outlives the handler, including a write still queued in a
   * stream or socket other than this client's, must be a copy (`new Uint8Array(message.body)`);
   * the client's own sends copy a borrowed body themselves. Bodies seen by `wire`
   * and `handlerFailed` listeners are borrowed too. It spares draining large messages the garbage
   * collector's work for fresh memory: 10k × 64 KiB drained from RabbitMQ for about half the CPU.
   */
  readonly bodies?: 'owned' | 'borrowed';
  /** Reconnect through the failover plan after an unexpected drop. Default true. */
  readonly reconnect?: boolean;
  /** For tests: the randomness of the failover plan, and the transport factory. */
  readonly random?: () => number;
  readonly openTransport?: TransportOpener;
}

export const CLIENT_DEFAULTS = {
  host: '/',
  heartBeat: [10_000, 10_000] as HeartBeat,
  heartBeatTolerance: 3,
  connectTimeout: 10_000,
  connectedTimeout: 10_000,
  receiptTimeout: 10_000,
  strict: true,
  reconnect: true,
} as const;
