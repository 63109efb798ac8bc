/**
 * The incremental STOMP parser. Feed it chunks of any size; it returns the frames, heart-beats and
 * (in lenient mode) diagnostics those bytes completed. The events, and any error, do not depend on
 * how the stream was cut into chunks.
 *
 * Cost: each byte is scanned once. A body that lies inside one chunk is returned as a view of that
 * chunk (no copy). A body that spans chunks is kept as views of them and joined into one array the
 * first time `frame.body` is read (one copy, and none for a frame whose body nobody reads). So the
 * parser and its frames keep references to pushed chunks: never refill a buffer you pushed, and
 * copy a body (`body.slice()`) before keeping it long if its chunk is much larger than it.
 */
import type { Framing, Header, ParsedFrame } from './frame';
import { spanningFrame } from './spanning-body';
export { bodyParts } from './spanning-body';
import { StompParseError, type ParseRule } from './parse-error';
import { DEFAULT_PARSER_LIMITS, type ParseEvent, type ParserLimits, type ParserOptions } from './parser-options';
import { parseHead, type HeadContext } from './parse-head';
import type { ReportMessage } from './head-reports';
import { DiagnosticCap } from './diagnostic-cap';
import { allowsCrLf, CLIENT_COMMANDS, mayHaveBody, SERVER_COMMANDS, supportsHeartBeats, VERSIONS, type StompVersion } from './spec';

export { DEFAULT_PARSER_LIMITS, type ParseEvent, type ParserLimits, type ParserOptions } from './parser-options';

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

/** A version's rules as the byte loop needs them, worked out once. */
interface StreamRules {
  readonly version: StompVersion;
  readonly crLf: boolean;
  readonly heartBeats: boolean;
  /** Commands that may not carry a body in this version. */
  readonly noBody: ReadonlySet<string>;
}

const STREAM_RULES = Object.fromEntries(
  VERSIONS.map((version): [StompVersion, StreamRules] => [
    version,
    {
      version,
      crLf: allowsCrLf(version),
      heartBeats: supportsHeartBeats(version),
      noBody: new Set([...CLIENT_COMMANDS, ...SERVER_COMMANDS].filter((c) => !mayHaveBody(version, c))),
    },
  ]),
) as Record<StompVersion, StreamRules>;

const EMPTY = new Uint8Array(0);

export class StompParser {
  readonly strict: boolean;
  readonly limits: ParserLimits;
  private readonly initialVersion: StompVersion;
  private rules: StreamRules;
  private readonly reportRule = (rule: ParseRule, offset: number, message: ReportMessage): void => this.report(rule, offset, message);
  /** Per version, made when a head of that version is first parsed (most parsers see one or two). */
  private readonly headContexts: Partial<Record<StompVersion, HeadContext>> = {};
  /** Lenient mode: diagnostics listed per frame and per gap between frames, the rest counted. */
  private readonly cap: DiagnosticCap;

  private events: ParseEvent[] = [];
  private failure: StompParseError | null = null;
  /** Stream offset of the first byte of the chunk being parsed. */
  private base = 0;
  private state: State = IDLE;
  private crOffset = 0;

  // The frame under construction. It is parsed by the rules in force when its first byte came.
  private frameRules: StreamRules;
  private frameStart = 0;
  /** A head that spans chunks is gathered here (allocated when first needed). */
  private headBuffer = EMPTY;
  private headLength = 0;
  /** Stream offset of the current head line's first byte, its bytes so far, and whether the last was CR. */
  private lineStart = 0;
  private lineLength = 0;
  private lastCr = false;
  private lines = 0;
  private command = '';
  private headers: Header[] = [];
  private plainHead = false;
  private contentLength = -1;
  /** False until a body byte of a frame that may not carry one has been reported. */
  private bodyAllowed = true;
  private parts: Uint8Array[] = [];
  private partsLength = 0;

  constructor(options: ParserOptions = {}) {
    this.initialVersion = options.version ?? '1.2';
    this.rules = STREAM_RULES[this.initialVersion];
    this.frameRules = this.rules;
    this.strict = options.strict ?? true;
    this.limits = { ...DEFAULT_PARSER_LIMITS, ...options.limits };
    this.cap = new DiagnosticCap(this.limits.maxDiagnostics);
  }

