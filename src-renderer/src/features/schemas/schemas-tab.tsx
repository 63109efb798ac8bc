/** The Schemas tab's entry: its panel loads when the tab is first opened. */
import { lazy, Suspense } from 'react';
import type { ConnectionView } from '../../../../src-core/api';

const SchemasPanel = lazy(() => import('./schemas-panel').then((m) => ({ default: m.SchemasPanel })));

export function SchemasTab({ connection }: { connection: ConnectionView | undefined }) {
  return (
    <Suspense fallback={<p className="muted">loading…</p>}>
      <SchemasPanel connection={connection} />
    </Suspense>
  );
}
