/**
 * The raw frame's header lines, in wire order: any name, any value, duplicates welcome, moved up
 * and down one step at a time. Nothing is refused here; the verdict says what the bytes break.
 */
import { SuggestInput } from '../../components/suggest-input';
import { useRawComposer } from '../../stores/raw-composer-store';
import { headerNameSuggestions } from './raw-vocabulary';

export function RawHeaders() {
  const headers = useRawComposer((s) => s.headers);
  const command = useRawComposer((s) => s.command);
  const { setHeader, removeHeader, moveHeader, addHeader } = useRawComposer.getState();
  const suggestions = headerNameSuggestions(command);
  return (
    <fieldset className="raw-headers">
      <legend>Headers, in wire order</legend>
      {headers.length === 0 ? <p className="muted">No headers: the blank line follows the command.</p> : null}
      {headers.map((h, i) => (
        <div className="raw-header-row" key={h.key}>
          <span className="raw-index mono" aria-hidden="true">
            {i + 1}
          </span>
          <SuggestInput
            className="mono"
            aria-label={`Header ${i + 1} name`}
            placeholder="name"
            value={h.name}
            spellCheck={false}
            onValueChange={(v) => setHeader(h.key, { name: v })}
            suggestions={suggestions}
          />
          <textarea
            className="mono raw-header-value"
            aria-label={`Header ${i + 1} value`}
            placeholder="value"
            value={h.value}
            rows={Math.min(4, h.value.split('\n').length)}
            spellCheck={false}
            onChange={(e) => setHeader(h.key, { value: e.target.value })}
          />
          <button type="button" className="icon-button" aria-label={`Move header ${i + 1} up`} disabled={i === 0} onClick={() => moveHeader(h.key, -1)}>
            ↑
          </button>
          <button type="button" className="icon-button" aria-label={`Move header ${i + 1} down`} disabled={i === headers.length - 1} onClick={() => moveHeader(h.key, 1)}>
            ↓
          </button>
          <button type="button" className="icon-button" aria-label={`Remove header ${i + 1}`} onClick={() => removeHeader(h.key)}>
            ×
          </button>
        </div>
      ))}
      <div className="header-add">
        <button type="button" className="small" onClick={() => addHeader()}>
          <span aria-hidden="true">+ </span>Add header
        </button>
      </div>
    </fieldset>
  );
}
