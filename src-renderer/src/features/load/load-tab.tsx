/** The Load tab's entry: the panel (and uPlot with it) loads only when the tab is opened. */
import { lazy, Suspense } from 'react';
import type { ConnectionView } from '../../../../src-core/api';

const LoadPanel = lazy(() => import('./load-panel'));

export function LoadTab({ connection }: { connection: ConnectionView | undefined }) {
  return (
    <Suspense fallback={<p className="muted">loading…</p>}>
      <LoadPanel connection={connection} />
    </Suspense>
  );
}
