/**
 * Frames waiting in the hold, oldest first: each holds its direction of its connection (order is
 * kept), so the rest of that way waits behind it. Forward lets it go as it came, Edit & forward
 * sends an edited frame in its place, Drop leaves it out.
 */
import { useState } from 'react';
import type { HeldFrameView } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { formatBytes, formatTime } from '../../lib/format';
import { useProxies } from '../../stores/proxy-store';
import { EditFrameDialog } from './edit-frame-dialog';

export function HoldQueue({ proxyId, held, logId }: { proxyId: string; held: readonly HeldFrameView[]; logId: string | undefined }) {
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<HeldFrameView>();
  const act = async (frame: HeldFrameView, action: 'forward' | 'drop') => {
    setError(undefined);
    try {
      await useProxies.getState().release({ id: proxyId, connection: frame.connection, frameSeq: frame.frameSeq, action });
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (held.length === 0) {
    return (
      <EmptyState title="Nothing held">
        <p>Frames matching a hold rule wait here for Forward, Edit &amp; forward or Drop; the rest flows.</p>
      </EmptyState>
    );
  }
  return (
    <div className="proxy-hold-queue">
      <ErrorText error={error} />
      <ul aria-label="Held frames">
        {held.map((h) => {
          const destination = h.headers.find(([n]) => n === 'destination')?.[1];
          const name = `${h.command}${destination ? ` ${destination}` : ''} on connection ${h.connection}`;
          return (
            <li key={`${h.connection}:${h.frameSeq}`} className="proxy-held" aria-label={`Held ${name}`}>
              <div className="proxy-held-facts">
                <span className="chip chip-warn">held</span>
                <span className="mono">
                  #{h.connection} {h.direction === 'client-to-broker' ? '→' : '←'} {h.command}
                </span>
                {destination ? <span className="mono ellipsis">{destination}</span> : null}
                <span className="muted">
                  {formatBytes(h.bodySize)} · rule {h.rule} · since {formatTime(h.at)}
                </span>
                {logId && h.logSeq >= 0 ? (
                  <button type="button" className="small" onClick={() => void useProxies.getState().select(logId, h.logSeq)}>
                    Inspect
                  </button>
                ) : null}
              </div>
              <div className="proxy-held-actions">
                <button type="button" className="small primary" aria-label={`Forward ${name}`} onClick={() => void act(h, 'forward')}>
                  Forward
                </button>
                <button type="button" className="small" aria-label={`Edit & forward ${name}`} onClick={() => setEditing(h)}>
                  Edit &amp; forward
                </button>
                <button type="button" className="small proxy-danger" aria-label={`Drop ${name}`} onClick={() => void act(h, 'drop')}>
                  Drop
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <EditFrameDialog
        open={editing !== undefined}
        title={editing ? `Edit ${editing.command} before forwarding` : 'Edit frame'}
        initial={editing ? { command: editing.command, headers: editing.headers, bodyBase64: editing.bodyBase64, bodyCut: editing.bodySize > atob(editing.bodyBase64).length } : undefined}
        submitLabel="Forward edited frame"
        onClose={() => setEditing(undefined)}
        onSubmit={async (frame) => {
          if (!editing) return;
          try {
            await useProxies.getState().release({ id: proxyId, connection: editing.connection, frameSeq: editing.frameSeq, action: 'edit', frame });
          } catch (e) {
            throw new Error(errorText(e));
          }
        }}
      />
    </div>
  );
}