  private headContext(version: StompVersion): HeadContext {
    const cap = this.cap;
    return (this.headContexts[version] ??= { version, strict: this.strict, report: this.reportRule, room: () => cap.room });
  }

  getVersion(): StompVersion {
    return this.rules.version;
  }

  /**
   * Applies a negotiated version to the bytes pushed from now on. A frame already begun keeps the
   * rules it began with; so do frames later in a chunk already pushed.
   */
  setVersion(version: StompVersion): void {
    this.rules = STREAM_RULES[version];
  }

  /** Bytes fed so far. */
  get offset(): number {
    return this.base;
  }

  /**
   * The stream offset from which this parser may still hold views of the chunks pushed to it: the
   * start of an unfinished frame, whose body pieces it keeps as views until the frame is whole.
   * Memory holding only bytes before it is no longer the parser's business (borrowed bodies reuse it).
   */
  get heldFrom(): number {
    return this.state === IDLE || this.state === IDLE_CR ? this.base : this.frameStart;
  }

  /** True between frames, where the input may end cleanly. */
  get idle(): boolean {
    return this.state === IDLE;
  }

  /**
   * Parses the next bytes of the stream. In strict mode a broken rule throws a `StompParseError`
   * (which carries the events completed before it); limits and truncation throw in both modes.
   */
  push(chunk: Uint8Array): ParseEvent[] {
    if (this.failure) throw this.failure;
    const events: ParseEvent[] = [];
    this.events = events;
    // A plain view: Buffer's own subarray and indexOf are slower here, and bodies come out as one type.
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    try {
      this.run(chunk);
    } catch (error) {
      throw this.failed(error);
    }
    this.base += chunk.length;
    return events;
  }

  /**
   * `push` for consumers that go on after a broken rule (to answer it, log it, close cleanly):
   * the frames completed before the error, and the error, instead of a throw.
   */
  tryPush(chunk: Uint8Array): { readonly events: readonly ParseEvent[]; readonly error?: StompParseError } {
    const earlier = this.failure;
    try {
      return { events: this.push(chunk) };
    } catch (error) {
      if (!(error instanceof StompParseError)) throw error;
      // A parser that had already failed rethrows: its events were handed over the first time.
      return { events: error === earlier ? [] : error.events, error };
    }
  }

  /** Declares the end of input: an unfinished frame is an error. */
  end(): ParseEvent[] {
    if (this.failure) throw this.failure;
    const events: ParseEvent[] = [];
    this.events = events;
    try {
      if (this.state === IDLE_CR) this.report('cr-without-lf', this.crOffset, 'input ended after a CR that no LF followed');
      else if (this.state !== IDLE) {
        this.fail('truncated-frame', this.base, `input ended inside a frame that starts at byte ${this.frameStart} (${this.base - this.frameStart} bytes of it read)`);
      }
      this.closeDiagnostics();
    } catch (error) {
      throw this.failed(error);
    }
    this.state = IDLE;
    return events;
  }

  /** Forgets everything, including a failure and a negotiated version: for a new connection. */
  reset(): void {
    this.failure = null;
    this.base = 0;
    this.state = IDLE;
    this.rules = STREAM_RULES[this.initialVersion];
    this.events = [];
    this.clearFrame();
    this.cap.reset();
  }

