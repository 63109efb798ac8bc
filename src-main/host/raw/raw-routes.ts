/** The contract's raw.* methods (the raw frame composer), and the services behind them, for the request router. */
import type { MethodName } from '../../../src-core/api';
import type { ConnectionManager } from '../connections/connection-manager';
import type { Handler } from '../schemas/schema-routes';
import { checkRaw } from './raw-check';
import { sendRaw } from './raw-send';
import { RawTemplateStore } from './raw-template-store';

export type RawRoutes = { [M in Extract<MethodName, 'raw.check' | 'raw.send' | 'raw.listTemplates' | 'raw.saveTemplate' | 'raw.deleteTemplate'>]: Handler<M> };

export async function createRawRoutes(deps: { dataDir: string; connections: ConnectionManager }): Promise<RawRoutes> {
  const templates = await RawTemplateStore.open({ dataDir: deps.dataDir });
  return {
    'raw.check': ({ recipe, connectionId, version }) => {
      const connection = connectionId === undefined ? undefined : deps.connections.get(connectionId);
      // The negotiated version while connected; otherwise the one asked for (default 1.2).
      const negotiated = connection?.client.connectedInfo?.version;
      const context = negotiated
        ? { version: negotiated, versionFrom: 'connection' as const, live: true }
        : { version: version ?? '1.2', versionFrom: 'chosen' as const, live: false };
      return checkRaw(recipe, context).check;
    },
    'raw.send': ({ connectionId, recipe, sha256, waitMs }) => sendRaw(deps.connections.get(connectionId), { recipe, sha256, waitMs }),
    'raw.listTemplates': () => ({ templates: templates.list() }),
    'raw.saveTemplate': async ({ template }) => ({ template: await templates.save(template) }),
    'raw.deleteTemplate': async ({ id }) => (await templates.delete(id), { ok: true as const }),
  };
}
