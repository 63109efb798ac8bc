/** What a parser can be told (version, strictness, limits) and what it hands back. */
import type { ParsedFrame } from './frame';
import type { ParseDiagnostic } from './parse-error';
import type { StompVersion } from './spec';

export interface ParserLimits {
  /** Header lines per frame. */
  readonly maxHeaders: number;
  /** Bytes in one line of the head (command or header line), not counting its LF (a CR before it counts). */
  readonly maxHeaderLineLength: number;
  /** Bytes in one frame before its NUL: command, headers, blank line and body. */
  readonly maxFrameSize: number;
  /**
   * Lenient mode: diagnostics listed per frame (and per gap between frames). Past it they are
   * counted, not listed, and one `diagnostics-capped` diagnostic says how many, so a hostile head
   * (a megabyte of `\q`) costs a bounded number of events, not one per offending byte.
   */
  readonly maxDiagnostics: number;
}

export const DEFAULT_PARSER_LIMITS: ParserLimits = {
  maxHeaders: 1000,
  maxHeaderLineLength: 64 * 1024,
  // RabbitMQ takes bodies up to 127 MiB and ActiveMQ up to 100 MiB: leave room for both.
  maxFrameSize: 128 * 1024 * 1024,
  maxDiagnostics: 100,
};

export interface ParserOptions {
  /** The rules to parse by; change it with `setVersion` once a version is negotiated. Default 1.2. */
  readonly version?: StompVersion;
  /** Strict (default) throws on any broken rule; lenient records a diagnostic and goes on. */
  readonly strict?: boolean;
  readonly limits?: Partial<ParserLimits>;
}

export type ParseEvent =
  | { readonly type: 'frame'; readonly frame: ParsedFrame }
  | { readonly type: 'heartbeat'; readonly offset: number }
  | { readonly type: 'diagnostic'; readonly diagnostic: ParseDiagnostic };
