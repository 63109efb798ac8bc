/** Every open connection of the app, opened from a saved profile. */
import { readFile } from 'node:fs/promises';
import { ApiError, type ConnectionView } from '../../../src-core/api';
import type { ClientOptions } from '../../../src-core/client/client-options';
import type { ConnectSettings } from '../profiles/connect-settings';
import type { CapturePort } from './capture-port';
import { LiveConnection, type ConnectionNotifier } from './live-connection';

export interface ConnectionSources {
  settings(profileId: string): Promise<ConnectSettings>;
  /** Starts the embedded broker if needed; returns its URI. */
  sandboxUri(): Promise<string>;
}

/** Told of every connection made and forgotten (statistics count from the first frame on). */
export interface ConnectionWatcher {
  created(connection: LiveConnection): void;
  removed(connectionId: string): void;
}

export class ConnectionManager {
  private readonly connections = new Map<string, LiveConnection>();
  private readonly watchers = new Set<ConnectionWatcher>();
  private nextId = 1;

  constructor(
    private readonly sources: ConnectionSources,
    private readonly capture: CapturePort,
    private readonly notify: ConnectionNotifier,
  ) {}

  watch(watcher: ConnectionWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  list(): ConnectionView[] {
    return [...this.connections.values()].map((c) => c.view());
  }

  all(): IterableIterator<LiveConnection> {
    return this.connections.values();
  }

  get(connectionId: string): LiveConnection {
    const connection = this.connections.get(connectionId);
    if (!connection) throw new ApiError('not-found', `no connection ${connectionId}`);
    return connection;
  }

  /**
   * Opens a connection. `wait: 'connected'` answers after CONNECTED, a failure, or the first retry
   * of a failover plan; `wait: 'started'` answers at once, with the connection in `connecting`,
   * and everything after (each attempt, CONNECTED, the failure) arrives as events: a UI shows the
   * new connection while it connects. A failure leaves it listed with its attempts.
   */
  async open(profileId: string, wait: OpenWait = 'connected'): Promise<LiveConnection> {
    const settings = await this.sources.settings(profileId);
    const sandbox = settings.embeddedBroker;
    const uri = sandbox ? await this.sources.sandboxUri() : settings.uri;
    const options: ClientOptions = {
      uri,
      login: settings.login,
      passcode: settings.passcode,
      host: settings.host,
      versions: settings.versions,
      heartBeat: settings.heartBeat,
      tls: settings.tls ? await loadTls(settings.tls) : undefined,
    };
    const id = `c${this.nextId++}`;
    const connection = new LiveConnection(id, { id: settings.profileId, name: settings.name, sandbox }, options, this.capture, this.notify);
    this.connections.set(id, connection);
    for (const watcher of this.watchers) watcher.created(connection);
    await openAndWait(connection, wait);
    return connection;
  }

  /**
   * Connects a connection that was closed or failed, again from its profile's plan; a live one is
   * dropped and reconnects (its subscriptions replayed). One still connecting is left to finish.
   */
  async reopen(connectionId: string, wait: OpenWait = 'connected'): Promise<LiveConnection> {
    const connection = this.get(connectionId);
    const state = connection.client.state;
    if (state === 'connected') {
      connection.reconnectNow();
      return connection;
    }
    if (state === 'connecting' || state === 'reconnecting' || state === 'disconnecting') return connection;
    await openAndWait(connection, wait);
    return connection;
  }
  async close(connectionId: string): Promise<void> {
    await this.get(connectionId).close();
  }

  /** Closes it if open and removes it from the list. */
  async forget(connectionId: string): Promise<void> {
    const connection = this.get(connectionId);
    this.connections.delete(connectionId);
    for (const watcher of this.watchers) watcher.removed(connectionId);
    await connection.close().catch(() => undefined);
  }

  /** The live connection feeding a capture, for requests that name only the capture. */
  byCapture(captureId: string): LiveConnection {
    const owner = this.capture.owner(captureId);
    if (!owner) throw new ApiError('not-found', `capture ${captureId} belongs to no live connection (an imported capture cannot be acked or resubmitted)`);
    return this.get(owner.connectionId);
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.connections.values()].map((c) => c.close()));
    this.connections.clear();
  }
}

export type OpenWait = 'connected' | 'started';

/** Waits for CONNECTED, a failure, or the first retry of the plan (then the rest arrives as events). */
async function openAndWait(connection: LiveConnection, wait: OpenWait): Promise<void> {
  const opened = connection.open();
  // The outcome, when it comes later, is in the connection's view.
  opened.catch(() => undefined);
  if (wait === 'started') return;
  let stop = () => undefined as void;
  const retrying = new Promise<void>((resolve) => (stop = connection.client.on('reconnecting', () => resolve())));
  try {
    await Promise.race([opened, retrying]);
  } finally {
    stop();
  }
}

export async function loadTls(tls: NonNullable<ConnectSettings['tls']>): Promise<ClientOptions['tls']> {
  const read = async (file: string | undefined, what: string) => {
    if (!file) return undefined;
    try {
      return await readFile(file);
    } catch (error) {
      throw new ApiError('io-error', `cannot read the TLS ${what} file ${file}: ${(error as Error).message}`);
    }
  };
  return {
    ca: await read(tls.caFile, 'CA'),
    cert: await read(tls.certFile, 'certificate'),
    key: await read(tls.keyFile, 'key'),
    servername: tls.servername,
    rejectUnauthorized: tls.verify === false ? false : undefined,
  };
}
