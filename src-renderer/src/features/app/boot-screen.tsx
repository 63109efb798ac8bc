/** Before the host answers: what the link is doing, and why it fails when it does. */
import { useEffect, useState } from 'react';
import { linkState, onLinkState } from '../../api-client';
import type { BridgeState } from '../../bridge';
import type { BootState } from './use-bootstrap';

export function BootScreen({ state }: { state: BootState }) {
  const [link, setLink] = useState<BridgeState | undefined>(() => safeLinkState());
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), 3000);
    let stop: (() => void) | undefined;
    try {
      stop = onLinkState(setLink);
    } catch {
      stop = undefined;
    }
    return () => {
      clearTimeout(timer);
      stop?.();
    };
  }, []);
  return (
    <main className="boot">
      <h1>STOMP Explorer</h1>
      {state.phase === 'starting' ? (
        <div role="status">
          <p>Connecting to the app host…</p>
          {link?.error ? (
            <p className="hint">
              {link.error.message.replace(/\.+$/, '')}. Still trying{link.attempt ? ` (attempt ${link.attempt})` : ''}.
            </p>
          ) : slow ? (
            <p className="hint">No answer yet. Is the app still running? In browser mode, open the exact address it printed: the token in it changes every time it starts.</p>
          ) : null}
        </div>
      ) : (
        <div role="alert" className="boot-error">
          <p>
            <strong>Cannot reach the STOMP Explorer host.</strong>
          </p>
          <p className="mono">{state.phase === 'failed' ? state.message : ''}</p>
          <p className="hint">In browser mode, open the exact address the app printed (it carries the access token), and keep the app running.</p>
          <button type="button" className="primary" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      )}
    </main>
  );
}

function safeLinkState(): BridgeState | undefined {
  try {
    return linkState();
  } catch {
    return undefined;
  }
}
