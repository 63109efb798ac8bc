/**
 * The hex view: 16 bytes a row, an 8-digit offset, two groups of 8, an ASCII column with `·`,
 * NUL bytes highlighted. Virtualised, so a 10 MiB body scrolls smoothly. Dragging selects in
 * both columns and shows the offset and length.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type MouseEvent } from 'react';
import { asciiOf } from '../../lib/bytes';

const ROW = 18;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function HexView({ bytes }: { bytes: Uint8Array }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [sel, setSel] = useState<{ a: number; b: number }>();
  const rows = Math.ceil(bytes.length / 16);
  const virtualizer = useVirtualizer({ count: rows, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 20 });
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

  if (!bytes.length) return <p className="muted body-empty">(empty body)</p>;

  return (
    <div className="hex-view">
      <p className="hex-status mono" role="status">
        {sel
          ? `selected offset 0x${lo.toString(16).padStart(8, '0')} (${lo}) · length ${hi - lo + 1}`
          : `${bytes.length.toLocaleString()} bytes · ${rows.toLocaleString()} rows · drag to select`}
      </p>
      <div className="hex-scroll mono" ref={scrollRef} tabIndex={0} aria-label="Body as hex" role="region" onMouseDown={onDown} onMouseOver={onOver}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const start = item.index * 16;
            const cells = [];
            const ascii = [];
            for (let j = 0; j < 16; j++) {
              const i = start + j;
              if (j === 8) cells.push(<span key="gap" className="hex-gap" />);
              if (i >= bytes.length) {
                cells.push(<span key={j} className="hex-byte hex-pad">{'  '}</span>);
                continue;
              }
              const b = bytes[i];
              const cls = `${b === 0 ? ' is-nul' : ''}${i >= lo && i <= hi ? ' is-sel' : ''}`;
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
              <div key={item.index} className="hex-row" style={{ transform: `translateY(${item.start}px)`, height: ROW }}>
                <span className="hex-offset">{start.toString(16).padStart(8, '0')}</span>
                <span className="hex-bytes">{cells}</span>
                <span className="hex-ascii">{ascii}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
