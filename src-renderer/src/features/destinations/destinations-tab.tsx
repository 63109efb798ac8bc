/** The Destinations tab's entry: its panel loads only when the tab is opened. */
import { lazy, Suspense } from 'react';
import type { BrokerPreset, ConnectionView } from '../../../../src-core/api';

const DestinationsPanel = lazy(() => import('./destinations-panel'));

export function DestinationsTab({ connection, preset }: { connection: ConnectionView | undefined; preset: BrokerPreset | undefined }) {
  return (
    <Suspense fallback={<p className="muted">loading…</p>}>
      <DestinationsPanel connection={connection} preset={preset} />
    </Suspense>
  );
}
