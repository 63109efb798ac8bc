/**
 * Lenient mode's bound on diagnostics: at most `limit` are listed per frame (and per gap between
 * frames); the rest are counted by rule, and one `diagnostics-capped` diagnostic says how many when
 * the frame or gap ends. A hostile head with a million broken escapes then costs a hundred events
 * and a counter, not a million events (~200 B each).
 */
import type { ParseRule } from './parse-error';
import type { ReportMessage } from './head-reports';
import type { ParseEvent } from './parser-options';

export class DiagnosticCap {
  private listed = 0;
  private capped = 0;
  private cappedAt = 0;
  private readonly byRule = new Map<ParseRule, number>();

  constructor(private readonly limit: number) {}

  /** How many more may be listed before the end of this frame or gap. */
  get room(): number {
    return this.limit - this.listed;
  }

  /** Lists the diagnostic in `events`, or counts it once the cap is reached (its message is then never built). */
  add(events: ParseEvent[], rule: ParseRule, offset: number, message: ReportMessage): void {
    if (this.listed < this.limit) {
      this.listed++;
      events.push({ type: 'diagnostic', diagnostic: { rule, offset, message: typeof message === 'string' ? message : message() } });
      return;
    }
    if (this.capped++ === 0) this.cappedAt = offset;
    this.byRule.set(rule, (this.byRule.get(rule) ?? 0) + 1);
  }

  /** Ends a frame's or gap's diagnostics: the summary of those past the cap, if any, then a fresh count. */
  close(events: ParseEvent[]): void {
    if (this.capped > 0) {
      const rules = [...this.byRule].map(([rule, count]) => `${rule} ×${count}`).join(', ');
      const message = `${this.capped} more diagnostics here were counted, not listed (at most ${this.limit} are): ${rules}`;
      events.push({ type: 'diagnostic', diagnostic: { rule: 'diagnostics-capped', offset: this.cappedAt, message } });
      this.capped = 0;
      this.byRule.clear();
    }
    this.listed = 0;
  }

  reset(): void {
    this.listed = this.capped = 0;
    this.byRule.clear();
  }
}
