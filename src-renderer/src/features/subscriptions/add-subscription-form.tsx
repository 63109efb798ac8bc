/**
 * Subscribe (or browse) to a destination: completion from the preset's prefixes and the
 * destinations seen; "browse (non-destructive)" only where the broker can browse.
 */
import { useEffect, useState } from 'react';
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { SuggestInput } from '../../components/suggest-input';
import { toUiError, type UiError } from '../../lib/errors';
import { headerNameProblem } from '../../lib/header-text';
import { formatHeaderLines, parseHeaderLines, PRESET_PREFIXES, PRESET_SELECTOR_EXAMPLE, PRESET_SUBSCRIBE_HEADERS } from '../../lib/presets';
import { useSubscriptions } from '../../stores/subscriptions-store';

type AckMode = 'auto' | 'client' | 'client-individual';

export function AddSubscriptionForm({ connection, preset }: { connection: ConnectionView; preset: BrokerPreset | undefined }) {
  const seen = useSubscriptions((s) => s.seenDestinations);
  const [destination, setDestination] = useState('');
  const [ack, setAck] = useState<AckMode>('client-individual');
  const [browse, setBrowse] = useState(false);
  const [headerText, setHeaderText] = useState(() => formatHeaderLines(PRESET_SUBSCRIBE_HEADERS[preset ?? 'generic']));
  const [selector, setSelector] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | string>();
  const selectorExample = PRESET_SELECTOR_EXAMPLE[preset ?? 'generic'];
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
    const bad = parsed.headers.map(([name]) => headerNameProblem(name, true)).find(Boolean);
    if (bad) {
      setError(bad);
      return;
    }
    // The selector field wins over a selector line in the headers box: one selector, the one shown.
    const headers = selector.trim() ? [...parsed.headers.filter(([n]) => n !== 'selector'), ['selector', selector.trim()] as [string, string]] : parsed.headers;
    setBusy(true);
    setError(undefined);
    try {
      await useSubscriptions.getState().add({ connectionId: connection.id, destination: dest, ack, browse: browse && connection.canBrowse, headers });
      setDestination('');
      // A browse is a one-off look: the next destination is a subscription unless asked again.
      setBrowse(false);
    } catch (e) {
      // The broker's words in one line; its whole answer (an ActiveMQ stack trace) one click away.
      const failure = toUiError(e);
      setError({ ...failure, message: `Subscribing to ${dest} failed: ${failure.message}` });
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
      {selectorExample ? (
        <label className="sub-headers">
          <span className="muted">Selector</span>
          <input
            className="mono"
            value={selector}
            spellCheck={false}
            aria-label="Selector"
            aria-describedby={`sub-selector-hint-${connection.id}`}
            placeholder={selectorExample}
            onChange={(e) => setSelector(e.target.value)}
          />
          <span className="hint" id={`sub-selector-hint-${connection.id}`}>
            Only messages that match, in the broker’s syntax, e.g. <code className="mono">{selectorExample}</code>
          </span>
        </label>
      ) : null}
      <label className="sub-headers">
        <span className="muted">Headers (name:value per line)</span>
        <textarea
          className="mono"
          rows={2}
          value={headerText}
          spellCheck={false}
          aria-label="Subscription headers"
          placeholder={formatHeaderLines(PRESET_SUBSCRIBE_HEADERS[preset ?? 'generic']) || 'prefetch-count:100'}
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
