/** The Decoded viewer, loaded when first shown: the main bundle stays as small as it was. */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { DecodedView as View } from './decoded-view';

const DecodedView = lazy(() => import('./decoded-view').then((m) => ({ default: m.DecodedView })));

export function LazyDecodedView(props: ComponentProps<typeof View>) {
  return (
    <Suspense fallback={<p className="muted body-empty">loading…</p>}>
      <DecodedView {...props} />
    </Suspense>
  );
}
