/** Captures: every subscription's messages, kept; export as NDJSON, import a file to browse offline. */
import { useRef, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { download, safeFileName } from '../../lib/download';
import { errorText } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { useCaptures } from '../../stores/captures-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { useWorkspace } from '../../stores/workspace-store';

export function CapturesPanel() {
  const captures = useCaptures((s) => s.captures);
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const [busy, setBusy] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const run = async (what: string, fn: () => Promise<string | void>) => {
    setError(undefined);
    setNote(undefined);
    setBusy(true);
    try {
      const done = await fn();
      if (done) setNote(done);
    } catch (e) {
      setError(`${what} failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const open = (id: string) => {
    const c = captures.find((x) => x.id === id);
    if (!c) return;
    if (c.offline || !c.connectionId) useWorkspace.getState().openOffline(id);
    else {
      useSubscriptions.getState().select(c.connectionId, id);
      useWorkspace.getState().show({ kind: 'connection', id: c.connectionId });
    }
  };

  return (
    <div className="dock-table-wrap">
      <div className="pane-toolbar">
        <button type="button" className="small" onClick={() => fileRef.current?.click()} disabled={busy}>
          Import capture…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".ndjson,.jsonl,.json,application/x-ndjson"
          className="sr-only"
          tabIndex={-1}
          aria-label="Capture file to import"
          aria-hidden="true"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file)
              void run(`Import of ${file.name}`, async () => {
                const capture = await useCaptures.getState().importNdjson(await file.text(), file.name.replace(/\.(nd)?jsonl?$/i, ''));
                useWorkspace.getState().openOffline(capture.id);
                return `Imported ${capture.count.toLocaleString()} messages from ${file.name}.`;
              });
          }}
        />
        <span className="muted">{captures.length} captures</span>
      </div>
      <ErrorText error={error} />
      {note && !error ? (
        <p className="note" role="status">
          {note}
        </p>
      ) : null}
      {captures.length === 0 ? (
        <EmptyState title="No captures yet">Each subscription keeps what it receives here. Import an NDJSON capture to browse it offline.</EmptyState>
      ) : (
        <table className="dock-table" aria-label="Captures">
          <thead>
            <tr>
              <th scope="col">Capture</th>
              <th scope="col" className="num">
                Messages
              </th>
              <th scope="col" className="num">
                Memory
              </th>
              <th scope="col" className="num">
                Disk
              </th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {captures.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.offline ? <span className="chip">offline</span> : null} {c.label}
                </td>
                <td className="num">{c.count.toLocaleString()}</td>
                <td className="num">{formatBytes(c.bytesInMemory)}</td>
                <td className="num">{formatBytes(c.bytesOnDisk)}</td>
                <td className="row-actions">
                  <button type="button" className="small" onClick={() => open(c.id)} aria-label={`Open ${c.label}`}>
                    Open
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Export NDJSON of ${c.label}`}
                    disabled={busy}
                    onClick={() =>
                      void run(`Export of ${c.label}`, async () => {
                        const ndjson = await useCaptures.getState().exportNdjson(c.id);
                        download(`${safeFileName(c.label, 'capture')}.ndjson`, ndjson, 'application/x-ndjson');
                        return `Exported ${c.label} (${c.count.toLocaleString()} messages, bodies as base64).`;
                      })
                    }
                  >
                    Export NDJSON
                  </button>
                  <button type="button" className="small" aria-label={`Clear ${c.label}`} disabled={busy} onClick={() => void run(`Clearing ${c.label}`, async () => useCaptures.getState().clear(c.id))}>
                    Clear
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
