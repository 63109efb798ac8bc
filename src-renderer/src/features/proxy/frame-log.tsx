/**
 * A proxy log: both directions interleaved (→ to the broker, ← to the client), heart-beats as
 * grey dots, diagnostics and held frames highlighted. Virtualised with @tanstack/react-virtual and
 * paged from the host; follows the tail until scrolled up. Rows are keyboard-reachable: Enter or
 * a click opens a frame in the inspector, ↑/↓ move between rows.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { ProxyLogEntry } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { formatBytes, formatTime } from '../../lib/format';
import { useProxies } from '../../stores/proxy-store';

const ROW = 22;

export function FrameLog({ logId }: { logId: string }) {
  const log = useProxies((s) => s.logs[logId]);
  const selected = useProxies((s) => (s.selected?.logId === logId ? s.selected.seq : undefined));
  const [follow, setFollow] = useState(true);
  const [dimBeats, setDimBeats] = useState(true);
  const scrollRef = useRef<HTMLDivElement>(null);
  const programmatic = useRef(false);
  const first = log?.view.first ?? 0;
  const count = log ? log.view.total - first : 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 20 });
  const items = virtualizer.getVirtualItems();
  const from = items.length ? first + items[0].index : first;
  const to = items.length ? first + items[items.length - 1].index + 1 : first;

  useEffect(() => {
    if (count) useProxies.getState().ensureRows(logId, from, to);
  }, [logId, from, to, count]);
  useEffect(() => {
    if (!follow || !count) return;
    programmatic.current = true;
    virtualizer.scrollToIndex(count - 1, { align: 'end' });
    requestAnimationFrame(() => (programmatic.current = false));
  }, [follow, count, virtualizer]);

  const open = (entry: ProxyLogEntry | undefined) => {
    if (entry?.kind === 'frame') void useProxies.getState().select(logId, entry.seq);
  };
  const move = (seq: number, by: number) => {
    const next = seq + by;
    if (next < first || next >= first + count) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-seq="${next}"]`);
    virtualizer.scrollToIndex(next - first);
    requestAnimationFrame(() => (row ?? scrollRef.current?.querySelector<HTMLElement>(`[data-seq="${next}"]`))?.focus());
  };

  return (
    <div className="proxy-log">
      <div className="pane-toolbar">
        <span className="muted">{count.toLocaleString()} entries</span>
        <span className="legend">
          <span className="dir-out">→ broker</span> <span className="dir-in">← client</span> <span className="beat-dot" aria-hidden="true">●</span> beat
        </span>
        <label className="check">
          <input type="checkbox" checked={dimBeats} onChange={(e) => setDimBeats(e.target.checked)} /> Dim beats
        </label>
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
      </div>
      <ErrorText error={log?.error ? `Cannot load the log: ${log.error.message}` : undefined} />
      <div
        className="proxy-log-scroll mono"
        ref={scrollRef}
        role="log"
        aria-label="Proxied frames"
        tabIndex={0}
        onScroll={() => {
          const el = scrollRef.current;
          if (!el || programmatic.current) return;
          setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - ROW * 1.5);
        }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const seq = first + item.index;
            const entry = log?.rows.get(seq);
            return (
              <LogRow
                key={seq}
                seq={seq}
                entry={entry}
                start={item.start}
                dim={dimBeats}
                selected={selected === seq}
                onOpen={() => open(entry)}
                onMove={(by) => move(seq, by)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

const ARROWS = { 'client-to-broker': '→', 'broker-to-client': '←' } as const;

function LogRow({ seq, entry, start, dim, selected, onOpen, onMove }: { seq: number; entry: ProxyLogEntry | undefined; start: number; dim: boolean; selected: boolean; onOpen(): void; onMove(by: number): void }) {
  const style = { transform: `translateY(${start}px)`, height: ROW };
  if (!entry) {
    return (
      <div className="proxy-row muted" style={style} data-seq={seq}>
        <span className="proxy-seq">{seq}</span> loading…
      </div>
    );
  }
  const arrow = entry.direction ? ARROWS[entry.direction] : '◆';
  const dirClass = entry.direction === 'client-to-broker' ? 'dir-out' : entry.direction === 'broker-to-client' ? 'dir-in' : '';
  const kindClass = entry.kind === 'diagnostic' ? ' is-diagnostic' : entry.kind === 'heartbeat' ? ` is-beat${dim ? ' is-dim' : ''}` : entry.kind === 'frame' ? '' : ' is-event';
  const statusClass = entry.status ? ` status-${entry.status}` : '';
  const frame = entry.kind === 'frame';
  return (
    // A frame row is named by what it shows (a label of its own would hide the visible text from
    // speech input); the arrow's meaning is spelled out for screen readers.
    <div
      className={`proxy-row${kindClass}${statusClass}${selected ? ' is-selected' : ''}`}
      style={style}
      data-seq={seq}
      role={frame ? 'button' : 'note'}
      tabIndex={frame ? 0 : -1}
      aria-label={frame ? undefined : describe(entry)}
      aria-pressed={frame ? selected : undefined}
      onClick={frame ? onOpen : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          onMove(e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <span className="proxy-seq">{seq}</span>
      <span className="proxy-time">{formatTime(entry.at)}</span>
      <span className="proxy-conn">{entry.connection ? `#${entry.connection}` : ''}</span>
      <span className={`proxy-dir ${dirClass}`}>
        <span aria-hidden="true">{arrow}</span>
        {entry.direction ? <span className="sr-only">{entry.direction === 'client-to-broker' ? 'to broker' : 'to client'}</span> : null}
      </span>
      {frame ? (
        <>
          <span className="proxy-command">{entry.command}</span>
          <span className="proxy-summary ellipsis">{entry.summary ?? ''}</span>
          {entry.diagnostics ? (
            <span className="chip proxy-chip-bad">
              <span aria-hidden="true">⚠</span> {entry.diagnostics}
              <span className="sr-only"> diagnostic(s)</span>
            </span>
          ) : null}
          {entry.status ? <span className={`chip proxy-status-chip status-${entry.status}`}>{entry.status}</span> : null}
          <span className="proxy-size">{entry.size !== undefined ? formatBytes(entry.size) : ''}</span>
        </>
      ) : entry.kind === 'heartbeat' ? (
        <>
          <span className="beat-dot" aria-hidden="true">
            ●
          </span>
          <span className="muted">heart-beat</span>
        </>
      ) : entry.kind === 'diagnostic' ? (
        <>
          <span className="proxy-command">⚠ {entry.rule}</span>
          <span className="proxy-summary ellipsis" title={entry.message}>
            at byte {entry.offset}: {entry.message}
          </span>
        </>
      ) : (
        <span className="proxy-summary ellipsis" title={entry.message}>
          {entry.kind}: {entry.message}
        </span>
      )}
    </div>
  );
}

/** A note row's accessible name (a frame row is named by its text). */
function describe(entry: ProxyLogEntry): string {
  const way = entry.direction === 'client-to-broker' ? 'to broker' : entry.direction === 'broker-to-client' ? 'to client' : '';
  if (entry.kind === 'diagnostic') return `Diagnostic ${entry.rule} ${way} at byte ${entry.offset}: ${entry.message}`;
  if (entry.kind === 'heartbeat') return `Heart-beat ${way}`;
  return `${entry.kind} of connection ${entry.connection}: ${entry.message ?? ''}`;
}
