/** Nothing open yet: the sandbox broker one click away, or a new profile. */
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useConnections } from '../../stores/connections-store';
import { sandboxProfile, useProfiles } from '../../stores/profiles-store';

export function Welcome() {
  const profiles = useProfiles((s) => s.profiles);
  const sandbox = sandboxProfile(profiles);
  const opening = useConnections((s) => (sandbox ? (s.opening[sandbox.id]?.pending ?? false) : false));
  const [error, setError] = useState<string>();
  const others = profiles.filter((p) => p !== sandbox);
  return (
    <div className="welcome">
      <EmptyState title={others.length ? 'Pick a profile on the left to connect' : 'No broker yet?'}>
        <p>STOMP Explorer shows what is on the wire: subscribe, browse, inspect headers and bodies byte for byte, ack, nack, replay.</p>
        <div className="welcome-actions">
          <button
            type="button"
            className="primary big"
            disabled={!sandbox || opening}
            onClick={async () => {
              if (!sandbox) return;
              setError(undefined);
              try {
                await useConnections.getState().open(sandbox.id);
              } catch (e) {
                setError(`The sandbox broker did not start: ${errorText(e)}`);
              }
            }}
          >
            {opening ? 'Starting the sandbox…' : 'Try the built-in sandbox broker'}
          </button>
          <button type="button" className="big" onClick={() => useProfiles.getState().openEditor('new')}>
            New profile
          </button>
        </div>
        {!sandbox && profiles.length ? <p className="hint">This host offers no sandbox profile.</p> : null}
        <ErrorText error={error} />
        <p className="hint">
          Keyboard: <kbd>Ctrl</kbd>/<kbd>⌘</kbd>+<kbd>K</kbd> command palette · <kbd>?</kbd> all shortcuts
        </p>
      </EmptyState>
    </div>
  );
}
