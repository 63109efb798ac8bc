/** What the composer adds below the body (issue 14): a schema encoder and payload scripts. */
import type { ConnectionView } from '../../../../src-core/api';
import './composer-extras.css';
import { PayloadScriptPanel } from './payload-script-panel';
import { SchemaEncoder } from './schema-encoder';

export function ComposerExtras({ connection }: { connection: ConnectionView | undefined }) {
  return (
    <div className="composer-extras">
      <SchemaEncoder connection={connection} />
      <PayloadScriptPanel connection={connection} />
    </div>
  );
}
