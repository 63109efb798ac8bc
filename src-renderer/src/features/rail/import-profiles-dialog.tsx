/**
 * Importing a profiles file, seen before it happens: each entry with what will be done to it (add,
 * update — naming the fields that differ —, skip an identical one, or add a copy under a distinct
 * name), each choice changeable; nothing is imported until Import is pressed.
 */
import { useEffect, useState } from 'react';
import type { ImportAction, ImportEntryPlan } from '../../../../src-core/api';
import { request } from '../../api-client';
import { Dialog } from '../../components/dialog';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useProfiles } from '../../stores/profiles-store';

const LABELS: Record<ImportAction, string> = { add: 'Add', update: 'Update the saved one', skip: 'Skip', 'add-copy': 'Add as a copy' };

export function ImportProfilesDialog({ file, onClose, onDone }: { file: { name: string; text: string } | undefined; onClose(): void; onDone(note: string): void }) {
  const [entries, setEntries] = useState<ImportEntryPlan[]>();
  const [actions, setActions] = useState<ImportAction[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setEntries(undefined);
    setError(undefined);
    if (!file) return;
    request('profiles.importPreview', { json: file.text }).then(
      ({ entries: planned }) => {
        setEntries(planned);
        setActions(planned.map((e) => e.action));
      },
      (e) => setError(`${file.name} cannot be imported: ${errorText(e)}`),
    );
  }, [file]);
  if (!file) return null;

  const count = (a: ImportAction) => actions.filter((x) => x === a || (a === 'add' && x === 'add-copy')).length;
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await useProfiles.getState().importJson(file.text, actions);
      onDone(`From ${file.name}: ${r.added} added, ${r.updated} updated, ${r.skipped} skipped. Passcodes are never exported: set them in Edit.`);
      onClose();
    } catch (e) {
      setError(`Import failed, nothing was changed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Import profiles from ${file.name}`} description="What will happen to each profile in the file. Same names are never doubled: a profile already saved is updated, skipped, or added as a copy under another name." wide>
      <ErrorText error={error} />
      {entries ? (
        <table className="dock-table import-plan" aria-label="Profiles to import">
          <thead>
            <tr>
              <th scope="col">Profile</th>
              <th scope="col">What differs from the saved one</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={i}>
                <td>{e.name}</td>
                <td className="muted">{e.existingId ? (e.changes.length ? e.changes.join(', ') : 'nothing: identical') : 'new'}</td>
                <td>
                  <select
                    aria-label={`Action for ${e.name}${entries.filter((x) => x.name === e.name).length > 1 ? ` (${i + 1})` : ''}`}
                    value={actions[i]}
                    onChange={(ev) => setActions(actions.map((a, j) => (j === i ? (ev.target.value as ImportAction) : a)))}
                  >
                    {optionsFor(e).map((a) => (
                      <option key={a} value={a}>
                        {a === 'add-copy' && e.copyName ? `Add as “${e.copyName}”` : LABELS[a]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : !error ? (
        <p className="muted">Reading {file.name}…</p>
      ) : null}
      <div className="dialog-actions">
        <span className="muted">{entries ? `${count('add')} to add · ${count('update')} to update · ${count('skip')} to skip` : ''}</span>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!entries || busy || actions.every((a) => a === 'skip')} onClick={() => void run()}>
          Import
        </button>
      </div>
    </Dialog>
  );
}

/** The choices an entry has: a new name is added or skipped; a saved namesake is updated, skipped or kept beside it as a copy (the built-in sandbox only the latter). */
function optionsFor(e: ImportEntryPlan): ImportAction[] {
  if (e.action === 'add-copy') return ['add-copy', 'skip'];
  if (!e.existingId) return ['add', 'skip'];
  return ['update', 'skip', 'add-copy'];
}
