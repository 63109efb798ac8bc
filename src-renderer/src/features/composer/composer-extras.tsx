/**
 * What the composer adds below the body (issue 14): a schema encoder and payload scripts, loaded
 * after the composer itself (they are not needed for the app's first paint).
 */
import { lazy, Suspense } from 'react';
import type { ConnectionView } from '../../../../src-core/api';
import './composer-extras.css';

const SchemaEncoder = lazy(() => import('./schema-encoder').then((m) => ({ default: m.SchemaEncoder })));
const PayloadScriptPanel = lazy(() => import('./payload-script-panel').then((m) => ({ default: m.PayloadScriptPanel })));

export function ComposerExtras({ connection }: { connection: ConnectionView | undefined }) {
  return (
    <div className="composer-extras">
      <Suspense fallback={null}>
        <SchemaEncoder connection={connection} />
        <PayloadScriptPanel connection={connection} />
      </Suspense>
    </div>
  );
}
