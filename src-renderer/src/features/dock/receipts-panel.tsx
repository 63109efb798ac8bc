/** The receipt tracker: what was asked for a receipt, and whether (and how fast) it came. */
import { useEffect } from 'react';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { formatLatency, formatTime } from '../../lib/format';
import { useReceipts } from '../../stores/receipts-store';

export function ReceiptsPanel({ connectionId }: { connectionId: string | undefined }) {
  const receipts = useReceipts((s) => (connectionId ? s.byConnection[connectionId] : undefined));
  const error = useReceipts((s) => (connectionId ? s.errors[connectionId] : undefined));
  useEffect(() => {
    if (connectionId) void useReceipts.getState().load(connectionId);
  }, [connectionId]);
  if (!connectionId) return <EmptyState title="No connection">Open a connection to track its receipts.</EmptyState>;
  const rows = [...(receipts ?? [])].reverse();
  const pending = rows.filter((r) => r.state === 'pending').length;
  return (
    <div className="dock-table-wrap">
      <div className="pane-toolbar">
        <span className="muted">
          {rows.length} receipts · {pending} pending
        </span>
        <button type="button" className="small" onClick={() => void useReceipts.getState().load(connectionId)}>
          Refresh
        </button>
      </div>
      <ErrorText error={error ? `Cannot load receipts: ${error.message}` : undefined} />
      {rows.length === 0 ? (
        <EmptyState title="No receipts yet">Sends with "Request receipt", subscriptions and acks ask for one.</EmptyState>
      ) : (
        <table className="dock-table" aria-label="Receipts">
          <thead>
            <tr>
              <th scope="col">Receipt</th>
              <th scope="col">For</th>
              <th scope="col">Sent</th>
              <th scope="col">State</th>
              <th scope="col" className="num">
                Latency
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 500).map((r) => (
              <tr key={r.id} className={`receipt-${r.state}`}>
                <td className="mono">{r.id}</td>
                <td className="ellipsis">{r.purpose}</td>
                <td className="mono">{formatTime(r.sentAt)}</td>
                <td>
                  <span className={`badge badge-${r.state}`}>{r.state}</span>
                  {r.error ? <span className="muted"> {r.error}</span> : null}
                </td>
                <td className="num mono">{r.latencyMs !== undefined ? formatLatency(r.latencyMs) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
