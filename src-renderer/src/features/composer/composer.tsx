/** The composer: destination, headers, body, receipt, copies, transaction; Ctrl/Cmd+Enter sends. */
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { useEffect } from 'react';
import { ErrorText } from '../../components/error-text';
import { SuggestInput } from '../../components/suggest-input';
import { headerSuggestions, PRESET_PREFIXES, PRESET_SEND_HEADERS } from '../../lib/presets';
import { copiesProblem, MAX_COPIES, useComposer } from '../../stores/composer-store';
import { useSends } from '../../stores/sends-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { useTransactions } from '../../stores/transactions-store';
import { BodyEditor } from './body-editor';
import { ComposerExtras } from './composer-extras';
import { ConfirmSendDialog } from './confirm-send-dialog';
import { HeaderRows } from './header-rows';
import { SendStatus } from './send-status';
import { TemplatesMenu } from './templates-menu';

export const COMPOSER_DESTINATION_ID = 'composer-destination';
const COPIES_ERROR_ID = 'composer-copies-error';

export function Composer({ connection, preset }: { connection: ConnectionView | undefined; preset: BrokerPreset | undefined }) {
  const destination = useComposer((s) => s.destination);
  const receipt = useComposer((s) => s.receipt);
  const copiesText = useComposer((s) => s.copiesText);
  const error = useComposer((s) => s.error);
  const templateNote = useComposer((s) => s.templateNote);
  const sending = useSends((s) => (connection ? s.running[connection.id] !== undefined : false));
  const seen = useSubscriptions((s) => s.seenDestinations);
  const transactions = useTransactions((s) => (connection ? s.byConnection[connection.id] : undefined)) ?? [];
  const currentTx = useTransactions((s) => (connection ? s.current[connection.id] : undefined));
  const patch = useComposer.getState().patch;
  const connected = connection?.state === 'connected';
  const prefixes = PRESET_PREFIXES[preset ?? 'generic'];
  const copiesError = copiesProblem(copiesText);
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
          {/* Text, not number: what was typed stays as typed, and a bad value is an error here, never clamped. */}
          <input
            id="composer-copies"
            inputMode="numeric"
            value={copiesText}
            aria-invalid={copiesError ? true : undefined}
            aria-describedby={copiesError ? COPIES_ERROR_ID : undefined}
            title={`1 to ${MAX_COPIES.toLocaleString()}; more than 1,000 asks first`}
            onChange={(e) => patch({ copiesText: e.target.value })}
          />
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
        <TemplatesMenu
          onStatus={(ok, text) => useComposer.setState(ok ? { templateNote: text, error: undefined } : { error: { code: 'template', message: text }, templateNote: undefined })}
        />
        <button type="submit" className="primary" disabled={!connected || sending} title="Ctrl/Cmd+Enter">
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
      {copiesError ? <ErrorText id={COPIES_ERROR_ID} className="field-error" error={copiesError} /> : null}
      {!connected ? (
        <p className="hint">{connection ? `Connection ${connection.profileName} is ${connection.state}: reconnect to send.` : 'Connect a profile to send.'}</p>
      ) : null}
      <SendStatus connectionId={connection?.id} />
      {templateNote && !error ? (
        <p className="note" role="status">
          {templateNote}
        </p>
      ) : null}
      {error && error.message !== copiesError ? <ErrorText error={error.code === 'template' ? error.message : `Not sent: ${error.message}`} /> : null}
      <div className="composer-body">
        <HeaderRows suggestions={headerSuggestions(preset)} />
        <BodyEditor />
      </div>
      <ComposerExtras connection={connection} />
      <ConfirmSendDialog />
    </form>
  );
}
