/**
 * The renderer's virtual rows (message list, wire log, hex/base64/text viewers): what a render
 * costs must not grow with the number of rows (issue 15: a general virtualiser rebuilt one object
 * per message on every batch, 46 s of long tasks at a million), the content must stay under the
 * browsers' element-height cap, and every row must stay reachable.
 */
import { describe, expect, it } from 'vitest';
import { geometryOf, MAX_SCROLL_PX, visibleRows } from '../../src-renderer/src/features/messages/fixed-rows-math';

describe('fixed-height virtual rows', () => {
  it('render the rows on screen only, the same number for ten rows or ten million', () => {
    const small = visibleRows(1_000, 22, 0, 600, 12);
    const huge = visibleRows(10_000_000, 22, 0, 600, 12);
    expect(small.rows.length).toBe(huge.rows.length);
    expect(huge.rows.length).toBeLessThanOrEqual(Math.ceil(600 / 22) + 1 + 12);
    expect(huge.rows[0]).toEqual({ index: 0, start: 0 });
  });

  it('keep the scrolled content under the element-height cap and map scrolling to every row', () => {
    const count = 6_553_600; // the hex rows of a 100 MiB body
    const viewport = 400;
    const { totalSize } = visibleRows(count, 18, 0, viewport, 0);
    expect(totalSize).toBe(MAX_SCROLL_PX);
    // Scrolled to the bottom: the last row is on screen, at the bottom of the viewport.
    const bottom = visibleRows(count, 18, MAX_SCROLL_PX - viewport, viewport, 0);
    expect(bottom.last).toBe(count - 1);
    const lastRow = bottom.rows.at(-1)!;
    expect(lastRow.index).toBe(count - 1);
    expect(lastRow.start + 18).toBeCloseTo(MAX_SCROLL_PX, 3);
    // Half way down: the middle row, placed inside the viewport.
    const middle = visibleRows(count, 18, (MAX_SCROLL_PX - viewport) / 2, viewport, 0);
    expect(Math.abs(middle.first - (count - viewport / 18) / 2)).toBeLessThan(2);
    for (const row of middle.rows) {
      expect(row.start).toBeGreaterThanOrEqual((MAX_SCROLL_PX - viewport) / 2 - 18);
      expect(row.start).toBeLessThanOrEqual((MAX_SCROLL_PX - viewport) / 2 + viewport);
    }
  });

  it('scroll to a row and back to the same place', () => {
    const g = geometryOf(2_000_000, 38, 500);
    for (const row of [0, 1, 999_999, 1_999_999]) {
      const virtual = row * 38;
      expect(g.toVirtual(g.toScroll(virtual))).toBeCloseTo(virtual, 3);
    }
    // Small lists are laid out whole: no mapping at all.
    const plain = geometryOf(1000, 22, 500);
    expect(plain.totalSize).toBe(22_000);
    expect(plain.toScroll(1234)).toBe(1234);
  });

  it('handle an empty list and a viewport taller than the list', () => {
    expect(visibleRows(0, 22, 0, 600, 12)).toEqual({ rows: [], first: 0, last: 0, totalSize: 0 });
    const few = visibleRows(3, 22, 0, 600, 12);
    expect(few.rows.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(few.last).toBe(2);
  });
});
