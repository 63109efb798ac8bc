/** A schema file that does not compile, or compiles only in part: which file, what, and where. */
export interface SchemaProblem {
  /** The file's name as the user gave it, e.g. `shop.proto`. */
  readonly file: string;
  readonly message: string;
  /** 1-based, when the library says. */
  readonly line?: number;
  readonly column?: number;
}
