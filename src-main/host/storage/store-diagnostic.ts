/**
 * Something a store noticed about its file and dealt with: a damaged file set aside, entries it
 * could not read, an upgrade. The host logs these and can show them; none is ever silent.
 */
export type StoreDiagnosticKind = 'invalid-json' | 'invalid-format' | 'migration-failed' | 'invalid-entries' | 'migrated' | 'permissions';

export interface StoreDiagnostic {
  readonly level: 'warning' | 'info';
  readonly kind: StoreDiagnosticKind;
  /** The file concerned. */
  readonly file: string;
  /** A sentence for people: what was wrong, what was done, where the original bytes are. */
  readonly message: string;
  /** Where the file's previous bytes were kept, when they were. */
  readonly keptAt?: string;
}
