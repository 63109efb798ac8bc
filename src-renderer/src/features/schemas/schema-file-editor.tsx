/** One schema file being added or edited: its name and text, saved to the profile (errors at the line). */
import { useState } from 'react';
import type { SchemaFileView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import type { UiError } from '../../lib/errors';
import { useSchemas } from '../../stores/schemas-store';

export function SchemaFileEditor({ profileId, file, onDone }: { profileId: string; file?: SchemaFileView; onDone(): void }) {
  const [name, setName] = useState(file?.name ?? '');
  const [text, setText] = useState(file?.text ?? '');
  const [error, setError] = useState<UiError>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    const problem = await useSchemas.getState().saveFile(profileId, { ...(file ? { id: file.id } : {}), name: name.trim(), text });
    setSaving(false);
    if (problem) setError(problem);
    else onDone();
  };
  return (
    <div className="schema-editor" role="group" aria-label={file ? `Edit ${file.name}` : 'New schema file'}>
      <div className="extra-row">
        <label>
          File name{' '}
          <input aria-label="Schema file name" className="mono" value={name} placeholder="orders.proto or order.avsc" onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="button" className="small primary" onClick={() => void save()} disabled={saving || !name.trim()}>
          {saving ? 'Saving…' : 'Save file'}
        </button>
        <button type="button" className="small" onClick={onDone}>
          Cancel
        </button>
      </div>
      <textarea className="mono schema-text" aria-label="Schema text" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      <ErrorText error={error} />
    </div>
  );
}
