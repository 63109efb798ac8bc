/** One subscription: destination, ack-mode badge, count, rate, browse state; click shows its messages. */
import { useState } from 'react';
import type { SubscriptionView } from '../../../../src-core/api';
import { errorText } from '../../lib/errors';
import { formatRate, formatTime } from '../../lib/format';
import { useCaptures } from '../../stores/captures-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { PrefetchNote } from './prefetch-note';
import { Sparkline } from './sparkline';

export function SubscriptionRow({ connectionId, sub, selected }: { connectionId: string; sub: SubscriptionView; selected: boolean }) {
  const rates = useSubscriptions((s) => s.rates[sub.captureId]);
  const count = Math.max(sub.captured, useCaptures((s) => s.captures.find((c) => c.id === sub.captureId)?.count ?? 0));
  const rate = rates?.length ? rates[rates.length - 1] : sub.rate;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const unsubscribe = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await useSubscriptions.getState().remove(connectionId, sub.id);
    } catch (e) {
      setError(`Unsubscribe failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  const togglePause = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await useSubscriptions.getState().setPaused(connectionId, sub.id, !sub.paused);
    } catch (e) {
      setError(`${sub.paused ? 'Resume' : 'Pause'} failed: ${errorText(e)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className={`sub-row${selected ? ' is-selected' : ''}`}>
      {/* Named by what it reads (the destination) plus the count; the facts beside it are not part of the control. */}
      <button
        type="button"
        className="sub-main"
        aria-pressed={selected}
        aria-label={`${sub.destination}${sub.browse ? ' (browse)' : ''}, ${count} ${count === 1 ? 'message' : 'messages'}`}
        title={sub.destination}
        onClick={() => useSubscriptions.getState().select(connectionId, sub.captureId)}
      >
        <span className="sub-dest mono">{sub.destination}</span>
      </button>
      <span className="sub-meta" onClick={() => useSubscriptions.getState().select(connectionId, sub.captureId)}>
        {sub.browse ? (
          <span className="badge badge-browse">{sub.browseComplete ? 'browse · done' : 'browse'}</span>
        ) : (
          <span className={`badge badge-ack-${sub.ack}`} title={`ack mode ${sub.ack}`}>
            {sub.ack}
          </span>
        )}
        {sub.paused ? <span className="badge badge-paused">paused</span> : null}
        <span className="sub-count" title="messages captured">
          {count.toLocaleString()}
        </span>
        <Sparkline points={rates ?? []} label={`rate ${formatRate(rate)}`} />
        <span className="sub-rate muted">{formatRate(rate)}</span>
      </span>
      {sub.browse ? null : (
        <button
          type="button"
          className="icon-button sub-pause"
          aria-label={`${sub.paused ? 'Resume' : 'Pause'} ${sub.destination}`}
          title={
            sub.paused
              ? 'Resume: SUBSCRIBE again (same id and headers); the broker delivers what waited'
              : `Pause: UNSUBSCRIBE and keep this row; ${sub.destination.startsWith('/topic/') ? 'a topic subscription misses what is published meanwhile' : 'the broker keeps the queue’s messages until you resume'}`
          }
          onClick={() => void togglePause()}
          disabled={busy}
        >
          {sub.paused ? '▶' : '⏸'}
        </button>
      )}
      <button type="button" className="icon-button" aria-label={`Unsubscribe from ${sub.destination}`} title="Unsubscribe" onClick={() => void unsubscribe()} disabled={busy}>
        ×
      </button>
      {sub.replays > 0 && sub.replayedAt !== undefined ? (
        <p className="sub-note" title="A reconnect sent this SUBSCRIBE again, with the same id">
          <span className="badge badge-replayed">replayed</span> {sub.replays > 1 ? `${sub.replays}× · last ` : ''}at <span className="mono">{formatTime(sub.replayedAt)}</span>
        </p>
      ) : null}
      <PrefetchNote connectionId={connectionId} sub={sub} rate={rate} />
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
