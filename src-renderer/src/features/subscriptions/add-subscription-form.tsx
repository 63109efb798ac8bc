/**
 * Subscribe (or browse) to a destination: completion from the preset's prefixes and the
 * destinations seen; "browse (non-destructive)" only where the broker can browse.
 */
import { useEffect, useState } from 'react';
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { SuggestInput } from '../../components/suggest-input';
import { errorText } from '../../lib/errors';
import { formatHeaderLines, parseHeaderLines, PRESET_PREFIXES, PRESET_SUBSCRIBE_HEADERS } from '../../lib/presets';
import { useSubscriptions } from '../../stores/subscriptions-store';

type AckMode = 'auto' | 'client' | 'client-individual';

export function AddSubscriptionForm({ connection, preset }: { connection: ConnectionView; preset: BrokerPreset | undefined }) {
  const seen = useSubscriptions((s) => s.seenDestinations);
  const [destination, setDestination] = useState('');
  const [ack, setAck] = useState<AckMode>('client-individual');
  const [browse, setBrowse] = useState(false);
  const [headerText, setHeaderText] = useState(() => formatHeaderLines(PRESET_SUBSCRIBE_HEADERS[preset ?? 'generic']));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // A connection of another preset starts from that preset's headers.
  useEffect(() => setHeaderText(formatHeaderLines(PRESET_SUBSCRIBE_HEADERS[preset ?? 'generic'])), [preset]);
  const prefixes = PRESET_PREFIXES[preset ?? 'generic'];
  const suggestions = [...new Set([...prefixes, ...seen])];
  const connected = connection.state === 'connected';

  const submit = async () => {
    const dest = destination.trim();
    if (!dest) {
      setError(`Type a destination, e.g. ${prefixes[0]}orders.`);
      return;
    }
    const parsed = parseHeaderLines(headerText);
    if (parsed.error) {
      setError(parsed.error);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await useSubscriptions.getState().add({ connectionId: connection.id, destination: dest, ack, browse: browse && connection.canBrowse, headers: parsed.headers });
      setDestination('');
      // A browse is a one-off look: the next destination is a subscription unless asked again.
      setBrowse(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="add-sub"
      aria-label="Add subscription"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label htmlFor={`sub-dest-${connection.id}`} className="sr-only">
        Destination
      </label>
      <SuggestInput
        id={`sub-dest-${connection.id}`}
        className="mono"
        placeholder={`${prefixes[0]}orders`}
        value={destination}
        spellCheck={false}
        aria-describedby={`sub-hint-${connection.id}`}
        onValueChange={setDestination}
        suggestions={suggestions}
      />
      <div className="add-sub-row">
        <label className="inline-field">
          <span className="muted">Ack</span>
          <select value={ack} onChange={(e) => setAck(e.target.value as AckMode)} disabled={browse} aria-label="Ack mode">
            <option value="client-individual">client-individual</option>
            <option value="client">client</option>
            <option value="auto">auto</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || !connected}>
          {browse ? 'Browse' : 'Subscribe'}
        </button>
      </div>
      <label className="sub-headers">
        <span className="muted">Headers (name:value per line)</span>
        <textarea
          className="mono"
          rows={2}
          value={headerText}
          spellCheck={false}
          aria-label="Subscription headers"
          placeholder="selector:priority > 4"
          onChange={(e) => setHeaderText(e.target.value)}
        />
      </label>
      {connection.canBrowse ? (
        <label className="check">
          <input type="checkbox" checked={browse} onChange={(e) => setBrowse(e.target.checked)} /> browse (non-destructive)
        </label>
      ) : (
        <p className="hint" id={`sub-hint-${connection.id}`}>
          {connection.state === 'connected'
            ? `${connection.server ?? 'This broker'} cannot browse a queue without consuming it; subscribe with a client ack mode and nack to put messages back.`
            : 'Connect to subscribe.'}
        </p>
      )}
      {connection.canBrowse ? <span id={`sub-hint-${connection.id}`} hidden /> : null}
      <ErrorText error={error} />
    </form>
  );
}
