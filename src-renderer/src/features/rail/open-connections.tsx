/** The open connections, below the profiles: one click shows one. */
import { StateBadge } from '../../components/state-badge';
import { useConnections } from '../../stores/connections-store';
import { useWorkspace } from '../../stores/workspace-store';

export function OpenConnections() {
  const order = useConnections((s) => s.order);
  const byId = useConnections((s) => s.byId);
  const active = useWorkspace((s) => s.active);
  return (
    <section className="rail-section" aria-labelledby="connections-heading">
      <div className="rail-heading">
        <h2 id="connections-heading">Open connections</h2>
      </div>
      {order.length === 0 ? <p className="note">None yet: pick a profile above.</p> : null}
      <ul className="rail-list" aria-label="Open connections">
        {order.map((id) => {
          const c = byId[id];
          if (!c) return null;
          const current = active?.kind === 'connection' && active.id === id;
          return (
            <li key={id}>
              <button
                type="button"
                className={`connection-link${current ? ' is-current' : ''}`}
                aria-current={current ? 'page' : undefined}
                aria-describedby={`conn-state-${id}`}
                title={c.profileName}
                onClick={() => useWorkspace.getState().show({ kind: 'connection', id })}
              >
                <span className="rail-title">
                  <span className="profile-name">{c.profileName}</span>
                </span>
                <span className="rail-meta">
                  {c.subscriptions.length ? <span className="muted">{`${c.subscriptions.length} sub`}</span> : null}
                  <StateBadge state={c.state} id={`conn-state-${id}`} compact />
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
