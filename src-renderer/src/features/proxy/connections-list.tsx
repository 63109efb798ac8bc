/** The proxied connections: client → broker, version and heart-beats, frames each way, and Drop. */
import type { ProxyConnectionView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { formatPeriod } from '../../lib/format';
import { useState } from 'react';
import { errorText } from '../../lib/errors';

export function ConnectionsList({ connections, onDrop }: { connections: readonly ProxyConnectionView[]; onDrop?: (connection: number) => Promise<void> }) {
  const [error, setError] = useState<string>();
  return (
    <section className="pane proxy-connections" aria-labelledby="proxy-connections-h">
      <div className="pane-toolbar">
        <h2 className="pane-title" id="proxy-connections-h">
          Connections
        </h2>
        <span className="muted">{connections.filter((c) => c.state !== 'closed').length} open</span>
      </div>
      <ErrorText error={error} />
      {connections.length === 0 ? <p className="note">None yet: point a client at the listen address.</p> : null}
      <ul className="proxy-connection-list" aria-label="Proxied connections">
        {[...connections].reverse().map((c) => (
          <li key={c.id} className={`proxy-connection${c.state === 'closed' ? ' is-closed' : ''}`}>
            <div className="proxy-connection-head">
              <span className="mono">#{c.id}</span>
              <span className={`state state-compact ${c.state === 'closed' ? 'state-disconnected' : 'state-connected'}`}>
                <span className="state-dot" aria-hidden="true" />
                <span className="state-word">{c.state}</span>
              </span>
              {c.diagnostics ? <span className="chip proxy-chip-bad">⚠ {c.diagnostics}</span> : null}
              {onDrop && c.state !== 'closed' ? (
                <button
                  type="button"
                  className="small"
                  aria-label={`Drop connection ${c.id}`}
                  onClick={() => {
                    setError(undefined);
                    onDrop(c.id).catch((e: unknown) => setError(errorText(e)));
                  }}
                >
                  Drop
                </button>
              ) : null}
            </div>
            <div className="mono proxy-connection-route">
              {c.client} → {c.broker || 'no broker'}
            </div>
            <div className="muted">
              {c.version ? `STOMP ${c.version}` : 'not negotiated'}
              {c.heartBeat ? ` · heart-beat ${c.heartBeat[0] ? formatPeriod(c.heartBeat[0]) : 'off'}/${c.heartBeat[1] ? formatPeriod(c.heartBeat[1]) : 'off'}` : ''}
              {` · → ${c.frames['client-to-broker']} ← ${c.frames['broker-to-client']} frames`}
            </div>
            {c.closeReason ? <div className="muted">closed ({c.closedBy}): {c.closeReason}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
