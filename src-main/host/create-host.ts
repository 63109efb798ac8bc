/**
 * Composes the host: stores, capture, sandbox, connections, the request router and batched
 * events, behind the narrow Host interface the adapters use. Plain Node; no Electron import.
 */
import { join } from 'node:path';
import { ApiError, type EventEnvelope, type MethodName, type ValidRequest } from '../../src-core/api';
import { CaptureClearedError, CaptureImportError, CaptureNotFoundError, CaptureRegistry, FilterError } from './capture';
import { captureAdapter } from './capture-adapter';
import { ConnectionManager } from './connections/connection-manager';
import type { ConnectionNotifier } from './connections/live-connection';
import { toApiError } from './connections/to-api-error';
import { WireWatches } from './connections/wire-watches';
import { EventBatcher } from './events/event-batcher';
import type { Host, HostEventListener } from './host-api';
import { ProfileStore } from './profiles';
import { createRawRoutes } from './raw/raw-routes';
import { createRouter } from './request-router';
import { createFeatureServices } from './schemas/feature-services';
import { profileSchemasSchema } from './schemas/schema-file';
import { createTrafficServices } from './stats/traffic-services';
import { ProxyService } from './proxy/proxy-service';
import { proxyRoutes } from './proxy/proxy-routes';
import { SandboxService } from './sandbox-service';
import { EncryptedFileSecretStore, type SecretStore } from './secrets';
import { TemplateStore } from './templates';

export interface HostOptions {
  readonly dataDir: string;
  readonly mode: 'electron' | 'web';
  /** Electron passes its safeStorage-backed store; browser mode uses the encrypted file store. */
  readonly secretStore?: SecretStore;
  readonly hostVersion?: string;
  /** Memory for captured messages before they spill to disk. */
  readonly captureMemoryBytes?: number;
  /** How often batched events go out (ms). */
  readonly eventIntervalMs?: number;
}

/** Newest rows sent with each `messages.captured` batch: about a screenful. */
const NEWEST_ROWS = 50;
/**
 * Wire entries sent with each `wire.appended` batch: the log's last screenful and some (it pages
 * older ones). At 10k frames a second, 500 a batch was 1 MB/s of JSON for a log nobody watched.
 */
const WIRE_BATCH = 100;

export async function createHost(options: HostOptions): Promise<Host> {
  const secrets = options.secretStore ?? new EncryptedFileSecretStore({ dataDir: options.dataDir });
  const profiles = await ProfileStore.open({ dataDir: options.dataDir, secrets });
  const templates = await TemplateStore.open({ dataDir: options.dataDir });
  const captures = new CaptureRegistry({ directory: join(options.dataDir, 'captures'), memoryBudgetBytes: options.captureMemoryBytes });
  const sandbox = new SandboxService();
  const listeners = new Set<HostEventListener>();
  const emit = (event: EventEnvelope) => {
    for (const listener of listeners) listener(event);
  };

  let connections: ConnectionManager;
  const wireWatches = new WireWatches();
  const batcher = new EventBatcher(
    {
      connection: (id) => {
        try {
          return { connection: connections.get(id).view() };
        } catch {
          return undefined;
        }
      },
      captured: (captureId, added) => {
        const store = captures.get(captureId);
        if (!store) return undefined;
        const from = Math.max(store.firstSeq, store.nextSeq - NEWEST_ROWS);
        return { captureId, total: store.count, added, newest: store.summaries(from) };
      },
      wire: (connectionId, since) => {
        try {
          const wire = connections.get(connectionId).wire;
          if (!wireWatches.isWatched(connectionId)) return { connectionId, total: wire.total, entries: [] };
          const from = Math.max(since, wire.total - WIRE_BATCH);
          return { connectionId, total: wire.total, entries: wire.page(from, WIRE_BATCH).map(({ entry }) => entry) };
        } catch {
          return undefined;
        }
      },
      captures: () => ({ captures: captures.views() }),
    },
    emit,
    options.eventIntervalMs,
  );

  const notifier: ConnectionNotifier = {
    changed: (id) => batcher.connectionChanged(id),
    wire: (id, seq) => batcher.wireAppended(id, seq),
    receipts: (id) => batcher.receiptsChanged(id),
    captured: (captureId) => batcher.messageCaptured(captureId),
    brokerError: (connectionId, message, body) => batcher.now('broker.error', { connectionId, message, body, at: Date.now() }),
  };
  const capturePort = captureAdapter(captures, () => batcher.capturesListChanged());
  connections = new ConnectionManager(
    { settings: (profileId) => profiles.getConnectSettings(profileId), sandboxUri: () => sandbox.uri() },
    capturePort,
    notifier,
  );
  const stopProfiles = profiles.onChange((list) => batcher.now('profiles.changed', { profiles: list }));
  const features = await createFeatureServices({
    dataDir: options.dataDir,
    profiles,
    connections,
    capturePort,
    sandboxUri: () => sandbox.uri(),
    sendProgress: (connectionId) => (operationId, progress) => batcher.now('send.progress', { operationId, connectionId, ...progress }),
    emit: (event, payload) => batcher.now(event, payload),
  });
  // A profile's schemas travel with its export (never a secret).
  profiles.attachExtras({
    key: 'schemas',
    read: (id) => features.schemas.exportFor(id),
    check: (value) => {
      const parsed = profileSchemasSchema.safeParse(value);
      if (!parsed.success) throw new ApiError('invalid-request', parsed.error.issues.map((i) => `${i.path.join('.') || '(schemas)'}: ${i.message}`).join('; '));
    },
    write: (id, value) => features.schemas.importFor(id, value),
  });
  const proxies = await ProxyService.open({ dataDir: options.dataDir, settings: (id) => profiles.getConnectSettings(id), sandboxUri: () => sandbox.uri(), emit: (event, payload) => batcher.now(event, payload) });
  const rawRoutes = await createRawRoutes({ dataDir: options.dataDir, connections });
  const traffic = await createTrafficServices({ dataDir: options.dataDir, connections, profiles, sandbox, emit: (payload) => batcher.now('stats.updated', payload) });
  const router = createRouter({
    mode: options.mode,
    hostVersion: options.hostVersion ?? '0.1.0',
    profiles,
    templates,
    captures,
    capturePort,
    connections,
    wireWatches,
    capturesChanged: () => batcher.capturesListChanged(),
    sendProgress: (connectionId) => (operationId, progress) => batcher.now('send.progress', { operationId, connectionId, ...progress }),
    featureRoutes: features.routes,
    trafficRoutes: traffic.routes,
    rawRoutes,
    proxyRoutes: proxyRoutes(proxies),
  });

  return {
    mode: options.mode,
    async handle(request: ValidRequest): Promise<unknown> {
      const handler = router[request.method] as (params: unknown) => unknown;
      try {
        return await handler(request.params);
      } catch (error) {
        throw asApiError(error, request.method);
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      stopProfiles();
      await features.dispose();
      traffic.dispose();
      await proxies.dispose();
      batcher.dispose();
      await connections.dispose();
      await sandbox.dispose();
      captures.dispose();
      listeners.clear();
    },
  };
}

function asApiError(error: unknown, method: MethodName): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof CaptureNotFoundError || error instanceof CaptureClearedError) return new ApiError('not-found', error.message);
  if (error instanceof FilterError || error instanceof CaptureImportError) return new ApiError('invalid-request', error.message);
  const mapped = toApiError(error, 'internal');
  return mapped.code === 'internal' ? new ApiError('internal', `${method} failed: ${mapped.message}`) : mapped;
}
