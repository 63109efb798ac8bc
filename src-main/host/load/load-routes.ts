/** The contract's load.* methods, for the request router. */
import type { MethodName } from '../../../src-core/api';
import type { Handler } from '../schemas/schema-routes';
import type { LoadService } from './load-service';

export type LoadRoutes = { [M in Extract<MethodName, 'load.start' | 'load.stop' | 'load.list'>]: Handler<M> };

export function loadRoutes(load: LoadService): LoadRoutes {
  return {
    'load.start': async (input) => ({ run: await load.start(input) }),
    'load.stop': ({ runId }) => (load.stop(runId), { ok: true }),
    'load.list': () => ({ runs: load.list() }),
  };
}
