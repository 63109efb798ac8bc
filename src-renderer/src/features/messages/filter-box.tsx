/** The list filter (`/` focuses it): plain text, `re:` regex, `header:value`, or `script:` (sandboxed JavaScript). */
import { useEffect, useState } from 'react';
import { ErrorText } from '../../components/error-text';
import { useMessages } from '../../stores/messages-store';
import { ScriptFilterButton } from './script-filter-dialog';

export const FILTER_INPUT_ID = 'message-filter';
/** The syntax, as the filter box's tooltip (the placeholder is too short for it). */
const FILTER_HELP = 'Filter messages (/ focuses): plain text over headers and body · re:regex · header:value · script:expression · Esc clears';

export function FilterBox() {
  const applied = useMessages((s) => s.filter);
  const captureId = useMessages((s) => s.captureId);
  const error = useMessages((s) => s.filterError);
  const [draft, setDraft] = useState(applied);
  useEffect(() => setDraft(applied), [applied, captureId]);
  useEffect(() => {
    if (draft === applied) return;
    const timer = setTimeout(() => useMessages.getState().setFilter(draft.trim() ? draft : ''), 250);
    return () => clearTimeout(timer);
  }, [draft, applied]);
  return (
    <div className="filter-box">
      <label htmlFor={FILTER_INPUT_ID} className="sr-only">
        Filter messages
      </label>
      <input
        id={FILTER_INPUT_ID}
        type="search"
        className="mono"
        placeholder="Filter   /"
        title={FILTER_HELP}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'message-filter-error' : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            if (draft) setDraft('');
            else (e.target as HTMLInputElement).blur();
          }
          if (e.key === 'Enter') useMessages.getState().setFilter(draft.trim() ? draft : '');
        }}
      />
      <ScriptFilterButton />
      <ErrorText error={error} id="message-filter-error" />
    </div>
  );
}
