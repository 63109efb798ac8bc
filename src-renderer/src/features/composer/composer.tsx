/** The composer: destination, headers, body, receipt, copies, transaction; Ctrl/Cmd+Enter sends. */
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { useEffect } from 'react';
import { ErrorText } from '../../components/error-text';
import { SuggestInput } from '../../components/suggest-input';
import { formatTime } from '../../lib/format';
import { headerSuggestions, PRESET_PREFIXES, PRESET_SEND_HEADERS } from '../../lib/presets';
import { useComposer } from '../../stores/composer-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { useTransactions } from '../../stores/transactions-store';
import { BodyEditor } from './body-editor';
import { HeaderRows } from './header-rows';
import { TemplatesMenu } from './templates-menu';

export const COMPOSER_DESTINATION_ID = 'composer-destination';

export function Composer({ connection, preset }: { connection: ConnectionView | undefined; preset: BrokerPreset | undefined }) {
  const destination = useComposer((s) => s.destination);
  const receipt = useComposer((s) => s.receipt);
  const copies = useComposer((s) => s.copies);
  const sending = useComposer((s) => s.sending);
  const outcome = useComposer((s) => s.outcome);
  const error = useComposer((s) => s.error);
  const seen = useSubscriptions((s) => s.seenDestinations);
  const transactions = useTransactions((s) => (connection ? s.byConnection[connection.id] : undefined)) ?? [];
  const currentTx = useTransactions((s) => (connection ? s.current[connection.id] : undefined));
  const patch = useComposer.getState().patch;
  const connected = connection?.state === 'connected';
  const prefixes = PRESET_PREFIXES[preset ?? 'generic'];
  // A broker's usual headers appear on a message nobody has started editing.
  useEffect(() => useComposer.getState().applyPresetDefaults(PRESET_SEND_HEADERS[preset ?? 'generic']), [preset]);

  const send = () => {
    if (!connection) return;
    patch({ transactionId: currentTx });
    void useComposer.getState().send(connection.id);
  };

  return (
    <form
      className="composer"
      aria-label="Composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          send();
        }
      }}
    >
      <div className="composer-top">
        <div className="field grow">
          <label htmlFor={COMPOSER_DESTINATION_ID}>Destination</label>
          <SuggestInput
            id={COMPOSER_DESTINATION_ID}
            className="mono"
            value={destination}
            placeholder={`${prefixes[0]}orders`}
            spellCheck={false}
            onValueChange={(v) => patch({ destination: v })}
            suggestions={[...new Set([...prefixes, ...seen])]}
          />
        </div>
        <div className="field narrow">
          <label htmlFor="composer-copies">Copies</label>
          <input id="composer-copies" type="number" min={1} max={100000} value={copies} onChange={(e) => patch({ copies: Math.max(1, Math.min(100000, Number(e.target.value) || 1)) })} />
        </div>
        <div className="field">
          <label htmlFor="composer-tx">Transaction</label>
          <select id="composer-tx" value={currentTx ?? ''} onChange={(e) => connection && useTransactions.getState().use(connection.id, e.target.value || undefined)} disabled={!connection}>
            <option value="">none</option>
            {transactions.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id}
              </option>
            ))}
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={receipt} onChange={(e) => patch({ receipt: e.target.checked })} /> Request receipt
        </label>
        <TemplatesMenu onStatus={(ok, text) => useComposer.setState(ok ? { outcome: { ok, text, at: Date.now() }, error: undefined } : { error: { code: 'template', message: text }, outcome: undefined })} />
        <button type="submit" className="primary" disabled={!connected || sending} title="Ctrl/Cmd+Enter">
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {!connected ? (
        <p className="hint">{connection ? `Connection ${connection.profileName} is ${connection.state}: reconnect to send.` : 'Connect a profile to send.'}</p>
      ) : null}
      <div className="composer-result" role="status">
        {outcome && !error ? (
          <>
            <span className="ok">✓ {outcome.text}</span>
            {/* Two sends can read the same: the time tells this result from the last one. */}
            <span className="muted mono result-time"> · {formatTime(outcome.at)}</span>
          </>
        ) : null}
      </div>
      <ErrorText error={error ? (error.code === 'template' ? error.message : `Send failed: ${error.message}`) : undefined} />
      <div className="composer-body">
        <HeaderRows suggestions={headerSuggestions(preset)} />
        <BodyEditor />
      </div>
    </form>
  );
}
