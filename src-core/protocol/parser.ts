/**
 * The incremental STOMP parser. Feed it chunks of any size; it returns the frames, heart-beats and
 * (in lenient mode) diagnostics those bytes completed.
 *
 * Cost: each byte is scanned once. A body that lies inside one chunk is returned as a view of that
 * chunk (no copy); a body that spans chunks is copied once into its final array. So the parser
 * keeps references to pushed chunks until their frame completes: never refill a buffer you pushed.
 */
import { getHeader, type ParsedFrame, type Framing, type Header } from './frame';
import { StompParseError, type ParseDiagnostic, type ParseRule } from './parse-error';
import { parseHead, type HeadContext } from './parse-head';
import { allowsCrLf, isCommand, mayHaveBody, supportsHeartBeats, type StompVersion } from './spec';

export interface ParserLimits {
  /** Header lines per frame. */
  readonly maxHeaders: number;
  /** Bytes in one header line (name, colon and value). */
  readonly maxHeaderLineLength: number;
  /** Bytes in one frame, head and body together. */
  readonly maxFrameSize: number;
}

export const DEFAULT_PARSER_LIMITS: ParserLimits = {
  maxHeaders: 1000,
  maxHeaderLineLength: 64 * 1024,
  // RabbitMQ takes bodies up to 127 MiB and ActiveMQ up to 100 MiB: leave room for both.
  maxFrameSize: 128 * 1024 * 1024,
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

const LF = 10;
const CR = 13;
const NUL = 0;

// States between pushes.
const IDLE = 0; // between frames: EOLs are heart-beats
const IDLE_CR = 1; // a CR between frames, waiting for its LF
const HEAD = 2; // inside the command and header lines
const BODY_LENGTH = 3; // filling a body of known content-length
const TRAILER = 4; // after a content-length body, expecting its NUL
const BODY_NUL = 5; // body without content-length: up to the first NUL
type State = typeof IDLE | typeof IDLE_CR | typeof HEAD | typeof BODY_LENGTH | typeof TRAILER | typeof BODY_NUL;

export class StompParser {
  readonly strict: boolean;
  readonly limits: ParserLimits;
  private version: StompVersion;
  private readonly reportRule = (rule: ParseRule, offset: number, message: string): void => this.report(rule, offset, message);

  private events: ParseEvent[] = [];
  private failure: StompParseError | null = null;
  /** Stream offset of the first byte of the chunk being parsed. */
  private base = 0;
  private state: State = IDLE;
  private crOffset = 0;

  // The frame under construction.
  private frameStart = 0;
  private headBuffer = new Uint8Array(256);
  private headLength = 0;
  private lineLength = 0;
  private lineStartsWithCr = false;
  private lines = 0;
  private command = '';
  private headers: Header[] = [];
  private contentLength = -1;
  private body: Uint8Array = new Uint8Array(0);
  private bodyFilled = 0;
  private parts: Uint8Array[] = [];
  private partsLength = 0;

  constructor(options: ParserOptions = {}) {
    this.version = options.version ?? '1.2';
    this.strict = options.strict ?? true;
    this.limits = { ...DEFAULT_PARSER_LIMITS, ...options.limits };
  }

  getVersion(): StompVersion {
    return this.version;
  }

  /** Applies a negotiated version from the next byte on. */
  setVersion(version: StompVersion): void {
    this.version = version;
  }

  /** Bytes fed so far. */
  get offset(): number {
    return this.base;
  }

  /** True between frames, where the input may end cleanly. */
  get idle(): boolean {
    return this.state === IDLE;
  }

  push(chunk: Uint8Array): ParseEvent[] {
    if (this.failure) throw this.failure;
    this.events = [];
    try {
      this.run(chunk);
    } catch (error) {
      if (error instanceof StompParseError) this.failure = error;
      throw error;
    }
    this.base += chunk.length;
    return this.events;
  }

  /** Declares the end of input: an unfinished frame is an error. */
  end(): ParseEvent[] {
    if (this.failure) throw this.failure;
    this.events = [];
    if (this.state === IDLE_CR) this.report('cr-without-lf', this.crOffset, 'input ended after a CR that no LF followed');
    else if (this.state !== IDLE) {
      this.failure = new StompParseError({
        rule: 'truncated-frame',
        offset: this.base,
        message: `input ended inside a frame that starts at byte ${this.frameStart} (${this.base - this.frameStart} bytes of it read)`,
      });
      throw this.failure;
    }
    this.state = IDLE;
    return this.events;
  }

  /** Forgets everything, including a failure: for a new connection. */
  reset(): void {
    this.failure = null;
    this.base = 0;
    this.state = IDLE;
    this.clearFrame();
  }

  private run(chunk: Uint8Array): void {
    const n = chunk.length;
    let p = 0;
    while (p < n) {
      switch (this.state) {
        case IDLE: {
          const b = chunk[p];
          if (b === LF) {
            this.beat(this.base + p);
            p++;
          } else if (b === CR) {
            this.crOffset = this.base + p;
            this.state = IDLE_CR;
            p++;
          } else if (b === NUL) {
            this.report('empty-command', this.base + p, 'NUL byte between frames');
            p++;
          } else {
            this.frameStart = this.base + p;
            this.state = HEAD;
          }
          break;
        }
        case IDLE_CR: {
          if (chunk[p] === LF) {
            if (!allowsCrLf(this.version)) {
              this.report('crlf-not-allowed', this.crOffset, `CR LF between frames in STOMP ${this.version} (only 1.2 allows it)`);
            }
            this.beat(this.crOffset);
            p++;
          } else this.report('cr-without-lf', this.crOffset, 'CR between frames not followed by LF');
          this.state = IDLE;
          break;
        }
        case HEAD:
          p = this.scanHead(chunk, p);
          break;
        case BODY_LENGTH: {
          const take = Math.min(this.contentLength - this.bodyFilled, n - p);
          this.body.set(chunk.subarray(p, p + take), this.bodyFilled);
          this.bodyFilled += take;
          p += take;
          if (this.bodyFilled === this.contentLength) this.state = TRAILER;
          break;
        }
        case TRAILER:
          p = this.expectNul(chunk, p, this.body);
          break;
        case BODY_NUL:
          p = this.scanNulBody(chunk, p);
          break;
      }
    }
  }

  /** Finds the blank line that ends the head, keeping line count and length within the limits. */
  private scanHead(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    const { maxHeaders, maxHeaderLineLength } = this.limits;
    let i = from;
    for (;;) {
      const lf = chunk.indexOf(LF, i);
      const end = lf < 0 ? n : lf;
      if (end > i && this.lineLength === 0) this.lineStartsWithCr = chunk[i] === CR;
      const length = this.lineLength + (end - i);
      if (length > maxHeaderLineLength) {
        this.fail('header-line-too-long', this.base + end, `header line longer than ${maxHeaderLineLength} bytes`);
      }
      if (lf < 0) {
        this.lineLength = length;
        this.appendHead(chunk.subarray(from, n));
        return n;
      }
      const blank = length === 0 || (length === 1 && this.lineStartsWithCr);
      this.lineLength = 0;
      this.lineStartsWithCr = false;
      i = lf + 1;
      if (blank) {
        if (length === 1 && !allowsCrLf(this.version)) {
          this.report('crlf-not-allowed', this.base + lf - 1, `CR LF line end in STOMP ${this.version} (only 1.2 allows it)`);
        }
        return this.startBody(chunk, from, i);
      }
      if (++this.lines > maxHeaders + 1) {
        this.fail('too-many-headers', this.base + lf, `more than ${maxHeaders} header lines`);
      }
    }
  }

  private startBody(chunk: Uint8Array, from: number, bodyStart: number): number {
    let head: Uint8Array;
    if (this.headLength > 0) {
      this.appendHead(chunk.subarray(from, bodyStart));
      head = this.headBuffer.subarray(0, this.headLength);
    } else head = chunk.subarray(from, bodyStart);
    const headSize = head.length;
    if (headSize > this.limits.maxFrameSize) this.tooLarge(headSize);
    const context: HeadContext = { version: this.version, report: this.reportRule };
    const parsed = parseHead(head, this.frameStart, context);
    this.command = parsed.command;
    this.headers = parsed.headers;
    this.contentLength = this.readContentLength(bodyStart);

    const n = chunk.length;
    const length = this.contentLength;
    if (length < 0) {
      this.state = BODY_NUL;
      return bodyStart;
    }
    if (headSize + length > this.limits.maxFrameSize) this.tooLarge(headSize + length);
    if (n - bodyStart > length) {
      // The whole body and its NUL's place are in this chunk: a view, no copy.
      return this.expectNul(chunk, bodyStart + length, chunk.subarray(bodyStart, bodyStart + length));
    }
    this.body = new Uint8Array(length);
    this.body.set(chunk.subarray(bodyStart, n));
    this.bodyFilled = n - bodyStart;
    this.state = this.bodyFilled === length ? TRAILER : BODY_LENGTH;
    return n;
  }

  private readContentLength(bodyStart: number): number {
    const value = getHeader({ headers: this.headers }, 'content-length');
    if (value === undefined) return -1;
    if (/^[0-9]{1,15}$/.test(value)) return Number(value);
    this.report('invalid-content-length', bodyStart, `content-length ${JSON.stringify(value)} is not a decimal byte count; the body is read up to the first NUL`);
    return -1;
  }

  /** After a content-length body the next byte must be NUL. */
  private expectNul(chunk: Uint8Array, p: number, body: Uint8Array): number {
    if (chunk[p] === NUL) {
      this.emit(body, 'content-length', this.base + p);
      return p + 1;
    }
    this.report(
      'missing-nul-after-body',
      this.base + p,
      `content-length ${this.contentLength} does not end at a NUL (found byte 0x${chunk[p].toString(16).padStart(2, '0')}); the body is read up to the next NUL`,
    );
    // Lenient: the declared length was wrong; keep the bytes read and go on to the next NUL.
    this.parts = [body];
    this.partsLength = body.length;
    this.state = BODY_NUL;
    return p;
  }

  private scanNulBody(chunk: Uint8Array, from: number): number {
    const nul = chunk.indexOf(NUL, from);
    const end = nul < 0 ? chunk.length : nul;
    if (end > from) {
      this.parts.push(chunk.subarray(from, end));
      this.partsLength += end - from;
      const size = this.base + end - this.frameStart;
      if (size > this.limits.maxFrameSize) this.tooLarge(size);
    }
    if (nul < 0) return chunk.length;
    this.emit(joinParts(this.parts, this.partsLength), 'nul', this.base + nul);
    return nul + 1;
  }

  private emit(body: Uint8Array, framing: Framing, nulOffset: number): void {
    const command = this.command;
    if (body.length > 0 && isCommand(command) && !mayHaveBody(this.version, command)) {
      this.report('body-not-allowed', nulOffset - body.length, `${command} frames may not have a body in STOMP ${this.version}`);
    }
    const frame: ParsedFrame = {
      command,
      headers: this.headers,
      body,
      framing,
      offset: this.frameStart,
      size: nulOffset + 1 - this.frameStart,
    };
    this.events.push({ type: 'frame', frame });
    this.clearFrame();
    this.state = IDLE;
  }

  private beat(offset: number): void {
    // 1.0 has no heart-beats; its EOLs after a NUL are only padding.
    if (supportsHeartBeats(this.version)) this.events.push({ type: 'heartbeat', offset });
  }

  private appendHead(bytes: Uint8Array): void {
    const needed = this.headLength + bytes.length;
    if (needed > this.headBuffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.headBuffer.length * 2));
      grown.set(this.headBuffer.subarray(0, this.headLength));
      this.headBuffer = grown;
    }
    this.headBuffer.set(bytes, this.headLength);
    this.headLength = needed;
  }

  private clearFrame(): void {
    this.headLength = 0;
    this.lineLength = 0;
    this.lineStartsWithCr = false;
    this.lines = 0;
    this.headers = [];
    this.contentLength = -1;
    this.body = EMPTY;
    this.bodyFilled = 0;
    if (this.parts.length) this.parts = [];
    this.partsLength = 0;
    // A huge head grew the buffer once; do not keep it for every later frame.
    if (this.headBuffer.length > 64 * 1024) this.headBuffer = new Uint8Array(256);
  }

  private tooLarge(size: number): never {
    return this.fail('frame-too-large', this.frameStart, `frame of ${size} bytes exceeds the limit of ${this.limits.maxFrameSize} bytes`);
  }

  private report(rule: ParseRule, offset: number, message: string): void {
    if (this.strict) this.fail(rule, offset, message);
    this.events.push({ type: 'diagnostic', diagnostic: { rule, offset, message } });
  }

  /** Limits and truncation are fatal in both modes: there is no sensible way to go on. */
  private fail(rule: ParseRule, offset: number, message: string): never {
    throw new StompParseError({ rule, offset, message });
  }
}

const EMPTY = new Uint8Array(0);

function joinParts(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 0) return EMPTY;
  if (parts.length === 1) return parts[0];
  const joined = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** Parses a whole byte string at once: every frame in it, or the first error. */
export function parseAll(bytes: Uint8Array, options?: ParserOptions): ParseEvent[] {
  const parser = new StompParser(options);
  const events = parser.push(bytes);
  return events.concat(parser.end());
}
