/**
 * A connection's send while it runs (sent / confirmed / failed, the rate, Cancel) and its outcome
 * once it ended, in words that never claim more than the broker said.
 */
import { formatTime } from '../../lib/format';
import { useSends } from '../../stores/sends-store';

export function SendStatus({ connectionId }: { connectionId: string | undefined }) {
  const running = useSends((s) => (connectionId ? s.running[connectionId] : undefined));
  const stored = useSends((s) => (connectionId ? s.results[connectionId] : undefined));
  // A replay's result is shown beside the message it replayed, not here.
  const result = stored?.origin === 'composer' ? stored : undefined;
  if (!connectionId) return null;
  if (running) {
    const rate = running.elapsedMs > 0 ? Math.round((running.sent * 1000) / running.elapsedMs) : 0;
    const total = running.total || undefined;
    return (
      <div className="send-progress" role="status" aria-label="Send progress">
        {total ? <progress max={total} value={running.sent} aria-label={`Sent ${running.sent} of ${total}`} /> : null}
        <span>
          {running.cancelling ? 'Cancelling… ' : 'Sending… '}
          {total ? `${running.sent.toLocaleString()} of ${total.toLocaleString()} written` : 'starting'}
          {running.confirmed ? ` · ${running.confirmed.toLocaleString()} confirmed` : ''}
          {running.failed ? ` · ${running.failed.toLocaleString()} failed` : ''}
          {rate ? ` · ${rate.toLocaleString()}/s` : ''}
        </span>
        <button type="button" className="small" onClick={() => void useSends.getState().cancel(connectionId)} disabled={running.cancelling}>
          Cancel send
        </button>
      </div>
    );
  }
  if (!result) return null;
  return (
    <div className={`send-result tone-${result.tone}`} role={result.tone === 'bad' ? 'alert' : 'status'} aria-label="Send result">
      <span>
        <span aria-hidden="true">{result.tone === 'ok' ? '✓ ' : result.tone === 'warn' ? '◐ ' : '⚠ '}</span>
        {result.text}
      </span>
      {/* Two sends can read the same: the time tells this result from the last one. */}
      <span className="muted mono result-time"> · {formatTime(result.at)}</span>
      {result.detail ? (
        <details>
          <summary>Broker’s full answer</summary>
          <pre className="mono">{result.detail}</pre>
        </details>
      ) : null}
    </div>
  );
}
