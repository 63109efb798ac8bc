/** The dock's "Raw frame" tab: the composer loads when first opened, so it costs the first load nothing. */
import { lazy, Suspense } from 'react';
import type { ConnectionView } from '../../../../src-core/api';

const RawComposer = lazy(() => import('./raw-composer').then((m) => ({ default: m.RawComposer })));

export function RawComposerTab({ connection }: { connection: ConnectionView | undefined }) {
  return (
    <Suspense fallback={<p className="muted raw-loading">Loading the raw frame composer…</p>}>
      <RawComposer connection={connection} />
    </Suspense>
  );
}
