/**
 * The composer's headers, one row each: name (with suggestions), value, remove. A value keeps its
 * line breaks (1.1/1.2 send them escaped as `\n`): it is a text area that grows with them. A name
 * that cannot be sent (a colon, a line break, a space) is an error under its row.
 */
import { SuggestInput } from '../../components/suggest-input';
import { headerNameProblem, headerValueProblem } from '../../lib/header-text';
import { useComposer } from '../../stores/composer-store';

export function HeaderRows({ suggestions }: { suggestions: string[] }) {
  const headers = useComposer((s) => s.headers);
  const { setHeader, removeHeader, addHeader } = useComposer.getState();
  return (
    <fieldset className="header-rows">
      <legend>Headers</legend>
      {headers.map((h, i) => {
        const problem = headerNameProblem(h.name, h.value !== '') ?? headerValueProblem(h.value);
        const errorId = `header-${h.key}-error`;
        const lines = h.value.split('\n').length;
        return (
          <div className="header-row-wrap" key={h.key}>
            <div className="header-row">
              <SuggestInput
                className="mono"
                aria-label={`Header ${i + 1} name`}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? errorId : undefined}
                placeholder="name"
                value={h.name}
                spellCheck={false}
                onValueChange={(v) => setHeader(h.key, { name: v })}
                suggestions={suggestions}
              />
              <textarea
                className="mono header-value"
                aria-label={`Header ${i + 1} value`}
                placeholder="value"
                value={h.value}
                rows={Math.min(6, lines)}
                spellCheck={false}
                onChange={(e) => setHeader(h.key, { value: e.target.value })}
              />
              <button type="button" className="icon-button" aria-label={`Remove header ${h.name || i + 1}`} onClick={() => removeHeader(h.key)}>
                ×
              </button>
            </div>
            {problem ? (
              <p className="error-text field-error" id={errorId} role="alert">
                <span aria-hidden="true">⚠ </span>
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      <div className="header-add">
        <button type="button" className="small" onClick={() => addHeader()}>
          <span aria-hidden="true">+ </span>Add header
        </button>
        {suggestions
          .filter((s) => !headers.some((h) => h.name === s))
          .slice(0, 6)
          .map((s) => (
            <button key={s} type="button" className="small chip-button" onClick={() => addHeader(s, defaultValue(s))} aria-label={`Add header ${s}`}>
              {s}
            </button>
          ))}
      </div>
    </fieldset>
  );
}

function defaultValue(name: string): string {
  switch (name) {
    case 'content-type':
      return 'application/json';
    case 'persistent':
      return 'true';
    case 'priority':
      return '4';
    case 'expires':
      return String(Date.now() + 60 * 60 * 1000);
    default:
      return '';
  }
}
