/**
 * A virtual list of rows of one fixed height, for lists of any length: the message list (a
 * million rows), the hex view of a 100 MiB body (6.5 million rows). Nothing here is proportional
 * to the number of rows: the visible range is arithmetic on the scroll position, so a list that
 * grows by thousands of rows a second costs the same per frame at 10 rows as at 10 million.
 * (A general virtualiser that measures items keeps an object per row and rebuilds that array
 * whenever the count changes: a million objects per update.)
 *
 * Browsers cap an element's height (Chromium near 33.5 million px), so past MAX_SCROLL_PX the
 * scrolled content stays that tall and the scroll position maps to a row proportionally.
 */
import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { geometryOf, visibleRows, type FixedRow } from './fixed-rows-math';

export { MAX_SCROLL_PX, type FixedRow } from './fixed-rows-math';

export type Align = 'start' | 'end' | 'auto';

export interface FixedRows {
  readonly rows: FixedRow[];
  /** The height to give the scrolled content. */
  readonly totalSize: number;
  readonly first: number;
  readonly last: number;
  readonly viewportHeight: number;
  scrollToIndex(index: number, align?: Align): void;
}

export function useFixedRows({
  count,
  rowHeight,
  scrollRef,
  overscan = 8,
  headerHeight = 0,
}: {
  count: number;
  rowHeight: number;
  scrollRef: RefObject<HTMLElement | null>;
  overscan?: number;
  /** A sticky header inside the scroller, above the rows: the rows see that much less of it. */
  headerHeight?: number;
}): FixedRows {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  const frame = useRef(0);
  // The scroll element may appear after the first render (an empty state first): follow it.
  const [el, setEl] = useState<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (scrollRef.current !== el) setEl(scrollRef.current);
  });

  useLayoutEffect(() => {
    if (!el) return;
    setViewport(el.clientHeight - headerHeight);
    setScrollTop(el.scrollTop);
    const onScroll = () => {
      // One update a frame, however many scroll events arrive.
      if (frame.current) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = 0;
        setScrollTop(el.scrollTop);
      });
    };
    const observer = new ResizeObserver(() => setViewport(el.clientHeight - headerHeight));
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [el, headerHeight]);

  const { rows, first, last, totalSize } = visibleRows(count, rowHeight, scrollTop, viewport, overscan);

  const scrollToIndex = useCallback(
    (index: number, align: Align = 'auto') => {
      const el = scrollRef.current;
      if (!el || count === 0) return;
      const height = el.clientHeight - headerHeight;
      const g = geometryOf(count, rowHeight, height);
      const rowTop = Math.max(0, Math.min(count - 1, index)) * rowHeight;
      const current = g.toVirtual(el.scrollTop);
      let target: number;
      if (align === 'start') target = rowTop;
      else if (align === 'end') target = rowTop + rowHeight - height;
      else if (rowTop < current) target = rowTop;
      else if (rowTop + rowHeight > current + height) target = rowTop + rowHeight - height;
      else return;
      const next = g.toScroll(Math.max(0, target));
      if (Math.abs(next - el.scrollTop) >= 1) el.scrollTop = next;
      setScrollTop(el.scrollTop);
    },
    [count, rowHeight, scrollRef, headerHeight],
  );

  return { rows, totalSize, first, last, viewportHeight: viewport, scrollToIndex };
}
