/**
 * How `parseHead` reports broken rules with exact byte offsets at a cost linear in the head,
 * however many rules it breaks.
 *
 * The head is searched as decoded text, so a rule is found at a UTF-16 code unit index. Where every
 * byte decoded to one unit (ASCII, the common case) that index is the byte offset. Otherwise:
 * strict mode reports once and throws, so one walk over the bytes is fine; lenient mode queues its
 * reports and converts all their indexes in one walk when the head is done (walking the head from
 * its start for each report made a head with thousands of `\q` and one `é` quadratic: 80 s at
 * 512 KB). Past the parser's diagnostics cap nothing more is queued, only counted, so memory stays
 * bounded too.
 */
import type { ParseRule } from './parse-error';
import type { StompVersion } from './spec';
import { byteOffsetsOfChars } from './utf8';

/** A message, or how to write it: built only if the diagnostic is listed. */
export type ReportMessage = string | (() => string);

export interface HeadContext {
  readonly version: StompVersion;
  readonly strict: boolean;
  /** Throws in strict mode; in lenient mode lists a diagnostic, or counts it once the cap is reached. */
  readonly report: (rule: ParseRule, offset: number, message: ReportMessage) => void;
  /** Lenient mode: how many more diagnostics this frame may list. */
  readonly room: () => number;
}

interface Queued {
  readonly rule: ParseRule;
  /** A code unit index of the text, or -1 when `byte` is known. */
  readonly char: number;
  readonly byte: number;
  readonly message: ReportMessage;
}

export class HeadReports {
  /** Offsets need no conversion: every byte is one code unit, or strict mode reports once. */
  private readonly direct: boolean;
  // Made when the first report is queued: almost every head reports nothing, and one is parsed
  // for every frame (a Map and an array per frame were a fifth of the parser's garbage).
  private queued: Queued[] | null = null;
  /** Reports past the room left: the first is kept with its position (for the summary), the rest counted. */
  private firstOver: Queued | null = null;
  private over: Map<ParseRule, number> | null = null;
  private readonly room: number;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly text: string,
    /** Stream offset of the head's first byte. */
    private readonly offset: number,
    private readonly ctx: HeadContext,
  ) {
    this.direct = text.length === bytes.length || ctx.strict;
    this.room = this.direct ? 0 : ctx.room();
  }

  /** A rule broken at code unit `charIndex` of the decoded head. */
  atChar(rule: ParseRule, charIndex: number, message: ReportMessage): void {
    if (this.direct) {
      const byte = this.text.length === this.bytes.length ? charIndex : byteOffsetsOfChars(this.bytes, [charIndex])[0];
      this.ctx.report(rule, this.offset + byte, message);
    } else this.queue({ rule, char: charIndex, byte: -1, message });
  }

  /** A rule broken at byte `byteIndex` of the head. */
  atByte(rule: ParseRule, byteIndex: number, message: ReportMessage): void {
    if (this.direct) this.ctx.report(rule, this.offset + byteIndex, message);
    else this.queue({ rule, char: -1, byte: byteIndex, message });
  }

  /** Hands the queued reports to the parser, in the order they were made, with byte offsets. */
  flush(): void {
    if (this.queued === null) return;
    const queued = this.queued;
    const all = this.firstOver ? [...queued, this.firstOver] : queued;
    const byChar = all.filter((q) => q.char >= 0);
    const converted = byteOffsetsOfChars(
      this.bytes,
      byChar.map((q) => q.char),
    );
    const byteOf = new Map<Queued, number>(byChar.map((q, k) => [q, converted[k]]));
    const at = (q: Queued) => this.offset + (q.char >= 0 ? byteOf.get(q)! : q.byte);
    for (const q of queued) this.ctx.report(q.rule, at(q), q.message);
    if (this.firstOver && this.over) {
      // Past the cap the parser only counts: the first carries the offset its summary shows.
      const offset = at(this.firstOver);
      for (const [rule, count] of this.over) for (let k = 0; k < count; k++) this.ctx.report(rule, offset, '');
    }
  }

  private queue(q: Queued): void {
    this.queued ??= [];
    if (this.queued.length < this.room) {
      this.queued.push(q);
      return;
    }
    if (this.firstOver === null) this.firstOver = q;
    this.over ??= new Map();
    this.over.set(q.rule, (this.over.get(q.rule) ?? 0) + 1);
  }
}
