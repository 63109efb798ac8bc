/**
 * What the broker answered the bytes with: the RECEIPT, the ERROR (its message, and its body a
 * click away), a dropped connection, or silence for the whole wait; every frame that came in while
 * watching; and a way to start clean after a frame the broker is still reading.
 */
import { useState } from 'react';
import type { RawAnswer } from '../../../../src-core/api/schemas/raw';
import { request } from '../../api-client';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { useRawComposer } from '../../stores/raw-composer-store';

const LABELS: Record<RawAnswer['outcome'], { text: string; tone: string; symbol: string }> = {
  receipt: { text: 'RECEIPT', tone: 'ok', symbol: '✓' },
  error: { text: 'ERROR', tone: 'bad', symbol: '✗' },
  dropped: { text: 'Connection dropped', tone: 'bad', symbol: '✗' },
  silent: { text: 'No answer', tone: 'warn', symbol: '…' },
};

export function RawAnswerView() {
  const sending = useRawComposer((s) => s.sending);
  const sent = useRawComposer((s) => s.sent);
  const sendError = useRawComposer((s) => s.sendError);
  const waitText = useRawComposer((s) => s.waitText);
  const [reconnect, setReconnect] = useState<string>();

  const answer = sent?.answer;
  const label = answer ? LABELS[answer.outcome] : undefined;
  const stillReading = answer?.outcome === 'silent' && /unfinished/.test(answer.summary);
  const startClean = async () => {
    if (!sent) return;
    setReconnect('Reconnecting…');
    try {
      await request('connections.reconnect', { connectionId: sent.connectionId });
      setReconnect('Reconnected: the broker starts reading from a clean slate.');
    } catch (e) {
      setReconnect(`Reconnecting failed: ${errorText(e)}`);
    }
  };

  return (
    <section className="raw-answer" aria-label="Broker's answer" aria-live="polite" aria-busy={sending}>
      {sending ? <p className="muted">Sent; watching the connection for the broker’s answer (up to {waitText} s)…</p> : null}
      <ErrorText error={sendError} />
      {answer && label && sent ? (
        <>
          <p className={`raw-outcome tone-${label.tone}`}>
            <span className={`chip raw-outcome-chip chip-${label.tone}`}>
              <span aria-hidden="true">{label.symbol} </span>
              {label.text}
            </span>{' '}
            {answer.summary}
          </p>
          <p className="muted raw-sent-facts">
            {sent.size.toLocaleString()} bytes written as STOMP {sent.version} · watched {Math.round(answer.waitedMs)} ms · the connection is {answer.connected ? 'up' : 'down'}
          </p>
          {answer.error ? (
            <details className="raw-error-body" open={answer.error.bodyLength < 400}>
              <summary>
                ERROR body ({answer.error.bodyLength.toLocaleString()} bytes{answer.error.body.length < answer.error.bodyLength ? ', start shown' : ''})
              </summary>
              <pre className="mono">{answer.error.body || '(empty)'}</pre>
              <p className="muted mono">{answer.error.headers.map(([n, v]) => `${n}:${v}`).join('  ')}</p>
            </details>
          ) : null}
          {answer.frames.length > 0 ? (
            <ol className="raw-incoming mono" aria-label="Frames received while watching">
              {answer.frames.map((f, i) => (
                <li key={i}>
                  ← {f.command} <span className="muted">+{Math.round(f.afterMs)} ms</span>
                </li>
              ))}
            </ol>
          ) : null}
          {stillReading || (answer.dropped && !answer.dropped.willReconnect) ? (
            <p className="raw-start-clean">
              <button type="button" className="small" onClick={() => void startClean()}>
                Reconnect to start clean
              </button>{' '}
              <span role="status">{reconnect ?? ''}</span>
            </p>
          ) : null}
        </>
      ) : !sending && !sendError ? (
        <p className="muted">Nothing sent yet. The answer (RECEIPT, ERROR or a dropped connection) appears here.</p>
      ) : null}
    </section>
  );
}
