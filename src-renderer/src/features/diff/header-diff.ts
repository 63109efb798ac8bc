/**
 * Two header lists compared as they travelled: in wire order, duplicates kept. The k-th
 * occurrence of a name on one side is paired with the k-th on the other (the first one is the
 * one that counts, as the spec says); each pair is the same, changed, added or removed, and a
 * header whose place among the common ones differs is marked moved: the fewest such that the rest
 * keep their order (a longest increasing subsequence, O(n log n) even for 1000 reversed headers).
 */

export type HeaderStatus = 'same' | 'changed' | 'added' | 'removed';

export interface HeaderDiffRow {
  readonly name: string;
  /** 1 for the first occurrence of the name, 2 for a repeat… */
  readonly occurrence: number;
  readonly status: HeaderStatus;
  readonly left?: string;
  readonly right?: string;
  /** Wire positions, from 1. */
  readonly leftIndex?: number;
  readonly rightIndex?: number;
  /** Present on both sides, in another place relative to the others. */
  readonly moved: boolean;
}

export interface HeaderDiff {
  readonly rows: readonly HeaderDiffRow[];
  readonly changed: number;
  readonly added: number;
  readonly removed: number;
  readonly moved: number;
}

type Header = readonly [string, string];

interface Keyed {
  readonly key: string;
  readonly name: string;
  readonly occurrence: number;
  readonly value: string;
  readonly index: number;
}

function keyed(headers: readonly Header[]): Keyed[] {
  const seen = new Map<string, number>();
  return headers.map(([name, value], i) => {
    const occurrence = (seen.get(name) ?? 0) + 1;
    seen.set(name, occurrence);
    return { key: `${occurrence}\u0000${name}`, name, occurrence, value, index: i + 1 };
  });
}

export function diffHeaders(left: readonly Header[], right: readonly Header[]): HeaderDiff {
  const a = keyed(left);
  const b = keyed(right);
  const inA = new Map(a.map((h) => [h.key, h]));
  const inB = new Map(b.map((h) => [h.key, h]));
  const moved = movedKeys(b.filter((h) => inA.has(h.key)).map((h) => ({ key: h.key, leftIndex: inA.get(h.key)!.index })));

  // The right side's order, with headers only on the left slotted in after their left neighbour.
  const rows: HeaderDiffRow[] = [];
  const placed = new Set<string>();
  const fromLeft = (h: Keyed): HeaderDiffRow => ({ name: h.name, occurrence: h.occurrence, status: 'removed', left: h.value, leftIndex: h.index, moved: false });
  const leftOnly = (h: Keyed) => !inB.has(h.key) && !placed.has(h.key);
  const takeLeft = (h: Keyed) => {
    rows.push(fromLeft(h));
    placed.add(h.key);
  };
  let ai = 0;
  for (const r of b) {
    const l = inA.get(r.key);
    // Headers only on the left that come before this one's partner go first…
    if (l) for (; ai < l.index - 1; ai++) if (leftOnly(a[ai])) takeLeft(a[ai]);
    rows.push({
      name: r.name,
      occurrence: r.occurrence,
      status: !l ? 'added' : l.value === r.value ? 'same' : 'changed',
      ...(l ? { left: l.value, leftIndex: l.index } : {}),
      right: r.value,
      rightIndex: r.index,
      moved: moved.has(r.key),
    });
    placed.add(r.key);
    // …and those right after it follow it.
    if (l && l.index > ai) {
      ai = l.index;
      for (; ai < a.length && leftOnly(a[ai]); ai++) takeLeft(a[ai]);
    }
  }
  for (const h of a) if (leftOnly(h)) takeLeft(h);
  return {
    rows,
    changed: rows.filter((r) => r.status === 'changed').length,
    added: rows.filter((r) => r.status === 'added').length,
    removed: rows.filter((r) => r.status === 'removed').length,
    moved: moved.size,
  };
}

/**
 * The common headers in the right side's order, each with its left position: those outside one
 * longest run of increasing left positions are the ones that moved.
 */
function movedKeys(common: readonly { key: string; leftIndex: number }[]): Set<string> {
  // Patience sorting: tails[k] is the index (in `common`) ending the best run of length k + 1.
  const tails: number[] = [];
  const previous = new Array<number>(common.length).fill(-1);
  for (let i = 0; i < common.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (common[tails[mid]].leftIndex < common[i].leftIndex) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) kept.add(i);
  return new Set(common.filter((_, i) => !kept.has(i)).map((c) => c.key));
}
