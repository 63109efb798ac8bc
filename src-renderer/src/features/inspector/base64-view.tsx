/**
 * The body as base64, 76 characters a line (57 bytes, as MIME writes it): fixed-height virtual
 * rows over the body's pages, so a 100 MiB body (1.8 million lines) is encoded only where it is
 * on screen. "Copy all" builds the whole text only when asked, for bodies that fit a clipboard.
 */
import { useRef, useState } from 'react';
import { bytesToBase64 } from '../../lib/bytes';
import { useFixedRows } from '../messages/use-fixed-rows';
import { useBodyVersion, type BodySource } from './body-source';

const ROW = 18;
const BYTES_PER_LINE = 57;
/** Larger bodies are not offered whole to the clipboard. */
const COPY_LIMIT = 16 * 1024 * 1024;

export function Base64View({ source, onCopied }: { source: BodySource; onCopied(text: string): void }) {
  useBodyVersion(source);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const size = source.size;
  const lines = Math.ceil(size / BYTES_PER_LINE);
  const virtual = useFixedRows({ count: lines, rowHeight: ROW, scrollRef, overscan: 20 });
  if (!size) return <p className="muted body-empty">(empty body)</p>;
  const rows = virtual.rows;
  const from = rows.length ? rows[0].index * BYTES_PER_LINE : 0;
  const to = rows.length ? (rows[rows.length - 1].index + 1) * BYTES_PER_LINE : 0;
  const bytes = source.slice(from, to);
  const failed = bytes ? undefined : source.errorIn(from, to);

  const copyAll = async () => {
    setBusy(true);
    try {
      const text = bytesToBase64(await source.whole());
      await navigator.clipboard.writeText(text);
      onCopied(`Copied the body as base64 (${text.length.toLocaleString()} characters)`);
    } catch (error) {
      onCopied(`Could not copy the body as base64: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="body-paged">
      <p className="body-status mono">
        {`${size.toLocaleString()} bytes · ${(Math.ceil(size / 3) * 4).toLocaleString()} base64 characters · ${lines.toLocaleString()} lines`}
        {size <= COPY_LIMIT ? (
          <button type="button" className="small link" disabled={busy} onClick={() => void copyAll()}>
            Copy all
          </button>
        ) : null}
      </p>
      {failed ? <p className="error-text">Cannot load this part of the body: {failed}</p> : null}
      <div className="body-scroll mono" ref={scrollRef} tabIndex={0} role="region" aria-label="Body as base64">
        <div style={{ height: virtual.totalSize, position: 'relative' }}>
          {rows.map((row) => {
            const start = row.index * BYTES_PER_LINE - from;
            const text = bytes ? bytesToBase64(bytes.subarray(start, start + BYTES_PER_LINE)) : 'loading…';
            return (
              <div key={row.index} className={`body-line${bytes ? '' : ' muted'}`} style={{ transform: `translateY(${row.start}px)`, height: ROW }}>
                {text}
                {'\n'}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
