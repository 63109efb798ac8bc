/** An imported capture: browsable like a live one, nothing to ack; replay goes to an open connection. */
import { plural } from '../../lib/format';
import { useCapture } from '../../stores/captures-store';
import { useConnections } from '../../stores/connections-store';
import { useWorkspace } from '../../stores/workspace-store';
import { InspectorPane } from '../inspector/inspector-pane';
import { MessagesPane } from '../messages/messages-pane';
import { Panes } from './panes';

export function OfflineView({ captureId }: { captureId: string }) {
  const capture = useCapture(captureId);
  const anyConnected = useConnections((s) => Object.values(s.byId).some((c) => c.state === 'connected'));
  return (
    <div className="connection-view">
      <section className="connection-header" aria-label={`Capture ${capture?.label ?? captureId}`}>
        <div className="facts facts-line">
          <span className="chip">offline</span>
          <span>{capture?.label ?? captureId}</span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span>{capture ? plural(capture.count, 'message') : 'loading…'}</span>
          <span className="sep" aria-hidden="true">
            ·
          </span>
          <span className="muted">imported: browse, filter, replay to an open connection</span>
        </div>
        <div className="header-actions">
          <button type="button" onClick={() => useWorkspace.getState().closeOffline(captureId)}>
            Close tab
          </button>
        </div>
      </section>
      <Panes id="offline" middle={<MessagesPane captureId={captureId} destination={capture?.label} waitingHint="this capture holds no messages." />} right={<InspectorPane offline canReplay={anyConnected} />} />
    </div>
  );
}
