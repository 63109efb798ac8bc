/**
 * The virtualised message list: a grid of rows paged from the host as they scroll into view,
 * following the tail until the user scrolls up ("N new" jumps back), multi-select with shift/ctrl.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { rowAt, useMessages } from '../../stores/messages-store';
import { useWidth } from '../../lib/use-width';
import { COLUMNS, listLayout } from './columns';
import { MessageRow } from './message-row';
import { useFixedRows } from './use-fixed-rows';

export const MESSAGE_GRID_ID = 'message-grid';

export function MessageGrid() {
  const total = useMessages((s) => s.total);
  useMessages((s) => s.rowsVersion);
  const selected = useMessages((s) => s.selected);
  const focusIndex = useMessages((s) => s.focusIndex);
  const follow = useMessages((s) => s.follow);
  const unseen = useMessages((s) => s.unseen);
  // The grid is its own scroller (its header sticks to the top): the one element a keyboard user
  // focuses is the one that scrolls, as assistive technology expects of a scrollable region.
  const gridRef = useRef<HTMLDivElement>(null);
  const scrollRef = gridRef;
  const headRef = useRef<HTMLDivElement>(null);
  const programmatic = useRef(false);
  const layout = listLayout(useWidth(gridRef));
  const rowHeight = layout.rowHeight;
  const [headerHeight, setHeaderHeight] = useState(0);
  useLayoutEffect(() => setHeaderHeight(headRef.current?.offsetHeight ?? 0));

  // Fixed-height rows: the work per update does not grow with the number of messages.
  const virtualizer = useFixedRows({ count: total, rowHeight, scrollRef, overscan: 12, headerHeight });
  const items = virtualizer.rows;
  const { first, last } = virtualizer;
  // The rows rendered (on screen and the overscan around them) are the ones to have at hand.
  const from = items.length ? items[0].index : 0;
  const to = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    // Following, a batch first renders at the old scroll position (the scroll to the new tail
    // comes after it): rows there never came in a batch, and asking for their pages each time
    // was most of the bridge's traffic. The render at the tail asks for what it lacks.
    if (!total || (follow && to < total - 1)) return;
    useMessages.getState().ensureRange(from, to + 1);
  }, [from, to, total, follow]);

  // Follow the tail: every batch scrolls to the newest row.
  const { scrollToIndex } = virtualizer;
  useEffect(() => {
    if (!follow || total === 0) return;
    programmatic.current = true;
    scrollToIndex(total - 1, 'end');
    requestAnimationFrame(() => (programmatic.current = false));
  }, [follow, total, scrollToIndex]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el || programmatic.current) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight * 1.5;
    useMessages.getState().setFollow(atBottom);
  };

  const pick = useCallback((index: number, mode: 'single' | 'toggle' | 'range') => {
    const s = useMessages.getState();
    s.focus(index, mode);
    if (index < s.total - 1) s.setFollow(false);
    document.getElementById(MESSAGE_GRID_ID)?.focus({ preventScroll: true });
  }, []);

  const move = (index: number, extend: boolean) => {
    const s = useMessages.getState();
    if (!s.total) return;
    const clamped = Math.max(0, Math.min(s.total - 1, index));
    s.focus(clamped, extend ? 'range' : 'single');
    if (clamped < s.total - 1) s.setFollow(false);
    virtualizer.scrollToIndex(clamped, 'auto');
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const s = useMessages.getState();
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - headerHeight) / rowHeight) - 1);
    const from = s.focusIndex < 0 ? (e.key === 'ArrowUp' ? s.total : -1) : s.focusIndex;
    switch (e.key) {
      case 'ArrowDown':
        move(from + 1, e.shiftKey);
        break;
      case 'ArrowUp':
        move(from - 1, e.shiftKey);
        break;
      case 'PageDown':
        move(from + page, e.shiftKey);
        break;
      case 'PageUp':
        move(from - page, e.shiftKey);
        break;
      case 'Home':
        move(0, e.shiftKey);
        break;
      case 'End':
        move(s.total - 1, e.shiftKey);
        s.setFollow(true);
        break;
      case ' ':
        if (s.focusIndex >= 0) s.focus(s.focusIndex, 'toggle');
        break;
      case 'a':
        if (e.ctrlKey || e.metaKey) s.selectAll();
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  // j/k from the global keymap arrive as this event.
  useEffect(() => {
    const onMove = (e: Event) => move(useMessages.getState().focusIndex + (e as CustomEvent<number>).detail, false);
    window.addEventListener('stomp-explorer:move', onMove);
    return () => window.removeEventListener('stomp-explorer:move', onMove);
  });

  const activeRow = focusIndex >= 0 && focusIndex >= first && focusIndex <= last ? `msg-row-${focusIndex}` : undefined;

  return (
    <div className="msg-grid-frame">
      <div
        id={MESSAGE_GRID_ID}
        ref={gridRef}
        role="grid"
        aria-label="Messages"
        aria-rowcount={total + 1}
        aria-colcount={COLUMNS.length}
        aria-multiselectable="true"
        aria-activedescendant={activeRow}
        tabIndex={0}
        className="msg-grid"
        onKeyDown={onKeyDown}
        onScroll={onScroll}
      >
        <div role="rowgroup" className="msg-head" ref={headRef} style={{ minWidth: layout.minWidth }}>
          <div
            role="row"
            aria-rowindex={1}
            className={`msg-row msg-head-row${layout.twoLine ? ' two-line' : ''}${layout.compact ? ' compact' : ''}`}
            style={{ gridTemplateColumns: layout.template, minWidth: layout.minWidth }}
          >
            {COLUMNS.map((c) => (
              <div role="columnheader" key={c.key} className={c.key === 'size' ? 'num' : undefined} title={c.label}>
                {c.key === 'redelivered' ? <span aria-label="Redelivered">↻</span> : c.label}
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" className="msg-body" style={{ height: virtualizer.totalSize, minWidth: layout.minWidth }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <MessageRow
                key={item.index}
                index={item.index}
                row={row}
                start={item.start}
                selected={row ? selected.has(row.seq) : false}
                focused={item.index === focusIndex}
                layout={layout}
                onPick={pick}
              />
            );
          })}
        </div>
      </div>
      {!follow && unseen > 0 ? (
        <button
          type="button"
          className="new-pill"
          onClick={() => {
            useMessages.getState().setFollow(true);
          }}
        >
          {unseen.toLocaleString()} new ↓
        </button>
      ) : null}
    </div>
  );
}
