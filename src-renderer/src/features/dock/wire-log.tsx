/**
 * The wire log: every frame out (→) and in (←), heart-beats as grey dots, diagnostics amber.
 * Virtualised; pages older entries with wire.list; follows the tail until scrolled up.
 */
import { useEffect, useRef, useState } from 'react';
import type { WireEntryView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { EmptyState } from '../../components/empty-state';
import { formatBytes, formatTime } from '../../lib/format';
import { useWire, wireEntry, wireTrimmed } from '../../stores/wire-store';
import { useFixedRows } from '../messages/use-fixed-rows';

const ROW = 20;

export function WireLog({ connectionId }: { connectionId: string | undefined }) {
  const total = useWire((s) => (connectionId ? (s.totals[connectionId] ?? 0) : 0));
  useWire((s) => s.version);
  const error = useWire((s) => (connectionId ? s.errors[connectionId] : undefined));
  const [follow, setFollow] = useState(true);
  const [hideBeats, setHideBeats] = useState(false);
  const [picked, setPicked] = useState<number>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmatic = useRef(false);
  // Fixed-height rows: a log of millions of frames costs per update what one of ten does (issue 15).
  const virtualizer = useFixedRows({ count: total, rowHeight: ROW, scrollRef, overscan: 20 });
  const items = virtualizer.rows;
  const { first, last } = virtualizer;

  useEffect(() => {
    if (connectionId) useWire.getState().ensureRange(connectionId, first, last + 1);
  }, [connectionId, first, last, total]);
  const { scrollToIndex } = virtualizer;
  useEffect(() => {
    if (!follow || !total) return;
    programmatic.current = true;
    scrollToIndex(total - 1, 'end');
    requestAnimationFrame(() => (programmatic.current = false));
  }, [follow, total, scrollToIndex]);

  if (!connectionId) return <EmptyState title="No connection">Open a connection to see its frames here.</EmptyState>;
  const pickedEntry = picked !== undefined ? wireEntry(connectionId, picked) : undefined;

  return (
    <div className="wire">
      <div className="pane-toolbar">
        <span className="muted">{total.toLocaleString()} entries</span>
        <span className="legend">
          <span className="dir-out">→ out</span> <span className="dir-in">← in</span> <span className="beat-dot" aria-hidden="true">●</span> heart-beat
        </span>
        <label className="check">
          <input type="checkbox" checked={hideBeats} onChange={(e) => setHideBeats(e.target.checked)} /> Dim heart-beats
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
      </div>
      <ErrorText error={error ? `Cannot load the wire log: ${error.message}` : undefined} />
      <div className="wire-body">
        <div
          className="wire-scroll mono"
          ref={scrollRef}
          role="log"
          aria-label="Wire log entries"
          tabIndex={0}
          onScroll={() => {
            const el = scrollRef.current;
            if (!el || programmatic.current) return;
            setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 1.5);
          }}
        >
          <div style={{ height: virtualizer.totalSize, position: 'relative' }}>
            {items.map((item) => (
              <WireRow
                key={item.index}
                seq={item.index}
                entry={wireEntry(connectionId, item.index)}
                trimmed={wireTrimmed(connectionId, item.index)}
                start={item.start}
                dim={hideBeats}
                picked={picked === item.index}
                onPick={() => setPicked(item.index)}
              />
            ))}
          </div>
        </div>
        {pickedEntry ? <WireDetail entry={pickedEntry} onClose={() => setPicked(undefined)} /> : null}
      </div>
    </div>
  );
}

function WireRow({ seq, entry, trimmed, start, dim, picked, onPick }: { seq: number; entry: WireEntryView | undefined; trimmed: boolean; start: number; dim: boolean; picked: boolean; onPick(): void }) {
  const style = { transform: `translateY(${start}px)`, height: ROW };
  if (!entry) {
    return (
      <div className="wire-row muted" style={style}>
        <span className="wire-seq">{seq}</span> {trimmed ? '(no longer kept: the log keeps the newest 20 000 entries)' : 'loading…'}
      </div>
    );
  }
  const arrow = entry.direction === 'out' ? '→' : '←';
  if (entry.kind === 'marker') {
    // Not a frame: something that happened to the link (a drop, a reconnect, a replay), where it happened.
    return (
      <div className="wire-row wire-marker" style={style} role="note">
        <span className="wire-seq">{seq}</span>
        <span className="wire-time">{formatTime(entry.at)}</span>
        <span className="wire-dir" aria-hidden="true">
          ◆
        </span>
        <span className="wire-marker-text ellipsis" title={entry.text}>
          {entry.text}
        </span>
      </div>
    );
  }
  if (entry.kind === 'heartbeat') {
    return (
      <div className={`wire-row wire-beat${dim ? ' is-dim' : ''}`} style={style}>
        <span className="wire-seq">{seq}</span>
        <span className="wire-time">{formatTime(entry.at)}</span>
        <span className={`wire-dir dir-${entry.direction}`} role="img" aria-label={entry.direction === 'out' ? 'out' : 'in'}>
          {arrow}
        </span>
        <span className="beat-dot" aria-hidden="true">
          ●
        </span>
        <span className="muted">heart-beat</span>
      </div>
    );
  }
  const headers = (entry.headers ?? []).slice(0, 4).map(([n, v]) => `${n}:${v}`).join('  ');
  return (
    <div className={`wire-row${entry.kind === 'diagnostic' ? ' wire-diag' : ''}${picked ? ' is-picked' : ''}`} style={style} onClick={onPick}>
      <span className="wire-seq">{seq}</span>
      <span className="wire-time">{formatTime(entry.at)}</span>
      <span className={`wire-dir dir-${entry.direction}`} role="img" aria-label={entry.direction === 'out' ? 'out' : 'in'}>
        {arrow}
      </span>
      {entry.kind === 'diagnostic' ? (
        <span className="wire-cmd">⚠ {entry.diagnostic}</span>
      ) : (
        <>
          <span className={`wire-cmd cmd-${entry.command}`}>{entry.command}</span>
          <span className="wire-headers ellipsis">{headers}</span>
          {entry.size !== undefined ? <span className="muted">{formatBytes(entry.size)}</span> : null}
          {entry.preview ? <span className="wire-preview ellipsis">{entry.preview}</span> : null}
        </>
      )}
      {entry.kind !== 'diagnostic' ? (
        <button type="button" className="link wire-open" onClick={onPick} aria-label={`Show frame ${seq}`}>
          ⋯
        </button>
      ) : null}
    </div>
  );
}

function WireDetail({ entry, onClose }: { entry: WireEntryView; onClose(): void }) {
  return (
    <aside className="wire-detail mono" aria-label={`Frame ${entry.seq}`}>
      <div className="wire-detail-head">
        <strong>
          {entry.direction === 'out' ? '→' : '←'} {entry.command ?? entry.kind}
        </strong>
        <span className="muted">{formatTime(entry.at)}</span>
        {entry.broker ? <span className="muted">{entry.broker}</span> : null}
        <button type="button" className="icon-button" aria-label="Close frame details" onClick={onClose}>
          ×
        </button>
      </div>
      {(entry.headers ?? []).map(([n, v], i) => (
        <div key={i} className="wire-detail-h">
          <span className="hname">{n}</span>:{v}
        </div>
      ))}
      {entry.preview ? <pre className="wire-detail-body">{entry.preview}</pre> : null}
    </aside>
  );
}
