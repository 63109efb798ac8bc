/** Transactions: begin one, see what it holds (sends, acks), commit or abort it. */
import { useEffect, useState } from 'react';
import type { ConnectionView } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { formatTime } from '../../lib/format';
import { useTransactions } from '../../stores/transactions-store';

export function TransactionsPanel({ connection }: { connection: ConnectionView | undefined }) {
  const id = connection?.id;
  const list = useTransactions((s) => (id ? s.byConnection[id] : undefined)) ?? [];
  const current = useTransactions((s) => (id ? s.current[id] : undefined));
  const loadError = useTransactions((s) => (id ? s.errors[id] : undefined));
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  useEffect(() => {
    if (!id) return;
    void useTransactions.getState().load(id);
    // Counts change as sends and acks join: refresh while the panel is visible.
    const timer = setInterval(() => void useTransactions.getState().load(id), 2000);
    return () => clearInterval(timer);
  }, [id]);
  if (!connection || !id) return <EmptyState title="No connection">Open a connection to use transactions.</EmptyState>;

  const run = (what: string, fn: () => Promise<unknown>, done: string) => async () => {
    setError(undefined);
    setNote(undefined);
    try {
      await fn();
      setNote(done);
    } catch (e) {
      setError(`${what} failed: ${errorText(e)}`);
    }
  };

  return (
    <div className="dock-table-wrap">
      <div className="pane-toolbar">
        <button
          type="button"
          className="small primary"
          disabled={connection.state !== 'connected'}
          onClick={run('Begin', () => useTransactions.getState().begin(id), 'Transaction begun: the composer and acks join it until you pick "none".')}
        >
          Begin transaction
        </button>
        <span className="muted">{current ? `Sends and acks join ${current}.` : 'Sends and acks are not in a transaction.'}</span>
      </div>
      <ErrorText error={error ?? (loadError ? `Cannot list transactions: ${loadError.message}` : undefined)} />
      {note && !error ? (
        <p className="note" role="status">
          {note}
        </p>
      ) : null}
      {list.length === 0 ? (
        <EmptyState title="No open transaction">Begin one to stage sends and acks, then commit or abort them together.</EmptyState>
      ) : (
        <table className="dock-table" aria-label="Transactions">
          <thead>
            <tr>
              <th scope="col">Transaction</th>
              <th scope="col">Started</th>
              <th scope="col" className="num">
                Sends
              </th>
              <th scope="col" className="num">
                Acks
              </th>
              <th scope="col" className="num" title="Receipts of its SENDs still to come: RabbitMQ sends them after COMMIT">
                Receipts pending
              </th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((t) => (
              <tr key={t.id}>
                <td className="mono">
                  {t.id} {current === t.id ? <span className="chip">in use</span> : null}
                </td>
                <td className="mono">{formatTime(t.startedAt)}</td>
                <td className="num">{t.sends}</td>
                <td className="num">{t.acks}</td>
                <td className="num">{t.pendingReceipts}</td>
                <td className="row-actions">
                  {current !== t.id ? (
                    <button type="button" className="small" onClick={() => useTransactions.getState().use(id, t.id)} aria-label={`Use ${t.id}`}>
                      Use
                    </button>
                  ) : null}
                  <button type="button" className="small primary" onClick={run(`Commit of ${t.id}`, () => useTransactions.getState().commit(id, t.id), `Committed ${t.id}.`)} aria-label={`Commit ${t.id}`}>
                    Commit
                  </button>
                  <button type="button" className="small" onClick={run(`Abort of ${t.id}`, () => useTransactions.getState().abort(id, t.id), `Aborted ${t.id}.`)} aria-label={`Abort ${t.id}`}>
                    Abort
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
