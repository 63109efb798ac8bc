/** Saved recordings: open offline, replay against a broker, download (save as NDJSON), delete. */
import { useState } from 'react';
import type { RecordingView } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { download, safeFileName } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { useProxies } from '../../stores/proxy-store';
import { useWorkspace } from '../../stores/workspace-store';
import { ReplayDialog } from './replay-dialog';

export function RecordingsPanel() {
  const recordings = useProxies((s) => s.recordings);
  const [error, setError] = useState<string>();
  const [replaying, setReplaying] = useState<RecordingView>();
  const run = async (what: () => Promise<void>) => {
    setError(undefined);
    try {
      await what();
    } catch (e) {
      setError(errorText(e));
    }
  };
  if (recordings.length === 0) {
    return (
      <EmptyState title="No recordings yet">
        <p>Turn recording on for a running proxy (or in its definition): each run is saved here, passcodes never written.</p>
      </EmptyState>
    );
  }
  return (
    <div className="proxy-recordings">
      <ErrorText error={error} />
      <table className="proxy-recordings-table" aria-label="Recordings">
        <thead>
          <tr>
            <th scope="col">Recording</th>
            <th scope="col">Started</th>
            <th scope="col">Size</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {recordings.map((r) => (
            <tr key={r.id}>
              <td className="ellipsis" title={r.upstream}>
                {r.label}
              </td>
              <td className="mono">{r.startedAt ? new Date(r.startedAt).toLocaleString() : '—'}</td>
              <td className="mono">{r.live ? 'recording…' : formatBytes(r.bytes)}</td>
              <td className="proxy-actions-row">
                <button
                  type="button"
                  className="small"
                  aria-label={`Open ${r.label}`}
                  onClick={() =>
                    void run(async () => {
                      const log = await useProxies.getState().openRecording(r.id);
                      useWorkspace.getState().show({ kind: 'proxy', id: log.id });
                    })
                  }
                >
                  Open
                </button>
                <button type="button" className="small" aria-label={`Replay ${r.label}`} disabled={r.live} onClick={() => setReplaying(r)}>
                  Replay…
                </button>
                <button type="button" className="small" aria-label={`Download ${r.label}`} disabled={r.live} onClick={() => void run(async () => download(`${safeFileName(r.label, 'recording')}.ndjson`, await useProxies.getState().exportRecording(r.id), 'application/x-ndjson'))}>
                  Download
                </button>
                <button type="button" className="small proxy-danger" aria-label={`Delete ${r.label}`} disabled={r.live} onClick={() => void run(() => useProxies.getState().deleteRecording(r.id))}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ReplayDialog open={replaying !== undefined} recordingId={replaying?.id} label={replaying?.label ?? ''} onClose={() => setReplaying(undefined)} />
    </div>
  );
}
