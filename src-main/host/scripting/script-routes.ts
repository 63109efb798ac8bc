/** The contract's scripts.* methods, for the request router. */
import type { MethodName } from '../../../src-core/api';
import type { ConnectionManager } from '../connections/connection-manager';
import type { ProgressSink } from '../connections/send-operations';
import type { Handler } from '../schemas/schema-routes';
import type { ScriptService } from './script-service';

export type ScriptRoutes = { [M in Extract<MethodName, 'scripts.check' | 'scripts.preview' | 'scripts.send'>]: Handler<M> };

export function scriptRoutes(scripts: ScriptService, connections: ConnectionManager, progress: (connectionId: string) => ProgressSink): ScriptRoutes {
  return {
    'scripts.check': async ({ kind, source }) => (await scripts.check(kind, source), { ok: true }),
    'scripts.preview': async (input) => ({ messages: await scripts.preview(input) }),
    'scripts.send': (input) => scripts.send(connections.get(input.connectionId), input, progress(input.connectionId)),
  };
}
