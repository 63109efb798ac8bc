/**
 * Which service answers which method. Params arrive validated (the adapters ran the contract's
 * schemas); every handler returns exactly the method's result shape.
 */
import { API_VERSION, ApiError, isWireFilterActive, type MethodName, type MethodResult, type ValidParams } from '../../src-core/api';
import type { CaptureRegistry } from './capture';
import { CaptureExportCursorError, FilterError } from './capture';
import type { ConnectionManager } from './connections/connection-manager';
import { rawReplayBytes } from './connections/raw-replay';
import { wireExportPage } from './connections/wire-export';
import { beginTransaction, cancelOperation, endTransaction, replayMessage, resubmit, sendMessage, type ProgressSink } from './connections/send-operations';
import { ackAll, ackPreview, addSubscription, pauseSubscription, removeSubscription, resumeSubscription, settle } from './connections/subscription-operations';
import type { CapturePort } from './connections/capture-port';
import type { WireWatches } from './connections/wire-watches';
import type { ProfileStore } from './profiles';
import type { TemplateStore } from './templates';
import type { SchemaRoutes } from './schemas/schema-routes';
import type { ScriptRoutes } from './scripting/script-routes';
import type { LoadRoutes } from './load/load-routes';
import type { RawRoutes } from './raw/raw-routes';
import type { StatsRoutes } from './stats/stats-routes';
import type { DestinationRoutes } from './destinations/destination-routes';
import type { ProxyRoutes } from './proxy/proxy-routes';

export interface RouterServices {
  readonly mode: 'electron' | 'web';
  readonly hostVersion: string;
  readonly profiles: ProfileStore;
  readonly templates: TemplateStore;
  readonly captures: CaptureRegistry;
  readonly capturePort: CapturePort;
  readonly connections: ConnectionManager;
  readonly wireWatches: WireWatches;
  readonly capturesChanged: () => void;
  readonly sendProgress: (connectionId: string) => ProgressSink;
  /** Schema-aware bodies, scripts and load runs (issue 14): routes of their own. */
  readonly featureRoutes: SchemaRoutes & ScriptRoutes & LoadRoutes;
  /** The raw frame composer (issue 11). */
  readonly rawRoutes: RawRoutes;
  /** Statistics and the destination overview (issue 11). */
  readonly trafficRoutes: StatsRoutes & DestinationRoutes;
  /** The recording and intercepting proxy (issue 12). */
  readonly proxyRoutes: ProxyRoutes;
}

type Handlers = { [M in MethodName]: (params: ValidParams<M>) => Promise<MethodResult<M>> | MethodResult<M> };

const OK = { ok: true } as const;

