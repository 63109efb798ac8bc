/**
 * One direction of a proxied connection: bytes in from one side, out to the other, and a parsed
 * copy on the way. Two ways to pass bytes:
 * - straight through (no rule or fault needs to see a frame first): each chunk is written out as
 *   it came, before it is parsed, so the relay adds no wait and no copy;
 * - frame by frame (hold rules, frame faults, a CONNECT to rewrite): bytes wait until the frame
 *   they belong to is complete and decided on, then go out as they came (or as decided).
 * Bytes between frames (heart-beats) never wait for a frame. Order is always kept: a held frame
 * holds everything behind it in its direction, as a breakpoint stops a thread.
 *
 * The parser follows the version negotiation: until the handshake is through, chunks are parsed
 * up to each NUL at a time, so a version set after CONNECT or CONNECTED applies from the next
 * frame on, exactly where the peers switch.
 */
import { bodyParts, StompParser } from '../protocol/parser';
import type { ParsedFrame } from '../protocol/frame';
import { StompParseError } from '../protocol/parse-error';
import type { ParseEvent, ParserLimits } from '../protocol/parser-options';
import type { StompVersion } from '../protocol/spec';
import { ByteQueue } from './byte-queue';
import { corruptCopy } from './faults';
import type { Outlet } from './outlet';
import type { Alteration, Direction, ProxyDiagnostic } from './proxy-types';
import type { ReadGate } from './read-gate';
import { WireLint } from './wire-lint';

/** A complete frame waiting for its turn to go out. */
export interface LaneFrame {
  readonly seq: number;
  /** Its number among the frames this way (from 1). */
  readonly index: number;
  readonly frame: ParsedFrame;
  readonly start: number;
  readonly end: number;
}

export type Decision =
  | { readonly kind: 'forward' }
  | { readonly kind: 'hold'; readonly rule: string }
  | { readonly kind: 'skip'; readonly action: Alteration; readonly detail: string }
  | { readonly kind: 'replace'; readonly bytes: Uint8Array; readonly action: Alteration; readonly detail: string }
  | { readonly kind: 'corrupt' };

/** What the lane needs from its connection. */
export interface LaneHost {
  /** Whether frames must be decided on one by one this way now. */
  gated(direction: Direction): boolean;
  /** `released`: the frame was held and the user let it go (hold rules no longer apply to it). */
  decide(direction: Direction, item: LaneFrame, released: boolean): Decision;
  /** A frame was parsed: returns its seq and its number this way. */
  /** A frame was parsed (`raw` reads its bytes, during the call): returns its seq and its number this way. */
  frameParsed(direction: Direction, frame: ParsedFrame, at: number, raw: () => Uint8Array): { seq: number; index: number };
  heartbeat(direction: Direction, offset: number, at: number): void;
  diagnostic(direction: Direction, diagnostic: ProxyDiagnostic, at: number): void;
  bytes(direction: Direction, offset: number, bytes: Uint8Array, at: number): void;
  held(direction: Direction, item: LaneFrame, rule: string, at: number): void;
  altered(direction: Direction, item: LaneFrame, action: Alteration, bytes: Uint8Array, detail: string): void;
  /** A frame went out (as received or altered). */
  sent(direction: Direction, item: LaneFrame): void;
  /** ms between keep-alive beats to send while a frame is held this way (0: none). */
  keepAliveEvery(direction: Direction): number;
}

/** Bytes allowed to pile up behind a held frame before the source is paused. */
const HOLD_BACKLOG = 4 * 1024 * 1024;
const LF = Uint8Array.of(10);

export type Release = { readonly action: 'forward' } | { readonly action: 'drop' } | { readonly action: 'edit'; readonly bytes: Uint8Array; readonly detail: string };

export class RelayLane {
  private readonly parser: StompParser;
  private readonly lint = new WireLint();
  /** Bytes from min(forwarded, parser.heldFrom) on. */
  private readonly kept = new ByteQueue();
  private readonly frames: LaneFrame[] = [];
  private received = 0;
  private forwarded = 0;
  private heldItem: LaneFrame | null = null;
  private keepAlive: ReturnType<typeof setInterval> | null = null;
  /** Parsing up to each NUL until the handshake this way is through. */
  private negotiating = true;
  /** The parser hit a limit it cannot parse past: bytes flow on, unparsed. */
  private parserDead = false;
  /** The source ended: no more input. */
  private ended = false;
  /** The connection was cut: nothing more goes out. */
  private stopped = false;

  constructor(
    readonly direction: Direction,
    private readonly host: LaneHost,
    private readonly outlet: Outlet,
    private readonly gate: ReadGate,
    limits?: Partial<ParserLimits>,
  ) {
    this.parser = new StompParser({ version: '1.2', strict: false, limits });
  }

