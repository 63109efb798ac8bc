/** Saved profiles, the sandbox first, plus New profile and import/export. */
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useRef, useState } from 'react';
import { ErrorText } from '../../components/error-text';
import { download } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { useProfiles } from '../../stores/profiles-store';
import { ImportProfilesDialog } from './import-profiles-dialog';
import { ProfileRow } from './profile-row';

export function ProfileList() {
  const profiles = useProfiles((s) => s.profiles);
  const loadError = useProfiles((s) => s.loadError);
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  const ordered = [...profiles].sort((a, b) => Number(b.preset === 'sandbox') - Number(a.preset === 'sandbox') || a.name.localeCompare(b.name));

  const exportAll = async () => {
    setError(undefined);
    try {
      const json = await useProfiles.getState().exportJson();
      download('stomp-explorer-profiles.json', json, 'application/json');
      setNote(`Exported ${profiles.length} profiles (passcodes are never exported).`);
    } catch (e) {
      setError(`Export failed: ${errorText(e)}`);
    }
  };
  const [importing, setImporting] = useState<{ name: string; text: string }>();
  const importFile = async (file: File) => {
    setError(undefined);
    setNote(undefined);
    try {
      setImporting({ name: file.name, text: await file.text() });
    } catch (e) {
      setError(`Cannot read ${file.name}: ${errorText(e)}`);
    }
  };

  return (
    <section className="rail-section" aria-labelledby="profiles-heading">
      <div className="rail-heading">
        <h2 id="profiles-heading">Profiles</h2>
        <Menu.Root modal={false}>
          <Menu.Trigger className="icon-button" aria-label="Import or export profiles">
            ⇅
          </Menu.Trigger>
          <Menu.Portal>
            <Menu.Content className="menu" align="end" sideOffset={4}>
              <Menu.Item className="menu-item" onSelect={() => fileInput.current?.click()}>
                Import profiles…
              </Menu.Item>
              <Menu.Item className="menu-item" onSelect={() => void exportAll()}>
                Export all profiles (without secrets)
              </Menu.Item>
            </Menu.Content>
          </Menu.Portal>
        </Menu.Root>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          aria-label="Profiles file to import"
          aria-hidden="true"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      <button type="button" className="rail-new" onClick={() => useProfiles.getState().openEditor('new')}>
        <span aria-hidden="true">+ </span>New profile
      </button>
      <ErrorText error={loadError ? `Cannot load profiles: ${loadError}` : undefined} />
      <ul className="rail-list" aria-label="Profiles">
        {ordered.map((p) => (
          <ProfileRow key={p.id} profile={p} onError={setError} />
        ))}
      </ul>
      <ErrorText error={error} />
      <ImportProfilesDialog file={importing} onClose={() => setImporting(undefined)} onDone={setNote} />
      {note && !error ? (
        <p className="note" role="status">
          {note}
        </p>
      ) : null}
    </section>
  );
}
