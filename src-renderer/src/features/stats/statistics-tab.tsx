/** The Statistics tab's entry: the panel (and uPlot with it) loads only when the tab is opened. */
import { lazy, Suspense } from 'react';
import type { ConnectionView } from '../../../../src-core/api';

const StatisticsPanel = lazy(() => import('./statistics-panel'));

export function StatisticsTab({ connection }: { connection: ConnectionView | undefined }) {
  return (
    <Suspense fallback={<p className="muted">loading…</p>}>
      <StatisticsPanel connection={connection} />
    </Suspense>
  );
}
