/**
 * The patterns hold rules are written in, the same three forms as the message filter: plain text,
 * `re:` followed by a regular expression, and (for names such as destinations) `*` as a wildcard.
 * A pattern is compiled once; a bad regular expression is an error when the rule is set, never
 * when a frame passes.
 */

export type PatternKind = 'exact' | 'contains';

export interface TextPattern {
  readonly source: string;
  matches(text: string): boolean;
  /** For bodies: a plain pattern is searched in the bytes as UTF-8 (no decoding, linear). */
  matchesBytes(bytes: Uint8Array): boolean;
}

/** Bodies longer than this are searched by a regular expression in their first bytes only. */
export const REGEX_BODY_LIMIT = 1024 * 1024;

export class PatternError extends Error {
  constructor(
    readonly pattern: string,
    message: string,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * `exact`: the whole text must match (a `*` matches any run of characters); `contains`: the text
 * must contain it. `re:…` is a regular expression either way (searched, not anchored).
 */
export function compilePattern(source: string, kind: PatternKind): TextPattern {
  if (source.startsWith('re:')) {
    let regex: RegExp;
    try {
      regex = new RegExp(source.slice(3), 'u');
    } catch (error) {
      throw new PatternError(source, `${JSON.stringify(source)} is not a valid regular expression: ${(error as Error).message}`);
    }
    return {
      source,
      matches: (text) => regex.test(text),
      matchesBytes: (bytes) => regex.test(decoder.decode(bytes.length > REGEX_BODY_LIMIT ? bytes.subarray(0, REGEX_BODY_LIMIT) : bytes)),
    };
  }
  if (kind === 'exact' && source.includes('*')) {
    const regex = new RegExp(`^${source.split('*').map(escapeRegex).join('.*')}$`, 'su');
    return { source, matches: (text) => regex.test(text), matchesBytes: (bytes) => regex.test(decoder.decode(bytes)) };
  }
  const needle = encoder.encode(source);
  const matchesBytes = (bytes: Uint8Array): boolean => needle.length === 0 || Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) >= 0;
  if (kind === 'exact') return { source, matches: (text) => text === source, matchesBytes: (bytes) => decoder.decode(bytes) === source };
  return { source, matches: (text) => text.includes(source), matchesBytes };
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}
