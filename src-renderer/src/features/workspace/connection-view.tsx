/** One connection's tab: the header line, broker errors, and the three panes. */
import type { BrokerPreset, ConnectionView as View } from '../../../../src-core/api';
import { useProfiles } from '../../stores/profiles-store';
import { useSubscriptions } from '../../stores/subscriptions-store';
import { BrokerErrorBanner } from '../connection/broker-error-banner';
import { ConnectionHeader } from '../connection/connection-header';
import { InspectorPane } from '../inspector/inspector-pane';
import { MessagesPane } from '../messages/messages-pane';
import { SubscriptionsPane } from '../subscriptions/subscriptions-pane';
import { Panes } from './panes';

export function ConnectionView({ connection }: { connection: View }) {
  const preset = useProfiles((s) => s.profiles.find((p) => p.id === connection.profileId)?.preset) as BrokerPreset | undefined;
  const selected = useSubscriptions((s) => s.selected[connection.id]);
  const sub = connection.subscriptions.find((s) => s.captureId === selected);
  return (
    <div className="connection-view">
      <ConnectionHeader connection={connection} />
      <BrokerErrorBanner connectionId={connection.id} />
      <Panes
        id="connection"
        left={<SubscriptionsPane connection={connection} preset={preset} />}
        middle={
          <MessagesPane
            captureId={sub?.captureId}
            destination={sub?.destination}
            waitingHint={sub?.browse ? (sub.browseComplete ? 'the queue was empty when browsed.' : 'browsing the queue…') : undefined}
          />
        }
        right={<InspectorPane offline={false} canReplay={connection.state === 'connected'} />}
      />
    </div>
  );
}
