/** One line of the wire log: a frame (→ out, ← in), a heart-beat, a diagnostic, or a marker (a drop, a reconnect). */
import type { WireEntryView } from '../../../../src-core/api';
import { formatBytes, formatTime } from '../../lib/format';

export const WIRE_ROW = 20;

export function WireRow({ index, entry, trimmed, start, dim, picked, onPick }: { index: number; entry: WireEntryView | undefined; trimmed: boolean; start: number; dim: boolean; picked: boolean; onPick(): void }) {
  const style = { transform: `translateY(${start}px)`, height: WIRE_ROW };
  if (!entry) {
    return (
      <div className="wire-row muted" style={style}>
        <span className="wire-seq">{index}</span> {trimmed ? '(no longer kept: the log keeps the newest 100 000 entries)' : 'loading…'}
      </div>
    );
  }
  const arrow = entry.direction === 'out' ? '→' : '←';
  if (entry.kind === 'marker') {
    // Not a frame: something that happened to the link (a drop, a reconnect, a replay), where it happened.
    return (
      <div className="wire-row wire-marker" style={style} role="note">
        <span className="wire-seq">{entry.seq}</span>
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
        <span className="wire-seq">{entry.seq}</span>
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
      <span className="wire-seq">{entry.seq}</span>
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
        <button type="button" className="link wire-open" onClick={onPick} aria-label={`Show frame ${entry.seq}`}>
          ⋯
        </button>
      ) : null}
    </div>
  );
}