export function createRouter(s: RouterServices): Handlers {
  const { profiles, templates, captures, connections, capturePort } = s;
  return {
    ...s.featureRoutes,
    ...s.rawRoutes,
    ...s.trafficRoutes,
    ...s.proxyRoutes,
    'app.hello': ({ apiVersion }) => {
      if (apiVersion !== API_VERSION) {
        throw new ApiError('version-mismatch', `this host speaks contract version ${API_VERSION}, the UI ${apiVersion}: use a UI and host of the same build`);
      }
      return { apiVersion: API_VERSION, mode: s.mode, hostVersion: s.hostVersion };
    },

    'profiles.list': () => ({ profiles: profiles.list() }),
    'profiles.create': async ({ profile }) => ({ profile: await profiles.create(profile) }),
    'profiles.update': async ({ id, patch }) => ({ profile: await profiles.update(id, patch) }),
    'profiles.duplicate': async ({ id }) => ({ profile: await profiles.duplicate(id) }),
    'profiles.delete': async ({ id }) => (await profiles.delete(id), OK),
    'profiles.export': ({ ids }) => ({ json: profiles.exportJson(ids) }),
    'profiles.importPreview': ({ json }) => ({ entries: profiles.previewImport(json) }),
    'profiles.import': ({ json, actions }) => profiles.importJson(json, actions),
    'profiles.checkUri': ({ uri }) => {
      const check = profiles.checkUri(uri);
      return { brokers: check.brokers, failover: check.failover };
    },

    'connections.list': () => ({ connections: connections.list() }),
    'connections.open': async ({ profileId, wait }) => ({ connection: (await connections.open(profileId, wait)).view() }),
    'connections.close': async ({ connectionId }) => (await connections.close(connectionId), OK),
    'connections.reconnect': async ({ connectionId, wait }) => ({ connection: (await connections.reopen(connectionId, wait)).view() }),
    'connections.forget': async ({ connectionId }) => (await connections.forget(connectionId), OK),

    'subscriptions.add': async (input) => {
      const connection = connections.get(input.connectionId);
      const live = await addSubscription(connection, capturePort, input);
      return { subscription: connection.view().subscriptions.find((v) => v.id === live.id)! };
    },
    'subscriptions.pause': async ({ connectionId, subscriptionId }) => {
      const connection = connections.get(connectionId);
      const live = await pauseSubscription(connection, capturePort, subscriptionId);
      return { subscription: connection.view().subscriptions.find((v) => v.id === live.id)! };
    },
    'subscriptions.resume': async ({ connectionId, subscriptionId }) => {
      const connection = connections.get(connectionId);
      const live = await resumeSubscription(connection, subscriptionId);
      return { subscription: connection.view().subscriptions.find((v) => v.id === live.id)! };
    },
    'subscriptions.ackAll': async ({ connectionId, subscriptionId }) => ({ acked: await ackAll(connections.get(connectionId), capturePort, subscriptionId) }),
    'subscriptions.remove': async ({ connectionId, subscriptionId }) => {
      await removeSubscription(connections.get(connectionId), capturePort, subscriptionId);
      return OK;
    },

    'captures.list': () => ({ captures: captures.views() }),
    'captures.export': async ({ captureId }) => ({ ndjson: await captures.exportText(captures.require(captureId).id) }),
    'captures.exportPage': async ({ captureId, cursor, maxBytes }) => {
      try {
        return await captures.exportPage(captureId, cursor, maxBytes);
      } catch (error) {
        if (error instanceof CaptureExportCursorError) throw new ApiError('invalid-request', error.message);
        throw error;
      }
    },
    'captures.import': async ({ ndjson, label }) => {
      try {
        const store = await captures.import(ndjson, { label });
        s.capturesChanged();
        return { capture: store.view() };
      } catch (error) {
        throw new ApiError('invalid-request', (error as Error).message);
      }
    },
    'captures.clear': ({ captureId }) => (captures.require(captureId), captures.clear(captureId), s.capturesChanged(), OK),
    'captures.setLimit': ({ memoryBytes }) => (captures.setMemoryBudget(memoryBytes), OK),

    'messages.list': async ({ captureId, offset, limit, filter }) => {
      try {
        return await captures.require(captureId).list(offset, limit, filter);
      } catch (error) {
        if (error instanceof FilterError) throw new ApiError('invalid-request', error.message);
        throw error;
      }
    },
    'messages.get': ({ captureId, seq, bodyLimit }) => {
      const message = captures.require(captureId).get(seq, bodyLimit);
      if (!message) throw new ApiError('not-found', `capture ${captureId} has no message ${seq}`);
      return { message };
    },
    'messages.bodyPage': ({ captureId, seq, offset, length }) => {
      const page = captures.require(captureId).bodyPage(seq, offset, length);
      if (!page) throw new ApiError('not-found', `capture ${captureId} has no message ${seq}`);
      return { size: page.size, offset: Math.min(offset, page.size), base64: page.bytes.toString('base64') };
    },
    'messages.ack': (ref) => settle(connections.byCapture(ref.captureId), capturePort, 'ack', ref),
    'messages.nack': (ref) => settle(connections.byCapture(ref.captureId), capturePort, 'nack', ref),
    'messages.ackPreview': (ref) => ackPreview(connections.byCapture(ref.captureId), ref),
    'messages.send': (input) => sendMessage(connections.get(input.connectionId), input, s.sendProgress(input.connectionId)),
    'messages.replay': (input) => replayMessage(connections.get(input.connectionId), capturePort, input, s.sendProgress(input.connectionId)),
    'messages.replayPreview': async ({ source, mode }) => {
      const { raw } = await capturePort.frame(source.captureId, source.seq);
      if (!raw) throw new ApiError('unsupported', 'this message was captured without its raw bytes; replay it as captured instead');
      const { bytes, removed, warnings } = rawReplayBytes(raw, mode);
      return { bytesBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), removed, warnings };
    },
    'messages.cancel': ({ operationId }) => ({ cancelled: cancelOperation(connections.all(), operationId) }),
    'messages.resubmit': async (input) => ({ moved: await resubmit(connections.byCapture(input.captureId), capturePort, input) }),

    'transactions.begin': async ({ connectionId }) => ({ transactionId: await beginTransaction(connections.get(connectionId)) }),
    'transactions.commit': async ({ connectionId, transactionId }) => (await endTransaction(connections.get(connectionId), transactionId, 'commit'), OK),
    'transactions.abort': async ({ connectionId, transactionId }) => (await endTransaction(connections.get(connectionId), transactionId, 'abort'), OK),
    'transactions.list': ({ connectionId }) => ({ transactions: connections.get(connectionId).transactionViews() }),

    'templates.list': () => ({ templates: templates.list() }),
    'templates.save': async ({ template }) => ({ template: await templates.save(template) }),
    'templates.delete': async ({ id }) => (await templates.delete(id), OK),

    'wire.list': ({ connectionId, offset, limit, filter }) => {
      const wire = connections.get(connectionId).wire;
      if (filter && isWireFilterActive(filter)) return wire.filteredPage(filter, offset, limit);
      return { total: wire.total, entries: wire.page(offset, limit).map(({ entry }) => entry) };
    },
    'wire.frameBytes': ({ connectionId, seq }) => {
      const connection = connections.get(connectionId);
      const bytes = connection.wire.frameBytes(seq);
      const entry = connection.wire.page(seq, 1)[0]?.entry;
      const masked = entry?.command === 'CONNECT' || entry?.command === 'STOMP';
      return bytes ? { kept: true, bytesBase64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), masked } : { kept: false, masked };
    },
    'wire.exportPage': ({ connectionId, offset, limit }) => wireExportPage(connections.get(connectionId), offset, limit),
    'wire.watch': ({ connectionId }) => ({ watchMs: s.wireWatches.watch(connections.get(connectionId).id) }),
    'wire.heartbeats': ({ connectionId, sinceMs }) => connections.get(connectionId).heartbeats.timeline(sinceMs),
    'receipts.list': ({ connectionId }) => ({ receipts: connections.get(connectionId).receipts() }),
  };
}
