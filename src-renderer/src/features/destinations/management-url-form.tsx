/**
 * Where RabbitMQ's management API is, for one profile: blank uses the derived one (the broker's
 * host, port 15672, or 15671 over TLS). The profile's login and passcode are used; they never
 * belong in the URL, and the host refuses one that carries them.
 */
import { useState } from 'react';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useDestinations } from '../../stores/destinations-store';

export function ManagementUrlForm({ profileId, current, derived, onDone }: { profileId: string; current: string | undefined; derived: string | undefined; onDone: () => void }) {
  const [text, setText] = useState(current ?? '');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const save = async (value: string | null) => {
    setBusy(true);
    setError(undefined);
    try {
      await useDestinations.getState().saveManagementUrl(profileId, value);
      onDone();
    } catch (e) {
      // "destinations.setSettings: managementUrl: the management API is reached over http or https…" → the problem alone.
      setError(errorText(e).replace(/^destinations\.setSettings: managementUrl: /, ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="mgmt-form"
      aria-label="Management API URL"
      onSubmit={(e) => {
        e.preventDefault();
        void save(text.trim() ? text.trim() : null);
      }}
    >
      <label htmlFor={`mgmt-url-${profileId}`}>Management API URL</label>
      <input
        id={`mgmt-url-${profileId}`}
        className="mono"
        type="url"
        value={text}
        placeholder={derived ?? 'http://host:15672/'}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`mgmt-url-help-${profileId}`}
      />
      <button type="submit" className="small" disabled={busy}>
        Save URL
      </button>
      {current ? (
        <button type="button" className="small" disabled={busy} onClick={() => void save(null)}>
          Use the derived URL
        </button>
      ) : null}
      <button type="button" className="small" onClick={onDone}>
        Cancel
      </button>
      <div id={`mgmt-url-help-${profileId}`} className="mgmt-help">
        {error ? <ErrorText error={error} /> : <span className="muted">Blank: {derived ?? 'the broker’s host, port 15672'}. The profile’s login and passcode are sent to it.</span>}
      </div>
    </form>
  );
}
