/**
 * The rail's Proxies section: each saved proxy (a Proxy kind of profile) with its state, New
 * proxy, and the saved recordings (one click re-opens one offline). Loads the proxy store the
 * first time the rail shows it.
 */
import { useEffect, useRef, useState } from 'react';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { useProxies } from '../../stores/proxy-store';
import { useWorkspace } from '../../stores/workspace-store';
import { ProxyEditorDialog } from './proxy-editor-dialog';
import { ProxyStateBadge } from './proxy-state-badge';

export function ProxyRailSection() {
  const proxies = useProxies((s) => s.proxies);
  const recordings = useProxies((s) => s.recordings);
  const loadError = useProxies((s) => s.loadError);
  const logs = useProxies((s) => s.logs);
  const openLogs = Object.values(logs).filter((l) => l.view.kind !== 'proxy');
  const active = useWorkspace((s) => s.active);
  const [error, setError] = useState<string>();
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => void useProxies.getState().load(), []);

  const openRecording = async (recordingId: string) => {
    setError(undefined);
    try {
      const log = await useProxies.getState().openRecording(recordingId);
      useWorkspace.getState().show({ kind: 'proxy', id: log.id });
    } catch (e) {
      setError(`Cannot open the recording: ${errorText(e)}`);
    }
  };
  const importFile = async (file: File) => {
    setError(undefined);
    try {
      const recording = await useProxies.getState().importRecording(await file.text());
      await openRecording(recording.id);
    } catch (e) {
      setError(`Cannot import ${file.name}: ${errorText(e)}`);
    }
  };

  return (
    <section className="rail-section" aria-labelledby="proxies-heading">
      <div className="rail-heading">
        <h2 id="proxies-heading">Proxies</h2>
      </div>
      <button type="button" className="rail-new" onClick={() => useProxies.getState().openEditor('new')}>
        <span aria-hidden="true">+ </span>New proxy
      </button>
      <ErrorText error={loadError ? `Cannot load proxies: ${loadError}` : error} />
      {proxies.length === 0 ? <p className="note">Point a producer at a proxy to see, hold, break and record what it sends.</p> : null}
      <ul className="rail-list" aria-label="Proxies">
        {proxies.map((p) => {
          const id = p.definition.id;
          const current = active?.kind === 'proxy' && active.id === id;
          return (
            <li key={id}>
              <button
                type="button"
                className={`connection-link${current ? ' is-current' : ''}`}
                aria-current={current ? 'page' : undefined}
                aria-describedby={`proxy-state-${id}`}
                onClick={() => useWorkspace.getState().show({ kind: 'proxy', id })}
              >
                <span className="rail-title">
                  <span className="profile-name">{p.definition.name}</span>
                </span>
                <span className="rail-meta">
                  {p.held.length ? <span className="chip chip-warn">{p.held.length} held</span> : null}
                  <ProxyStateBadge state={p.state} id={`proxy-state-${id}`} />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {openLogs.length ? (
        <ul className="rail-list" aria-label="Open recordings and replays">
          {openLogs.map(({ view }) => {
            const current = active?.kind === 'proxy' && active.id === view.id;
            return (
              <li key={view.id}>
                <button type="button" className={`connection-link${current ? ' is-current' : ''}`} aria-current={current ? 'page' : undefined} onClick={() => useWorkspace.getState().show({ kind: 'proxy', id: view.id })}>
                  <span className="rail-title">
                    <span className="profile-name">{view.label}</span>
                  </span>
                  <span className="rail-meta muted">{view.kind === 'replay' ? (view.running ? 'replaying…' : 'replay') : 'offline'}</span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <details className="proxy-recordings-rail">
        <summary>Recordings ({recordings.length})</summary>
        <ul className="rail-list" aria-label="Recordings">
          {recordings.map((r) => (
            <li key={r.id}>
              <button type="button" className="connection-link" onClick={() => void openRecording(r.id)} title={r.upstream}>
                <span className="rail-title">
                  <span className="profile-name">{r.label}</span>
                </span>
                <span className="rail-meta muted">{r.live ? 'recording…' : formatBytes(r.bytes)}</span>
              </button>
            </li>
          ))}
        </ul>
        <button type="button" className="small rail-new" onClick={() => fileInput.current?.click()}>
          Open a recording file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".ndjson,.jsonl,application/x-ndjson"
          hidden
          aria-label="Recording file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </details>
      <ProxyEditorDialog />
    </section>
  );
}