  get version(): StompVersion {
    return this.parser.getVersion();
  }

  /** Stream bytes received this way so far. */
  get offset(): number {
    return this.received;
  }

  get held(): LaneFrame | null {
    return this.heldItem;
  }

  setVersion(version: StompVersion): void {
    this.parser.setVersion(version);
  }

  /** The handshake this way is through: parse whole chunks from now on. */
  settle(): void {
    this.negotiating = false;
  }

  input(chunk: Uint8Array): void {
    if (this.ended || this.stopped || chunk.length === 0) return;
    const at = Date.now();
    const start = this.received;
    this.received += chunk.length;
    this.host.bytes(this.direction, start, chunk, at);
    const straight = this.frames.length === 0 && this.heldItem === null && this.forwarded === start && !this.host.gated(this.direction);
    if (straight) {
      this.forwarded = this.received;
      this.outlet.write(chunk);
    }
    this.kept.push(chunk, start);
    if (this.lint.watching === start) this.lintNext(start, at);
    this.parse(chunk, at, straight);
    if (!straight) this.pump();
    this.trim();
  }

  /** The source ended: what the parser holds is reported, a held frame is discarded with what waits behind it. */
  sourceEnded(): LaneFrame | null {
    if (this.ended || this.stopped) return null;
    this.ended = true;
    this.stopKeepAlive();
    if (!this.parserDead) {
      try {
        this.handle(this.parser.end(), Date.now(), true);
      } catch (error) {
        if (error instanceof StompParseError) this.host.diagnostic(this.direction, { rule: error.rule, offset: error.offset, message: `the connection closed inside a frame: ${error.message}` }, Date.now());
      }
    }
    // Complete frames not held are still decided and sent, and a last unfinished one goes as it
    // came (a transparent relay would have passed it); a held frame and what follows it do not.
    this.pump();
    if (this.heldItem === null && !this.stopped) this.forwardTo(this.received);
    const discarded = this.heldItem;
    this.heldItem = null;
    return discarded;
  }

  /** Stops at once (the connection is cut): nothing more goes out. */
  stop(): void {
    this.stopped = true;
    this.stopKeepAlive();
    this.heldItem = null;
  }

  /** Lets the held frame go: as it came, edited (its replacement bytes), or not at all. */
  release(seq: number, release: Release): LaneFrame {
    const item = this.heldItem;
    if (item === null || item.seq !== seq) throw new RangeError(`frame ${seq} is not held ${this.direction}`);
    this.heldItem = null;
    this.stopKeepAlive();
    this.gate.release('hold');
    if (release.action === 'forward') this.apply(item, this.host.decide(this.direction, item, true), true);
    else if (release.action === 'drop') this.apply(item, { kind: 'skip', action: 'dropped', detail: 'dropped from the hold' }, true);
    else this.apply(item, { kind: 'replace', bytes: release.bytes, action: 'edited', detail: release.detail }, true);
    this.pump();
    this.trim();
    return item;
  }

  /** The raw bytes of a frame still kept (held or waiting), for editing and inspection. */
  rawOf(item: LaneFrame): Uint8Array {
    return this.kept.range(item.start, item.end);
  }

  private parse(chunk: Uint8Array, at: number, straight: boolean): void {
    if (this.parserDead) return;
    if (!this.negotiating) return this.parsePiece(chunk, at, straight);
    let from = 0;
    while (from < chunk.length && this.negotiating && !this.parserDead) {
      const nul = chunk.indexOf(0, from);
      const to = nul < 0 ? chunk.length : nul + 1;
      this.parsePiece(chunk.subarray(from, to), at, straight);
      from = to;
    }
    if (from < chunk.length && !this.parserDead) this.parsePiece(chunk.subarray(from), at, straight);
  }

  private parsePiece(piece: Uint8Array, at: number, straight: boolean): void {
    const { events, error } = this.parser.tryPush(piece);
    this.handle(events, at, straight);
    if (error) {
      // Only limits and truncation fail a lenient parser: past them the bytes cannot be framed.
      this.parserDead = true;
      this.host.diagnostic(this.direction, { rule: error.rule, offset: error.offset, message: `${error.message}; the rest of this direction is relayed unparsed` }, at);
    }
  }

