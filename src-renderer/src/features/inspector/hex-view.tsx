/**
 * The hex view: 16 bytes a row, an 8-digit offset, two groups of 8, an ASCII column with `·`,
 * NUL bytes highlighted. Fixed-height virtual rows over the body's pages: a 100 MiB body (6.5
 * million rows) scrolls like a 1 KiB one, and only the pages on screen are fetched. Dragging
 * selects in both columns and shows the offset and length.
 */
import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { asciiOf } from '../../lib/bytes';
import { useFixedRows } from '../messages/use-fixed-rows';
import { useBodyVersion, type BodySource } from './body-source';

const ROW = 18;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** `highlight`: bytes [start, end) to mark (a decoded field's), scrolled into view when it changes. */
export function HexView({ source, highlight }: { source: BodySource; highlight?: { start: number; end: number } }) {
  useBodyVersion(source);
  const scrollRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !highlight) return;
    const top = Math.floor(highlight.start / 16) * ROW;
    if (top < el.scrollTop || top + ROW > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - ROW * 2);
  }, [highlight?.start, highlight?.end]);
  const [sel, setSel] = useState<{ a: number; b: number }>();
  const size = source.size;
  const rowCount = Math.ceil(size / 16);
  const virtual = useFixedRows({ count: rowCount, rowHeight: ROW, scrollRef, overscan: 6 });
  const lo = sel ? Math.min(sel.a, sel.b) : -1;
  const hi = sel ? Math.max(sel.a, sel.b) : -2;

  const byteAt = (e: MouseEvent) => {
    const i = (e.target as HTMLElement).dataset.i;
    return i === undefined ? undefined : Number(i);
  };
  const onDown = (e: MouseEvent) => {
    const i = byteAt(e);
    if (i === undefined) return;
    e.preventDefault();
    setSel(e.shiftKey && sel ? { a: sel.a, b: i } : { a: i, b: i });
  };
  const onOver = (e: MouseEvent) => {
    if (!(e.buttons & 1) || !sel) return;
    const i = byteAt(e);
    if (i !== undefined && i !== sel.b) setSel({ a: sel.a, b: i });
  };

  if (!size) return <p className="muted body-empty">(empty body)</p>;
  const rows = virtual.rows;
  const from = rows.length ? rows[0].index * 16 : 0;
  const to = rows.length ? (rows[rows.length - 1].index + 1) * 16 : 0;
  const bytes = source.slice(from, to);
  const failed = bytes ? undefined : source.errorIn(from, to);

  return (
    <div className="hex-view">
      <p className="hex-status mono" role="status">
        {sel
          ? `selected offset 0x${lo.toString(16).padStart(8, '0')} (${lo}) · length ${hi - lo + 1}`
          : `${size.toLocaleString()} bytes · ${rowCount.toLocaleString()} rows · drag to select`}
      </p>
      {failed ? <p className="error-text">Cannot load this part of the body: {failed}</p> : null}
      <div className="hex-scroll body-scroll mono" ref={scrollRef} tabIndex={0} aria-label="Body as hex" role="region" onMouseDown={onDown} onMouseOver={onOver}>
        <div style={{ height: virtual.totalSize, position: 'relative' }}>
          {rows.map((row) => (
            <div key={row.index} className="hex-row" style={{ transform: `translateY(${row.start}px)`, height: ROW }}>
              <span className="hex-offset">{(row.index * 16).toString(16).padStart(8, '0')}</span>
              {bytes ? hexCells(bytes, row.index * 16 - from, row.index * 16, size, lo, hi, highlight) : <span className="muted">loading…</span>}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

/** One row's byte cells and ASCII cells; `at` indexes `bytes`, `offset` is the body offset. */
function hexCells(bytes: Uint8Array, at: number, offset: number, size: number, lo: number, hi: number, highlight?: { start: number; end: number }): ReactNode {
  const cells: ReactNode[] = [];
  const ascii: ReactNode[] = [];
  for (let j = 0; j < 16; j++) {
    const i = offset + j;
    if (j === 8) cells.push(<span key="gap" className="hex-gap" />);
    if (i >= size) {
      cells.push(
        <span key={j} className="hex-byte hex-pad">
          {'  '}
        </span>,
      );
      continue;
    }
    const b = bytes[at + j];
    const cls = `${b === 0 ? ' is-nul' : ''}${i >= lo && i <= hi ? ' is-sel' : ''}${highlight && i >= highlight.start && i < highlight.end ? ' is-hl' : ''}`;
    cells.push(
      <span key={j} data-i={i} className={`hex-byte${cls}`}>
        {HEX[b]}
      </span>,
    );
    ascii.push(
      <span key={j} data-i={i} className={`hex-char${cls}`}>
        {asciiOf(b)}
      </span>,
    );
  }
  return (
    <>
      <span className="hex-bytes">{cells}</span>
      <span className="hex-ascii">{ascii}</span>
    </>
  );
}
