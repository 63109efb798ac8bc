/** The left pane of a connection: its subscriptions and the form to add one. */
import { useEffect, useState } from 'react';
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';
import { EmptyState } from '../../components/empty-state';
import { ErrorText } from '../../components/error-text';
import { errorText } from '../../lib/errors';
import { exampleDestinations } from '../../lib/presets';
import { useCaptures } from '../../stores/captures-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { AddSubscriptionForm } from './add-subscription-form';
import { SubscriptionRow } from './subscription-row';

export function SubscriptionsPane({ connection, preset }: { connection: ConnectionView; preset: BrokerPreset | undefined }) {
  const selected = useSubscriptions((s) => s.selected[connection.id]);
  const examples = exampleDestinations(preset);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const timer = setInterval(() => useSubscriptions.getState().sample(useCaptures.getState().captures), 1000);
    return () => clearInterval(timer);
  }, []);
  const subscribe = (destination: string) => {
    setError(undefined);
    useSubscriptions
      .getState()
      .add({ connectionId: connection.id, destination })
      .catch((e) => setError(`Subscribing to ${destination} failed: ${errorText(e)}`));
  };
  return (
    <section className="pane subs-pane" aria-labelledby={`subs-h-${connection.id}`} data-pane="subscriptions" tabIndex={-1}>
      <h2 className="pane-title" id={`subs-h-${connection.id}`}>
        Subscriptions
      </h2>
      <AddSubscriptionForm connection={connection} preset={preset} />
      {connection.subscriptions.length === 0 ? (
        <EmptyState title="Subscribe to a destination">
          <p>Type a destination above, or try one of these:</p>
          <ul className="examples">
            {examples.map((d) => (
              <li key={d}>
                <button
                  type="button"
                  className="link mono"
                  disabled={connection.state !== 'connected'}
                  onClick={() => subscribe(d)}
                  aria-label={`Subscribe to ${d}`}
                >
                  {d}
                </button>
              </li>
            ))}
          </ul>
          <ErrorText error={error} />
        </EmptyState>
      ) : (
        <ul className="sub-list" aria-label="Subscriptions">
          {connection.subscriptions.map((sub) => (
            <SubscriptionRow key={sub.id} connectionId={connection.id} sub={sub} selected={sub.captureId === selected} />
          ))}
        </ul>
      )}
    </section>
  );
}
