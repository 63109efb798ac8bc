/**
 * The Schemas tab: a profile's .proto and .avsc files (added from disk or written here), what
 * they define, what is wrong with them, and which destinations they read. Schemas belong to the
 * profile and travel with its export.
 */
import { useEffect, useState } from 'react';
import type { ConnectionView, SchemaFileView } from '../../../../src-core/api';
import { ErrorText } from '../../components/error-text';
import { toUiError, type UiError } from '../../lib/errors';
import { useProfiles } from '../../stores/profiles-store';
import { useSchemas } from '../../stores/schemas-store';
import { MappingsEditor } from './mappings-editor';
import { SchemaFileEditor } from './schema-file-editor';
import './schemas-panel.css';

export function SchemasPanel({ connection }: { connection: ConnectionView | undefined }) {
  const profiles = useProfiles((s) => s.profiles);
  const [chosen, setChosen] = useState<string>();
  const profileId = chosen ?? connection?.profileId ?? profiles[0]?.id;
  const view = useSchemas((s) => (profileId ? s.byProfile[profileId] : undefined));
  const loadError = useSchemas((s) => (profileId ? s.errors[profileId] : undefined));
  const [editing, setEditing] = useState<SchemaFileView | 'new'>();
  const [error, setError] = useState<UiError>();
  useEffect(() => {
    if (profileId) void useSchemas.getState().load(profileId);
    setEditing(undefined);
  }, [profileId]);

  const addFromDisk = async (files: FileList | null) => {
    if (!profileId || !files) return;
    setError(undefined);
    for (const file of Array.from(files)) {
      try {
        const problem = await useSchemas.getState().saveFile(profileId, { name: file.name, text: await file.text() });
        if (problem) return setError(problem);
      } catch (e) {
        return setError(toUiError(e));
      }
    }
  };

  return (
    <div className="schemas-panel">
      <div className="extra-row">
        <label>
          Profile{' '}
          <select aria-label="Schemas of profile" value={profileId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="file-pick">
          <span className="button small">Add .proto / .avsc files…</span>
          <input type="file" className="sr-only" aria-label="Add schema files" multiple accept=".proto,.avsc,.json" onChange={(e) => void addFromDisk(e.target.files).then(() => (e.target.value = ''))} />
        </label>
        <button type="button" className="small" onClick={() => setEditing('new')} disabled={!profileId}>
          New schema file
        </button>
      </div>
      <ErrorText error={error ?? loadError} />
      {profileId && editing ? <SchemaFileEditor profileId={profileId} file={editing === 'new' ? undefined : editing} onDone={() => setEditing(undefined)} /> : null}
      {view ? (
        <div className="schemas-columns">
          <section aria-label="Schema files">
            <h4>Files</h4>
            {view.files.length === 0 ? <p className="muted">No schema files yet. Add the .proto or .avsc files your producers use.</p> : null}
            <ul className="schema-files">
              {view.files.map((f) => (
                <li key={f.id}>
                  <span className="mono">{f.name}</span> <span className="muted">{f.kind}</span>{' '}
                  <button type="button" className="link" onClick={() => setEditing(f)} aria-label={`Edit ${f.name}`}>
                    edit
                  </button>{' '}
                  <button type="button" className="link" aria-label={`Delete ${f.name}`} onClick={() => void useSchemas.getState().deleteFile(view.profileId, f.id).then(setError)}>
                    delete
                  </button>
                </li>
              ))}
            </ul>
            {view.problems.length ? (
              <ul className="schema-problems" aria-label="Schema problems">
                {view.problems.map((p, i) => (
                  <li key={i} className="error-text">
                    {p.file}
                    {p.line ? ` line ${p.line}` : ''}: {p.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <h4>Message types</h4>
            <p className="mono types-list" aria-label="Message types">
              {[...view.messageTypes.protobuf.map((t) => `${t} (protobuf)`), ...view.messageTypes.avro.map((t) => `${t} (avro)`)].join(' · ') || '—'}
            </p>
          </section>
          <MappingsEditor view={view} />
        </div>
      ) : null}
    </div>
  );
}
