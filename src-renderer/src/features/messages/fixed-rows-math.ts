/**
 * The arithmetic of fixed-height virtual rows (see use-fixed-rows.ts): which rows a scroll
 * position shows and where, and the mapping between scroll position and row position once the
 * list is taller than a browser lets an element be. No DOM here, so it is tested under Node.
 */

/** Well under every browser's element-height cap (Chromium's is near 33.5 million px). */
export const MAX_SCROLL_PX = 12_000_000;

export interface FixedRow {
  readonly index: number;
  /** Where the row goes inside the scrolled content (translateY). */
  readonly start: number;
}

/**
 * The rows to render for a scroll position: arithmetic only, so the cost is the rows on screen
 * (plus `overscan` each side), whatever `count` is.
 */
export function visibleRows(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan: number): { rows: FixedRow[]; first: number; last: number; totalSize: number } {
  const geometry = geometryOf(count, rowHeight, viewport);
  const top = Math.max(0, Math.min(scrollTop, geometry.totalSize - viewport));
  const virtualTop = geometry.toVirtual(top);
  const first = Math.min(Math.max(0, count - 1), Math.max(0, Math.floor(virtualTop / rowHeight)));
  const last = Math.min(count - 1, Math.floor((virtualTop + Math.max(viewport, rowHeight)) / rowHeight));
  const rows: FixedRow[] = [];
  if (count > 0) {
    const from = Math.max(0, first - overscan);
    const to = Math.min(count - 1, last + overscan);
    for (let index = from; index <= to; index++) rows.push({ index, start: top + index * rowHeight - virtualTop });
  }
  return { rows, first: count ? first : 0, last: count ? Math.max(first, last) : 0, totalSize: geometry.totalSize };
}

interface Geometry {
  readonly totalSize: number;
  /** Scroll position → position in the list as if it were laid out whole. */
  toVirtual(scrollTop: number): number;
  toScroll(virtualTop: number): number;
}

export function geometryOf(count: number, rowHeight: number, viewport: number): Geometry {
  const full = count * rowHeight;
  if (full <= MAX_SCROLL_PX) return { totalSize: full, toVirtual: (s) => s, toScroll: (v) => v };
  const scrollRange = MAX_SCROLL_PX - viewport;
  const virtualRange = full - viewport;
  return {
    totalSize: MAX_SCROLL_PX,
    toVirtual: (s) => (scrollRange > 0 ? (s / scrollRange) * virtualRange : 0),
    toScroll: (v) => (virtualRange > 0 ? (v / virtualRange) * scrollRange : 0),
  };
}
