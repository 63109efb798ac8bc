import type { ParseEvent } from './parser';

/**
 * What the parser reports when the bytes break a rule. In strict mode a broken rule is a
 * `StompParseError`; in lenient mode the same rule becomes a diagnostic and parsing goes on.
 */

export type ParseRule =
  | 'unknown-command'
  | 'command-not-in-version'
  | 'empty-command'
  | 'byte-order-mark'
  | 'header-without-colon'
  | 'empty-header-name'
  | 'undefined-escape'
  | 'invalid-utf8'
  | 'invalid-content-length'
  | 'missing-nul-after-body'
  | 'body-not-allowed'
  | 'crlf-not-allowed'
  | 'cr-without-lf'
  | 'too-many-headers'
  | 'header-line-too-long'
  | 'frame-too-large'
  | 'truncated-frame'
  /**
   * Lenient mode only, never an error: a frame (or the gap between two frames) broke rules more
   * often than `maxDiagnostics`; the rest were counted, not listed, and this one says how many.
   * Its offset is that of the first diagnostic left out.
   */
  | 'diagnostics-capped';

export interface ParseDiagnostic {
  readonly rule: ParseRule;
  /** Byte offset in the whole stream where the rule was broken. */
  readonly offset: number;
  readonly message: string;
}

export class StompParseError extends Error {
  readonly rule: ParseRule;
  readonly offset: number;
  /**
   * What the failing `push` or `end` had completed before the broken rule: frames, heart-beats and
   * diagnostics that lie wholly before the error in the stream. Deliver them before handling the
   * error (an ERROR frame followed by garbage is still an ERROR frame). A failed parser throws this
   * same error again on every later call: take the events from the first throw only.
   */
  events: readonly ParseEvent[] = [];

  constructor(diagnostic: ParseDiagnostic) {
    super(`${diagnostic.message} (at byte ${diagnostic.offset}, rule ${diagnostic.rule})`);
    this.name = 'StompParseError';
    this.rule = diagnostic.rule;
    this.offset = diagnostic.offset;
  }
}
