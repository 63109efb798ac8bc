/**
 * Editing a frame before it goes on (a held frame), or before a replay sends it: the command,
 * the headers in wire order (duplicates kept), the body as text or base64. The proxy serializes
 * it by the connection's version; a header it cannot carry is an error at its row.
 */
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { base64ToBytes, bytesToBase64, decodeUtf8, validateBase64 } from '../../lib/bytes';
import { headerNameProblem, headerValueProblem } from '../../lib/header-text';

export interface EditedFrame {
  readonly command: string;
  readonly headers: [string, string][];
  readonly body: { encoding: 'text'; text: string } | { encoding: 'base64'; base64: string };
}

export function EditFrameDialog({
  open,
  title,
  initial,
  submitLabel,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  initial: { command: string; headers: readonly (readonly [string, string])[]; bodyBase64: string; bodyCut?: boolean } | undefined;
  submitLabel: string;
  onSubmit(frame: EditedFrame): Promise<void>;
  onClose(): void;
}) {
  const [command, setCommand] = useState('');
  const [rows, setRows] = useState<{ key: number; name: string; value: string }[]>([]);
  const [encoding, setEncoding] = useState<'text' | 'base64'>('text');
  const [body, setBody] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open || !initial) return;
    setCommand(initial.command);
    setRows(initial.headers.map(([name, value], key) => ({ key, name, value })));
    const text = decodeUtf8(base64ToBytes(initial.bodyBase64));
    setEncoding(text === undefined || text.includes('\0') ? 'base64' : 'text');
    setBody(text === undefined || text.includes('\0') ? initial.bodyBase64 : text);
    setError(undefined);
  }, [open, initial]);

  const problems = rows.map((r) => headerNameProblem(r.name, r.value !== '') ?? headerValueProblem(r.value));
  const commandProblem = /^[A-Z]+$/.test(command) ? undefined : 'A command is upper-case letters (SEND, MESSAGE…).';
  const bodyProblem = encoding === 'base64' ? validateBase64(body) : undefined;

  const submit = async () => {
    if (commandProblem || bodyProblem || problems.some(Boolean)) return setError('Fix the fields marked above first.');
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit({
        command,
        headers: rows.filter((r) => r.name !== '').map((r) => [r.name, r.value]),
        body: encoding === 'text' ? { encoding: 'text', text: body } : { encoding: 'base64', base64: body.replace(/\s+/g, '') },
      });
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onOpenChange={(o) => !o && onClose()} title={title} wide>
      <form
        className="proxy-edit-frame"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field narrow">
          <label htmlFor="edit-frame-command">Command</label>
          <input id="edit-frame-command" className="mono" value={command} onChange={(e) => setCommand(e.target.value)} aria-invalid={commandProblem ? true : undefined} />
          <ErrorText error={commandProblem} />
        </div>
        <fieldset className="header-rows">
          <legend>Headers (wire order)</legend>
          {rows.map((r, i) => (
            <div className="header-row-wrap" key={r.key}>
              <div className="header-row">
                <input className="mono" aria-label={`Header ${i + 1} name`} value={r.name} spellCheck={false} onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, name: e.target.value } : x)))} aria-invalid={problems[i] ? true : undefined} />
                <input className="mono" aria-label={`Header ${i + 1} value`} value={r.value} spellCheck={false} onChange={(e) => setRows(rows.map((x) => (x.key === r.key ? { ...x, value: e.target.value } : x)))} />
                <button type="button" className="icon-button" aria-label={`Remove header ${i + 1}`} onClick={() => setRows(rows.filter((x) => x.key !== r.key))}>
                  ×
                </button>
              </div>
              <ErrorText error={problems[i]} />
            </div>
          ))}
          <button type="button" className="small" onClick={() => setRows([...rows, { key: Date.now(), name: '', value: '' }])}>
            Add header
          </button>
        </fieldset>
        <p className="hint">Without a content-length header the body goes without one (a body holding a NUL always gets one); with it, its value is set to the body's true length.</p>
        <div className="field">
          <label htmlFor="edit-frame-body">Body ({encoding === 'text' ? 'text, UTF-8' : 'base64'})</label>
          <textarea id="edit-frame-body" className="mono proxy-edit-body" value={body} onChange={(e) => setBody(e.target.value)} rows={8} spellCheck={false} aria-invalid={bodyProblem ? true : undefined} />
          <ErrorText error={bodyProblem} />
          {initial?.bodyCut ? <p className="hint">Only the body's first MiB was shown: editing it sends what is here.</p> : null}
          <label className="check">
            <input
              type="checkbox"
              checked={encoding === 'base64'}
              onChange={(e) => {
                if (e.target.checked) {
                  setBody(bytesToBase64(new TextEncoder().encode(body)));
                  setEncoding('base64');
                } else {
                  const text = bodyProblem ? undefined : decodeUtf8(base64ToBytes(body.replace(/\s+/g, '')));
                  if (text === undefined) return setError('The body is not valid UTF-8 text: keep it as base64.');
                  setBody(text);
                  setEncoding('text');
                }
              }}
            />{' '}
            Edit as base64 (binary)
          </label>
        </div>
        <ErrorText error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Sending…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
