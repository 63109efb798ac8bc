/** Why a script failed, in words for its author, with where when the sandbox knows. */

export type ScriptErrorKind =
  /** The source does not parse. */
  | 'syntax'
  /** It threw while running (a TypeError, its own throw...). */
  | 'runtime'
  /** It reached for something outside the sandbox: require, process, fetch, import()... */
  | 'escape'
  /** It ran past its time limit (an endless loop?). */
  | 'timeout'
  /** It asked for more memory than its limit. */
  | 'memory'
  /** It recursed or nested too deep. */
  | 'stack'
  /** It returned something that is not what the caller needs. */
  | 'result';

export class ScriptError extends Error {
  constructor(
    readonly kind: ScriptErrorKind,
    message: string,
    /** 1-based, in the user's source. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}
