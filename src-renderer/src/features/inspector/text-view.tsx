/**
 * The body as UTF-8 text, a page of 1 MiB at a time (a larger body gets a pager), its lines
 * wrapped to the pane's width and shown as fixed-height virtual rows: a page is decoded and cut
 * into rows once (a few ms), and scrolling renders only the rows on screen. Pages start and end on
 * character boundaries, so no character is split between two of them.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useWidth } from '../../lib/use-width';
import { useFixedRows } from '../messages/use-fixed-rows';
import { useBodyVersion, type BodySource } from './body-source';

export const TEXT_PAGE_BYTES = 1024 * 1024;
const ROW = 18;
const decoder = new TextDecoder('utf-8');

export interface TextLayout {
  readonly text: string;
  /** Row r shows text[starts[r], ends[r]); `breaks[r]` when a line ends there. */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  readonly breaks: Uint8Array;
  readonly rows: number;
  /** Body offsets of the page's first and last byte + 1. */
  readonly from: number;
  readonly to: number;
}

/**
 * Decodes page `page` of the body from `bytes` (its bytes and up to 3 after) and cuts it into rows
 * of at most `wrap` characters. A page begins after any continuation bytes at its start (they
 * belong to the previous page's last character) and ends after those following its last byte.
 */
export function layoutTextPage(bytes: Uint8Array, page: number, size: number, wrap: number): TextLayout {
  let s = 0;
  if (page > 0) while (s < 3 && s < bytes.length && (bytes[s] & 0xc0) === 0x80) s++;
  let e = Math.min(bytes.length, TEXT_PAGE_BYTES);
  while (e < bytes.length && (bytes[e] & 0xc0) === 0x80) e++;
  const text = decoder.decode(bytes.subarray(s, e));
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = [];
  for (let pos = 0; pos <= text.length; ) {
    let eol = text.indexOf('\n', pos);
    const last = eol < 0;
    if (last) eol = text.length;
    if (last && pos === text.length && pos > 0) break;
    for (let a = pos; ; a += wrap) {
      const b = Math.min(eol, a + wrap);
      starts.push(a);
      ends.push(b);
      breaks.push(b === eol && !last ? 1 : 0);
      if (b >= eol) break;
    }
    pos = eol + 1;
  }
  const from = page * TEXT_PAGE_BYTES + s;
  return { text, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), breaks: Uint8Array.from(breaks), rows: starts.length, from, to: Math.min(size, page * TEXT_PAGE_BYTES + e) };
}

export function TextView({ source }: { source: BodySource }) {
  useBodyVersion(source);
  const size = source.size;
  const pages = Math.max(1, Math.ceil(size / TEXT_PAGE_BYTES));
  const [page, setPage] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const probeRef = useRef<HTMLSpanElement>(null);
  const width = useWidth(scrollRef);
  const [charWidth, setCharWidth] = useState(7.2);
  useLayoutEffect(() => {
    const w = probeRef.current?.getBoundingClientRect().width;
    if (w) setCharWidth(w / 10);
  }, []);
  // Laid out once the pane's width is known (a first layout at a wrong width would be wasted).
  const wrap = width > 0 ? Math.max(20, Math.floor((width - 24) / charWidth)) : 0;
  const layouts = useMemo(() => new Map<string, TextLayout>(), [source]);

  const key = `${page}:${wrap}`;
  let layout = layouts.get(key);
  const start = page * TEXT_PAGE_BYTES;
  const end = Math.min(size, start + TEXT_PAGE_BYTES + 3);
  if (!layout && wrap > 0) {
    const bytes = source.slice(start, end);
    if (bytes) {
      layout = layoutTextPage(bytes, page, size, wrap);
      if (layouts.size > 6) layouts.clear();
      layouts.set(key, layout);
    }
  }
  const failed = layout ? undefined : source.errorIn(start, end);
  const virtual = useFixedRows({ count: layout?.rows ?? 0, rowHeight: ROW, scrollRef, overscan: 20 });

  const go = (next: number) => {
    setPage(Math.max(0, Math.min(pages - 1, next)));
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  if (!size) return <p className="muted body-empty">(empty body)</p>;
  return (
    <div className="body-paged">
      {pages > 1 ? (
        <div className="body-pager" role="group" aria-label="Text pages">
          <button type="button" className="small" onClick={() => go(page - 1)} disabled={page === 0}>
            ‹ Previous page
          </button>
          <span className="mono muted" role="status">
            {layout ? `bytes ${layout.from.toLocaleString()}–${(layout.to - 1).toLocaleString()} of ${size.toLocaleString()}` : 'loading…'} · page {page + 1} of {pages}
          </span>
          <button type="button" className="small" onClick={() => go(page + 1)} disabled={page >= pages - 1}>
            Next page ›
          </button>
        </div>
      ) : null}
      {failed ? <p className="error-text">Cannot load this part of the body: {failed}</p> : null}
      <span ref={probeRef} className="body-probe mono" aria-hidden="true">
        0000000000
      </span>
      <div className="body-scroll body-text-rows mono" ref={scrollRef} tabIndex={0} role="region" aria-label="Body as text">
        <div style={{ height: virtual.totalSize, position: 'relative' }}>
          {layout
            ? virtual.rows.map((row) => (
                <div key={row.index} className="body-line" style={{ transform: `translateY(${row.start}px)`, height: ROW }}>
                  {layout.text.slice(layout.starts[row.index], layout.ends[row.index])}
                  {layout.breaks[row.index] ? '\n' : ''}
                </div>
              ))
            : null}
        </div>
        {!layout && !failed ? <p className="muted body-empty">loading…</p> : null}
      </div>
    </div>
  );
}