  private failed(error: unknown): unknown {
    if (error instanceof StompParseError) {
      error.events = this.events;
      this.failure = error;
    }
    return error;
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
            // The gap between frames ends: its diagnostics are closed before the frame's begin.
            this.closeDiagnostics();
            this.frameStart = this.lineStart = this.base + p;
            this.frameRules = this.rules;
            this.state = HEAD;
          }
          break;
        }
        case IDLE_CR: {
          if (chunk[p] === LF) {
            if (!this.rules.crLf) {
              this.report('crlf-not-allowed', this.crOffset, `CR LF between frames in STOMP ${this.rules.version} (only 1.2 allows it)`);
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
          const take = Math.min(this.contentLength - this.partsLength, n - p);
          this.parts.push(chunk.subarray(p, p + take));
          this.partsLength += take;
          p += take;
          if (this.partsLength === this.contentLength) this.state = TRAILER;
          break;
        }
        case TRAILER:
          p = this.expectNul(chunk, p, null);
          break;
        case BODY_NUL:
          p = this.scanNulBody(chunk, p);
          break;
      }
    }
  }

  /**
   * Finds the blank line that ends the head, keeping line count, line length and frame size within
   * the limits. A limit is checked as soon as the bytes that break it arrive, so the error is the
   * same however the head was cut into chunks.
   */
  private scanHead(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    const { maxHeaders, maxHeaderLineLength, maxFrameSize } = this.limits;
    let i = from;
    for (;;) {
      const lf = chunk.indexOf(LF, i);
      const end = lf < 0 ? n : lf;
      const length = this.lineLength + (end - i);
      const frameBytes = this.base + end + (lf < 0 ? 0 : 1) - this.frameStart;
      if (length > maxHeaderLineLength || frameBytes > maxFrameSize) this.headTooLarge(length > maxHeaderLineLength, frameBytes > maxFrameSize);
      const lastCr = end > i ? chunk[end - 1] === CR : this.lastCr;
      if (lf < 0) {
        this.lineLength = length;
        this.lastCr = lastCr;
        this.appendHead(chunk.subarray(from, n));
        return n;
      }
      i = lf + 1;
      // The command line is never blank: a frame starts at a byte that is no EOL.
      if (length === 0 || (length === 1 && lastCr)) return this.startBody(chunk, from, i);
      if (++this.lines > maxHeaders + 1) this.fail('too-many-headers', this.lineStart, `more than ${maxHeaders} header lines`);
      this.lineLength = 0;
      this.lastCr = false;
      this.lineStart = this.base + i;
    }
  }

  /** Both limits may break in the same stretch of bytes: the one broken first in the stream wins. */
  private headTooLarge(lineTooLong: boolean, frameTooLarge: boolean): never {
    const { maxHeaderLineLength, maxFrameSize } = this.limits;
    const lineBreaksAt = this.lineStart + maxHeaderLineLength;
    if (lineTooLong && (!frameTooLarge || lineBreaksAt <= this.frameStart + maxFrameSize)) {
      this.fail('header-line-too-long', lineBreaksAt, `head line longer than ${maxHeaderLineLength} bytes`);
    }
    return this.tooLarge();
  }

  private startBody(chunk: Uint8Array, from: number, bodyStart: number): number {
    let head: Uint8Array;
    if (this.headLength > 0) {
      this.appendHead(chunk.subarray(from, bodyStart));
      head = this.headBuffer.subarray(0, this.headLength);
    } else head = chunk.subarray(from, bodyStart);
    const rules = this.frameRules;
    const parsed = parseHead(head, this.frameStart, this.headContext(rules.version));
    this.command = parsed.command;
    this.headers = parsed.headers;
    this.plainHead = parsed.plain;
    this.bodyAllowed = !rules.noBody.has(parsed.command);
    const length = parsed.contentLength;
    this.contentLength = length;
    if (length < 0) {
      this.state = BODY_NUL;
      return bodyStart;
    }
    const bodyOffset = this.base + bodyStart;
    if (bodyOffset - this.frameStart + length > this.limits.maxFrameSize) this.tooLarge();
    // Known from the head alone: reported at the content-length that declares the body.
    if (length > 0 && !this.bodyAllowed) this.bodyNotAllowed(parsed.contentLengthOffset);
    const n = chunk.length;
    if (n - bodyStart > length) {
      // The whole body and its NUL's place are in this chunk: a view, no copy.
      return this.expectNul(chunk, bodyStart + length, chunk.subarray(bodyStart, bodyStart + length));
    }
    if (n > bodyStart) {
      this.parts.push(chunk.subarray(bodyStart, n));
      this.partsLength = n - bodyStart;
    }
    this.state = this.partsLength === length ? TRAILER : BODY_LENGTH;
    return n;
  }

  /** After a content-length body the next byte must be NUL. `body` is null when it is in `parts`. */
  private expectNul(chunk: Uint8Array, p: number, body: Uint8Array | null): number {
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
    if (body !== null && body.length > 0) {
      this.parts.push(body);
      this.partsLength = body.length;
    }
    this.state = BODY_NUL;
    return p;
  }

  private scanNulBody(chunk: Uint8Array, from: number): number {
    const nul = chunk.indexOf(NUL, from);
    const end = nul < 0 ? chunk.length : nul;
    if (end > from) {
      if (!this.bodyAllowed) this.bodyNotAllowed(this.base + from);
      if (this.base + end - this.frameStart > this.limits.maxFrameSize) this.tooLarge();
      this.parts.push(chunk.subarray(from, end));
      this.partsLength += end - from;
    }
    if (nul < 0) return chunk.length;
    this.emit(null, 'nul', this.base + nul);
    return nul + 1;
  }

  private bodyNotAllowed(offset: number): void {
    this.bodyAllowed = true; // reported once
    this.report('body-not-allowed', offset, `${this.command} frames may not have a body in STOMP ${this.frameRules.version}`);
  }

  private emit(view: Uint8Array | null, framing: Framing, nulOffset: number): void {
    const { command, headers, frameStart, parts, plainHead } = this;
    const size = nulOffset + 1 - frameStart;
    let frame: ParsedFrame;
    if (view !== null) frame = { command, headers, body: view, framing, offset: frameStart, size, plainHead };
    else if (parts.length <= 1) frame = { command, headers, body: parts.length === 1 ? parts[0] : EMPTY, framing, offset: frameStart, size, plainHead };
    else frame = spanningFrame(command, headers, parts, this.partsLength, framing, frameStart, size, plainHead);
    this.closeDiagnostics();
    this.events.push({ type: 'frame', frame });
    this.clearFrame();
    this.state = IDLE;
  }

  private beat(offset: number): void {
    // 1.0 has no heart-beats; its EOLs after a NUL are only padding.
    if (this.rules.heartBeats) this.events.push({ type: 'heartbeat', offset });
  }

  private appendHead(bytes: Uint8Array): void {
    const needed = this.headLength + bytes.length;
    if (needed > this.headBuffer.length) {
      const grown = new Uint8Array(Math.max(needed, 256, this.headBuffer.length * 2));
      grown.set(this.headBuffer.subarray(0, this.headLength));
      this.headBuffer = grown;
    }
    this.headBuffer.set(bytes, this.headLength);
    this.headLength = needed;
  }

  private clearFrame(): void {
    this.headLength = 0;
    this.lineLength = 0;
    this.lastCr = false;
    this.lines = 0;
    this.command = '';
    this.headers = [];
    this.plainHead = false;
    this.contentLength = -1;
    this.bodyAllowed = true;
    if (this.parts.length) this.parts = [];
    this.partsLength = 0;
    // A huge head grew the buffer once; do not keep it for every later frame.
    if (this.headBuffer.length > 64 * 1024) this.headBuffer = EMPTY;
  }

  private tooLarge(): never {
    return this.fail('frame-too-large', this.frameStart, `frame exceeds the limit of ${this.limits.maxFrameSize} bytes before its NUL`);
  }

  private report(rule: ParseRule, offset: number, message: ReportMessage): void {
    if (this.strict) this.fail(rule, offset, typeof message === 'string' ? message : message());
    this.cap.add(this.events, rule, offset, message);
  }

  /** Ends a frame's (or a gap's) diagnostics: one summary for those past the cap, then a fresh count. */
  private closeDiagnostics(): void {
    this.cap.close(this.events);
  }

  /** Limits and truncation are fatal in both modes: there is no sensible way to go on. */
  private fail(rule: ParseRule, offset: number, message: string): never {
    throw new StompParseError({ rule, offset, message });
  }
}

/** Parses a whole byte string at once: every frame in it, or the first error. */
export function parseAll(bytes: Uint8Array, options?: ParserOptions): ParseEvent[] {
  const parser = new StompParser(options);
  const events = parser.push(bytes);
  try {
    return events.concat(parser.end());
  } catch (error) {
    if (error instanceof StompParseError) error.events = events.concat(error.events);
    throw error;
  }
}
