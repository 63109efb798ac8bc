/** A broker's ERROR frame: its message header in a banner, the full body one click away. */
import { formatTime } from '../../lib/format';
import { useConnections } from '../../stores/connections-store';

export function BrokerErrorBanner({ connectionId }: { connectionId: string }) {
  const errors = useConnections((s) => s.brokerErrors[connectionId]);
  if (!errors?.length) return null;
  const last = errors[errors.length - 1];
  return (
    <div className="banner banner-error" role="alert" aria-label="Broker error">
      <div className="banner-line">
        <strong>Broker ERROR</strong>
        <span className="mono">{last.message}</span>
        <span className="muted">{formatTime(last.at)}</span>
        {errors.length > 1 ? <span className="chip">{errors.length} errors</span> : null}
        <button type="button" className="small" onClick={() => useConnections.getState().dismissErrors(connectionId)}>
          Dismiss
        </button>
      </div>
      {last.body ? (
        <details>
          <summary>Full error body</summary>
          <pre className="mono banner-body">{last.body}</pre>
        </details>
      ) : null}
    </div>
  );
}
