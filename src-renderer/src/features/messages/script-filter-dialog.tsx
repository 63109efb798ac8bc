/**
 * A filter script for the message list, written in a dialog with room for a function: checked in
 * the host's sandbox first (a syntax error says where), then applied as `script:` in the filter
 * box, beside text, `re:` and `header:value`.
 */
import { useState } from 'react';
import { request } from '../../api-client';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { toUiError, type UiError } from '../../lib/errors';
import { useMessages } from '../../stores/messages-store';
import './script-filter.css';

export const SCRIPT_PREFIX = 'script:';
const EXAMPLE = "(m) => m.headers['content-type']?.includes('json') && m.body.json?.total > 100";

export function ScriptFilterButton() {
  const applied = useMessages((s) => s.filter);
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState('');
  const [error, setError] = useState<UiError>();
  const [checking, setChecking] = useState(false);
  const start = () => {
    setSource(applied.startsWith(SCRIPT_PREFIX) ? applied.slice(SCRIPT_PREFIX.length).trim() : EXAMPLE);
    setError(undefined);
    setOpen(true);
  };
  const apply = async () => {
    setChecking(true);
    try {
      await request('scripts.check', { kind: 'filter', source });
      useMessages.getState().setFilter(`${SCRIPT_PREFIX} ${source}`);
      setOpen(false);
    } catch (e) {
      setError(toUiError(e));
    } finally {
      setChecking(false);
    }
  };
  return (
    <>
      <button type="button" className="small script-filter-button" onClick={start} aria-label="script… filter" title="Filter with a script (JavaScript, sandboxed): script: in the filter box">
        script…
      </button>
      <Dialog open={open} onOpenChange={setOpen} title="Filter with a script" description="An expression over headers and body, or a function (m) => boolean. It runs in a sandbox over every message, many per call." wide>
        <p className="hint">
          <code>headers</code> (first of each name), <code>m.headerList</code> (all, in wire order), <code>body.text</code>, <code>body.bytes</code>, <code>body.json</code> (undefined when not JSON),{' '}
          <code>body.size</code>, <code>m.seq</code>. No files, network or host; 1 s and 64 MiB per batch.
        </p>
        <textarea className="mono body-input script-filter-source" aria-label="Filter script" spellCheck={false} value={source} onChange={(e) => setSource(e.target.value)} rows={8} />
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void apply()} disabled={checking || !source.trim()}>
            {checking ? 'Checking…' : 'Apply filter'}
          </button>
        </div>
      </Dialog>
    </>
  );
}
