/**
 * What happened to the link, under the facts line: the attempts failing while it connects (each
 * with its reason, live), the last drop and what came of it (the broker that answered, the
 * subscriptions replayed), the attempts a failover passed over, and the whole history on demand.
 */
import type { ConnectionView, LifecycleEvent } from '../../../../src-core/api';
import { formatTime } from '../../lib/format';
import { AttemptsTable } from './attempts-table';

export function ConnectionStory({ connection: c }: { connection: ConnectionView }) {
  const retrying = c.state === 'connecting' || c.state === 'reconnecting';
  const afterDrop = c.lastDrop ? c.history.filter((h) => h.at >= c.lastDrop!.at) : [];
  const answered = afterDrop.find((h) => h.kind === 'reconnected');
  const replayed = afterDrop.find((h) => h.kind === 'replayed');
  const eventful = c.history.some((h) => h.kind !== 'connecting' && h.kind !== 'connected');
  if (!retrying && !c.lastDrop && !c.attempts.length && !eventful) return null;

  return (
    <div className="story" aria-label="Connection history">
      {c.lastDrop ? (
        <p className={`story-line${answered ? '' : ' is-warn'}`}>
          <strong>Dropped</strong> <span className="mono">{formatTime(c.lastDrop.at)}</span>: {c.lastDrop.reason}
          {answered ? (
            <>
              {' · '}
              <strong>reconnected</strong> to <span className="mono">{answered.broker}</span> at <span className="mono">{formatTime(answered.at)}</span>
            </>
          ) : retrying ? (
            ' · reconnecting…'
          ) : null}
          {replayed ? ` · ${replayed.text}` : null}
        </p>
      ) : null}
      {c.attempts.length ? (
        <details open={retrying}>
          <summary>
            {retrying
              ? `${c.attempts.length} failed attempt${c.attempts.length === 1 ? '' : 's'} so far`
              : `${c.attempts.length} failed attempt${c.attempts.length === 1 ? '' : 's'} before ${c.broker ?? 'the broker'} answered`}
          </summary>
          <AttemptsTable attempts={c.attempts} />
        </details>
      ) : null}
      {eventful ? (
        <details>
          <summary>History ({c.history.length})</summary>
          <HistoryList events={c.history} />
        </details>
      ) : null}
    </div>
  );
}

function HistoryList({ events }: { events: LifecycleEvent[] }) {
  return (
    <ol className="history" aria-label="Connection events" tabIndex={0}>
      {[...events].reverse().map((e, i) => (
        <li key={i} className={`history-${e.kind}`}>
          <span className="mono muted">{formatTime(e.at)}</span> {e.text}
        </li>
      ))}
    </ol>
  );
}
