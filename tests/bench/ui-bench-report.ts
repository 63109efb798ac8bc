/** The UI benchmark's figures: each printed with its target and the ratio to it (or to the bare client). */

export interface Figure {
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  /** The target, as a bound: `value <= target` (or `>=` with `atLeast`). */
  readonly target?: number;
  readonly atLeast?: boolean;
  /** The bare client's figure for the same work, when there is one. */
  readonly baseline?: number;
  readonly note?: string;
  /**
   * Over several rounds: the median round (by the ratio to the bare client where there is one),
   * or the worst round for what must hold every time (every message captured, no drop, no long
   * task). Figures with `atLeast` are counts of that kind and default to the worst.
   */
  readonly over?: 'median' | 'worst';
}

export class Report {
  readonly figures: { section: string; figure: Figure }[] = [];

  constructor(private readonly section: string) {}

  add(figure: Figure): void {
    this.figures.push({ section: this.section, figure });
    console.log(formatFigure(figure));
  }

  title(text: string): void {
    console.log(`\n${text}`);
  }
}

export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (f.target === undefined) return '';
  if (Number.isNaN(f.value)) return 'MISS';
  return (f.atLeast ? f.value >= f.target : f.value <= f.target) ? 'PASS' : 'MISS';
}

export function formatFigure(f: Figure): string {
  const value = `${formatNumber(f.value)} ${f.unit}`.trim();
  const parts = [`  ${f.what.padEnd(46)} ${value.padStart(14)}`];
  if (f.target !== undefined) parts.push(`target ${f.atLeast ? '≥' : '≤'} ${formatNumber(f.target)} ${f.unit}`.trim().padEnd(22), `(${ratio(f.value, f.target)} of target)`);
  if (f.baseline !== undefined) parts.push(`bare client ${formatNumber(f.baseline)} ${f.unit}, ratio ${ratio(f.value, f.baseline)}`);
  const v = verdict(f);
  if (v) parts.push(v);
  if (f.note) parts.push(`— ${f.note}`);
  return parts.join('  ');
}

function ratio(a: number, b: number): string {
  return b === 0 ? '∞' : `${(a / b).toFixed(2)}×`;
}

export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'n/a';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export const MB = 1024 * 1024;

/**
 * One figure per `what` from several rounds of the same case: the round that is the median (or the
 * worst, see Figure.over), its note saying every round's value.
 */
export function figuresOverRounds(rounds: readonly (readonly Figure[])[]): Figure[] {
  const out: Figure[] = [];
  for (const first of rounds[0] ?? []) {
    const same = rounds.flatMap((round) => round.filter((f) => f.what === first.what));
    const worst = (first.over ?? (first.atLeast ? 'worst' : 'median')) === 'worst';
    const key = (f: Figure) => (f.baseline ? f.value / f.baseline : f.value);
    // NaN (a figure a round could not measure) sorts as the worst.
    const badness = (f: Figure) => (Number.isNaN(key(f)) ? Infinity : f.atLeast ? -key(f) : key(f));
    const sorted = [...same].sort((a, b) => badness(a) - badness(b));
    const chosen = worst ? sorted[sorted.length - 1] : sorted[Math.floor((sorted.length - 1) / 2)];
    const runs = same.map((f) => (f.baseline ? `${formatNumber(f.value)} (${ratio(f.value, f.baseline)})` : formatNumber(f.value))).join(' / ');
    out.push({ ...chosen, note: `${worst ? 'worst' : 'median'} of ${same.length}: ${runs}${chosen.note ? `; that round: ${chosen.note}` : ''}` });
  }
  return out;
}

/** The tally line at the end: how many targets were met, and which were not. */
export function tally(figures: readonly { section: string; figure: Figure }[]): string {
  const judged = figures.filter((f) => verdict(f.figure) !== '');
  const missed = judged.filter((f) => verdict(f.figure) === 'MISS');
  return `${judged.length - missed.length} of ${judged.length} targets met${missed.length ? `; missed: ${missed.map((f) => `${f.section}: ${f.figure.what}`).join('; ')}` : ''}`;
}
