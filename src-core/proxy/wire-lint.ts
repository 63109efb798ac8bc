/**
 * Rules a frame can break that the parser lets pass (it reads what real peers send), but that a
 * person debugging a producer wants pointed out, with the byte they are at:
 * - `unescaped-colon`: STOMP 1.1 and 1.2 escape `:` in header names and values as `\c` (except in
 *   CONNECT, STOMP and CONNECTED). Brokers split at the first colon and take the rest, so a raw
 *   colon usually goes unnoticed, until a peer that follows the grammar reads it.
 * - `nul-in-body-without-content-length`: a body without `content-length` ends at its first NUL.
 *   When what follows that NUL is no frame, the body most likely held a NUL and was cut short.
 * Both are linear in the frame's head, and only look at it when the decoded headers hint at them.
 */
import type { ParsedFrame } from '../protocol/frame';
import type { ParseDiagnostic } from '../protocol/parse-error';
import { escapesHeaders, mayHaveBody, type StompVersion } from '../protocol/spec';
import type { ProxyDiagnostic } from './proxy-types';

/** Reported per frame at most; one more says how many were left out. */
const MAX_PER_FRAME = 8;
const COLON = 58;
const LF = 10;

/** Parser rules that bytes which are no frame produce when they follow a NUL-ended body. */
const NOT_A_FRAME = new Set(['unknown-command', 'empty-command', 'header-without-colon', 'invalid-utf8', 'byte-order-mark', 'command-not-in-version']);

export class WireLint {
  /** The NUL-ended frame just before, while nothing else has followed it. */
  private nulEnded: { command: string; offset: number; end: number } | null = null;

  /**
   * Checks a complete frame. `head` gives its raw head (command line to blank line), read only
   * when a decoded header holds a colon.
   */
  frame(frame: ParsedFrame, version: StompVersion, head: () => Uint8Array | null): ProxyDiagnostic[] {
    const end = frame.offset + frame.size;
    this.nulEnded = frame.framing === 'nul' && mayHaveBody(version, frame.command) ? { command: frame.command, offset: frame.offset, end } : null;
    if (version === '1.0' || !escapesHeaders(version, frame.command)) return [];
    if (!frame.headers.some(([name, value]) => name.includes(':') || value.includes(':'))) return [];
    const bytes = head();
    if (bytes === null) return [];
    return unescapedColons(bytes, frame, version);
  }

  heartbeat(): void {
    this.nulEnded = null;
  }

  /** The stream offset whose byte would tell a cut-short body (right after a NUL-ended one), or -1. */
  get watching(): number {
    return this.nulEnded?.end ?? -1;
  }

  /**
   * The byte right after a NUL-ended body: a frame begins with an EOL (a heart-beat) or an
   * upper-case command; anything else means the body went on past its NUL. Told at once, without
   * waiting for the parser to find where those bytes end.
   */
  next(byte: number): ProxyDiagnostic | null {
    if (this.nulEnded === null) return null;
    if (byte === 10 || byte === 13) return (this.nulEnded = null);
    // A command, or body bytes that look like one: the parser's reading of the head will tell.
    if (byte >= 65 && byte <= 90) return null;
    return this.cutShort();
  }

  /** A parser diagnostic; when it shows a NUL-ended body was cut short, the explanation. */
  explain(diagnostic: ParseDiagnostic): ProxyDiagnostic | null {
    const previous = this.nulEnded;
    if (previous === null || diagnostic.offset !== previous.end || !NOT_A_FRAME.has(diagnostic.rule)) return null;
    return this.cutShort();
  }

  private cutShort(): ProxyDiagnostic {
    const previous = this.nulEnded as { command: string; offset: number; end: number };
    this.nulEnded = null;
    return {
      rule: 'nul-in-body-without-content-length',
      offset: previous.end - 1,
      message:
        `the ${previous.command} frame at byte ${previous.offset} has no content-length, so its body ended at the NUL at byte ${previous.end - 1}; ` +
        'the bytes after it are no frame: the body most likely contains a NUL (send a content-length header)',
    };
  }
}

/**
 * Header lines with a second raw colon. (A colon meant for the name cannot be told apart: the
 * first colon always splits name from value, so it is reported as one in the value.)
 */
function unescapedColons(head: Uint8Array, frame: ParsedFrame, version: StompVersion): ProxyDiagnostic[] {
  const found: ProxyDiagnostic[] = [];
  let extra = 0;
  let line = head.indexOf(LF) + 1; // skip the command line
  let index = 0;
  while (line > 0 && line < head.length) {
    const eol = head.indexOf(LF, line);
    const end = eol < 0 ? head.length : eol;
    if (end === line || (end === line + 1 && head[line] === 13)) break; // the blank line
    const first = head.indexOf(COLON, line);
    const second = first >= 0 && first < end ? head.indexOf(COLON, first + 1) : -1;
    if (second >= 0 && second < end) {
      if (found.length < MAX_PER_FRAME) {
        const name = frame.headers[index]?.[0] ?? '?';
        found.push({
          rule: 'unescaped-colon',
          offset: frame.offset + second,
          message: `header ${JSON.stringify(name)} of ${frame.command} has a raw ':' in its value at byte ${frame.offset + second}; STOMP ${version} escapes it as \\c`,
        });
      } else extra++;
    }
    index++;
    line = end + 1;
  }
  if (extra > 0) found.push({ rule: 'unescaped-colon', offset: frame.offset, message: `${extra} more header(s) of this ${frame.command} have raw colons` });
  return found;
}