  private handle(events: readonly ParseEvent[], at: number, straight: boolean): void {
    for (const event of events) {
      if (event.type === 'frame') {
        const frame = event.frame;
        const { seq, index } = this.host.frameParsed(this.direction, frame, at, () => this.rawAt(frame.offset, frame.offset + frame.size));
        const end = frame.offset + frame.size;
        for (const d of this.lint.frame(frame, this.parser.getVersion(), () => this.headOf(frame))) this.host.diagnostic(this.direction, d, at);
        if (this.lint.watching === end && end < this.received) this.lintNext(end, at);
        if (!straight) this.frames.push({ seq, index, frame, start: frame.offset, end });
      } else if (event.type === 'heartbeat') {
        this.lint.heartbeat();
        this.host.heartbeat(this.direction, event.offset, at);
      } else {
        this.host.diagnostic(this.direction, event.diagnostic, at);
        const explained = this.lint.explain(event.diagnostic);
        if (explained) this.host.diagnostic(this.direction, explained, at);
      }
    }
  }

  /** Bytes of the stream still kept (empty when they are not). */
  private rawAt(from: number, to: number): Uint8Array {
    return from >= this.kept.start && to <= this.kept.end ? this.kept.range(from, to) : new Uint8Array(0);
  }

  /** Shows the lint the byte at `offset` (kept: it was just received). */
  private lintNext(offset: number, at: number): void {
    const d = this.lint.next(this.kept.range(offset, offset + 1)[0]);
    if (d) this.host.diagnostic(this.direction, d, at);
  }

  /** The head of a frame just parsed: its bytes before the body (still kept: the frame was unfinished before this chunk). */
  private headOf(frame: ParsedFrame): Uint8Array | null {
    let bodyLength = 0;
    for (const part of bodyParts(frame)) bodyLength += part.length;
    const headEnd = frame.offset + frame.size - 1 - bodyLength;
    if (frame.offset < this.kept.start) return null;
    return this.kept.range(frame.offset, headEnd);
  }

  private pump(): void {
    while (this.heldItem === null && !this.stopped) {
      const next = this.frames[0];
      if (next === undefined) break;
      this.forwardTo(next.start);
      this.frames.shift();
      // Partly sent before frames were gated: the rest goes as it is.
      if (next.start < this.forwarded) this.forwardTo(next.end);
      else this.apply(next, this.host.decide(this.direction, next, false), false);
    }
    if (this.heldItem !== null || this.stopped) return this.backlog();
    // Between frames everything may go; inside an unfinished frame only when nothing is gated.
    const safe = this.parserDead || !this.host.gated(this.direction) ? this.received : Math.min(this.parser.heldFrom, this.received);
    this.forwardTo(safe);
  }

  private apply(item: LaneFrame, decision: Decision, released: boolean): void {
    switch (decision.kind) {
      case 'forward':
        this.forwardTo(item.end);
        this.host.sent(this.direction, item);
        return;
      case 'hold':
        if (released) return this.apply(item, { kind: 'forward' }, true);
        this.heldItem = item;
        this.host.held(this.direction, item, decision.rule, Date.now());
        this.startKeepAlive();
        this.backlog();
        return;
      case 'skip':
        this.forwarded = item.end;
        this.host.altered(this.direction, item, decision.action, new Uint8Array(0), decision.detail);
        return;
      case 'replace':
        this.forwarded = item.end;
        this.host.altered(this.direction, item, decision.action, decision.bytes, decision.detail);
        this.outlet.write(decision.bytes);
        this.host.sent(this.direction, item);
        return;
      case 'corrupt': {
        let bodyLength = 0;
        for (const part of bodyParts(item.frame)) bodyLength += part.length;
        const size = item.end - item.start;
        const { bytes, at } = corruptCopy(this.kept.range(item.start, item.end), size - 1 - bodyLength, bodyLength);
        const detail = `byte ${at} of the frame (stream byte ${item.start + at}) flipped from 0x${hex(bytes[at] ^ 0xff)} to 0x${hex(bytes[at])}`;
        return this.apply(item, { kind: 'replace', bytes, action: 'corrupted', detail }, released);
      }
    }
  }

  private forwardTo(offset: number): void {
    if (offset <= this.forwarded) return;
    for (const view of this.kept.views(this.forwarded, offset)) this.outlet.write(view);
    this.forwarded = offset;
  }

  /** Too much behind a held frame: stop reading until it is released. */
  private backlog(): void {
    if (this.heldItem !== null && this.received - this.heldItem.end > HOLD_BACKLOG) this.gate.close('hold');
  }

  private trim(): void {
    this.kept.dropBefore(Math.min(this.forwarded, this.parserDead ? this.received : this.parser.heldFrom, this.heldItem?.start ?? Infinity));
  }

  /** While a frame is held, a beat now and then keeps the receiving side from calling the sender dead. */
  private startKeepAlive(): void {
    const every = this.host.keepAliveEvery(this.direction);
    if (every <= 0) return;
    this.keepAlive = setInterval(() => this.outlet.write(LF), every);
    this.keepAlive.unref?.();
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
