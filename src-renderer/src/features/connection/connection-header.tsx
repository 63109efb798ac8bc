/**
 * One line of facts about a connection: state, broker, version, heart-beats, server; the
 * reconnect countdown; Disconnect / Reconnect. Below it, what happened to the link (attempts,
 * drops, reconnects) and, after a failure, every attempt with its reason.
 */
import type { ConnectionView } from '../../../../src-core/api';
import { StateBadge } from '../../components/state-badge';
import { errorText } from '../../lib/errors';
import { formatPeriod } from '../../lib/format';
import { useConnections } from '../../stores/connections-store';
import { AttemptsTable } from './attempts-table';
import { ConnectionStory } from './connection-story';
import { useNow } from './use-now';
import { closeTab } from './workspace-tabs';

export function ConnectionHeader({ connection: c }: { connection: ConnectionView }) {
  const seenAt = useConnections((s) => s.reconnectSeenAt[c.id]);
  const error = useConnections((s) => s.actionErrors[c.id]);
  const retrying = (c.state === 'reconnecting' || c.state === 'connecting') && c.reconnect !== undefined;
  const now = useNow(retrying);

  // The outcome of an action belongs to its connection: kept in the store under its id, so it is
  // never shown on another tab and goes when the connection is closed.
  const run = (what: string, fn: () => Promise<void>) => async () => {
    const store = useConnections.getState();
    store.setActionError(c.id, undefined);
    try {
      await fn();
    } catch (e) {
      useConnections.getState().setActionError(c.id, `${what} failed: ${errorText(e)}`);
    }
  };

  // The live region (role status) holds the state and the facts, which change with the state; the
  // reconnect countdown ticks every 100 ms and sits beside it, outside, so it is not re-announced.
  const facts: { text: string; broker?: boolean }[] = [];
  let countdown: string | undefined;
  if (retrying && c.reconnect) {
    const left = Math.max(0, c.reconnect.nextDelayMs - (now - (seenAt ?? now)));
    facts.push({ text: `attempt ${c.reconnect.attempt} of ${c.reconnect.maxAttempts ?? '∞'}` }, { text: c.reconnect.broker, broker: true });
    countdown = left > 0 ? `next in ${(left / 1000).toFixed(1)} s` : 'trying now';
  } else {
    if (c.broker) facts.push({ text: c.broker, broker: true });
    if (c.version) facts.push({ text: `STOMP ${c.version}` });
    if (c.heartBeat) facts.push({ text: `heart-beat ${formatPeriod(c.heartBeat.sendEvery)}/${formatPeriod(c.heartBeat.expectEvery)}` });
    if (c.server) facts.push({ text: c.server });
  }
  const live = c.state === 'connected' || c.state === 'connecting' || c.state === 'reconnecting';
  const busy = c.state === 'connecting' || c.state === 'reconnecting' || c.state === 'disconnecting';

  return (
    <section className="connection-header" aria-label={`Connection ${c.profileName}`}>
      <div className="facts-line">
        <div className="facts" role="status" aria-live="polite">
          <StateBadge state={c.state} />
          {c.sandbox ? <span className="chip chip-sandbox">sandbox</span> : null}
          {facts.map((f, i) => (
            <span key={i} className={f.broker ? 'fact fact-broker' : 'fact'}>
              <span className="sep" aria-hidden="true">
                ·
              </span>
              <span className={f.broker ? 'mono fact-text' : 'fact-text'} title={f.text}>
                {f.text}
              </span>
            </span>
          ))}
          {c.verified === false ? (
            <span className="chip chip-warn" title="The broker certificate was not verified">
              ⚠ certificate not verified
            </span>
          ) : null}
        </div>
        {countdown ? (
          <span className="fact fact-countdown" aria-live="off">
            <span className="sep" aria-hidden="true">
              ·
            </span>
            <span className="fact-text">{countdown}</span>
          </span>
        ) : null}
      </div>
      <div className="header-actions">
        {live ? (
          <button
            type="button"
            onClick={run('Disconnect', () => useConnections.getState().close(c.id))}
            title={c.state === 'connected' ? 'Disconnect (DISCONNECT with a receipt)' : 'Stop connecting'}
          >
            Disconnect
          </button>
        ) : null}
        <button
          type="button"
          onClick={run('Reconnect', () => useConnections.getState().reconnect(c.id))}
          disabled={busy}
          title={c.state === 'connected' ? 'Drop the connection and reconnect through the profile’s plan; subscriptions are replayed' : 'Connect again through the profile’s plan'}
        >
          Reconnect
        </button>
        <button type="button" onClick={run('Closing the tab', () => closeTab({ kind: 'connection', id: c.id }))} title="Disconnect and close this tab (Delete on the tab)">
          Close tab
        </button>
      </div>
      {error ? (
        <p className="error-text header-error" role="alert">
          {error}
        </p>
      ) : null}
      {c.failure ? <FailureDetails failure={c.failure} /> : <ConnectionStory connection={c} />}
    </section>
  );
}

function FailureDetails({ failure }: { failure: NonNullable<ConnectionView['failure']> }) {
  return (
    <div className="failure" role="alert">
      <p>
        <strong>Connection failed:</strong> {failure.attempts.length ? failure.message.split(/\s#1\s/)[0].replace(/:\s*$/, '') : failure.message}
      </p>
      {failure.attempts.length ? (
        <details open={failure.attempts.length <= 6}>
          <summary>
            {failure.attempts.length} attempt{failure.attempts.length === 1 ? '' : 's'}
          </summary>
          <AttemptsTable attempts={failure.attempts} />
        </details>
      ) : null}
    </div>
  );
}
