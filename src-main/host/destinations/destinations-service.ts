/**
 * The broker's own account of its destinations for a connection's overview: RabbitMQ's management
 * API, ActiveMQ's statistics plugin (on a STOMP connection of its own), the sandbox's snapshot,
 * or a plain statement that the broker offers none of them. A failure is an answer too
 * (`available: false` with the reason), never a thrown error: the overview still shows what the
 * connection has seen.
 */
import { ApiError, type BrokerInfo, type BrokerPreset, type ConnectionView, type DestinationSettings } from '../../../src-core/api';
import { DESTINATION_LIMITS, type BrokerDestination } from '../../../src-core/api/schemas/destinations';
import type { DestinationsSnapshot } from '../../../src-core/broker/destination-registry';
import { addressOf } from '../../../src-core/client/connect-attempt';
import { describeAddress } from '../../../src-core/client/transport';
import type { ConnectionManager } from '../connections/connection-manager';
import { loadTls } from '../connections/connection-manager';
import type { ConnectSettings } from '../profiles/connect-settings';
import { queryActiveMqStatistics, type StatisticsResult } from './activemq-statistics';
import type { DestinationSettingsStore } from './destination-settings-store';
import { derivedManagementUrl } from './management-url';
import { queryRabbitMqQueues } from './rabbitmq-management';

export interface DestinationsDeps {
  readonly connections: Pick<ConnectionManager, 'get'>;
  readonly settings: (profileId: string) => Promise<ConnectSettings>;
  readonly profileExists: (profileId: string) => boolean;
  readonly sandboxDestinations: () => Promise<DestinationsSnapshot | undefined>;
  /** Destinations the connection has seen (sent to, subscribed to, received from). */
  readonly seen: (connectionId: string) => readonly string[];
  readonly store: DestinationSettingsStore;
  /** For tests: how long a broker may take to answer. */
  readonly timeoutMs?: number;
}

type BrokerKind = 'rabbitmq' | 'activemq' | 'sandbox' | 'artemis' | 'unknown';
/** An answer before the common fields (connection, times, empty lists) are filled in. */
type Answer = Omit<BrokerInfo, 'connectionId' | 'fetchedAt' | 'tookMs' | 'destinations' | 'total' | 'hidden'> & Partial<Pick<BrokerInfo, 'destinations' | 'total' | 'hidden'>>;

export class DestinationsService {
  private readonly inFlight = new Map<string, Promise<BrokerInfo>>();

  constructor(private readonly deps: DestinationsDeps) {}

  getSettings(profileId: string): DestinationSettings {
    this.requireProfile(profileId);
    return this.deps.store.get(profileId);
  }

  setSettings(profileId: string, managementUrl: string | null): Promise<DestinationSettings> {
    this.requireProfile(profileId);
    return this.deps.store.set(profileId, { managementUrl });
  }

  /** Asks the broker now; a second call while one runs shares its answer. */
  brokerInfo(connectionId: string): Promise<BrokerInfo> {
    const running = this.inFlight.get(connectionId);
    if (running) return running;
    const connection = this.deps.connections.get(connectionId);
    const asked = this.ask(connectionId, connection.view(), connection.client.uri.brokers[0]).finally(() => this.inFlight.delete(connectionId));
    this.inFlight.set(connectionId, asked);
    return asked;
  }

  private async ask(connectionId: string, view: ConnectionView, firstBroker: Parameters<typeof addressOf>[0] | undefined): Promise<BrokerInfo> {
    const started = Date.now();
    const finish = (info: Answer): BrokerInfo => ({ connectionId, fetchedAt: started, destinations: [], total: 0, hidden: 0, ...info, tookMs: Date.now() - started });
    try {
      const settings = await this.deps.settings(view.profileId);
      const kind = brokerKind(view, settings.preset);
      const seen = new Set(this.deps.seen(connectionId));
      const broker = view.broker ?? (firstBroker ? describeAddress(addressOf(firstBroker)) : undefined);
      if (kind === 'sandbox') return finish(await this.askSandbox());
      if (kind === 'rabbitmq') return finish(await this.askRabbitMq(view, settings, broker, seen));
      if (kind === 'activemq') return finish(await this.askActiveMq(view, settings, seen));
      return finish({ source: 'none', available: false, note: noneNote(kind, view.server) });
    } catch (error) {
      if (error instanceof ApiError) return finish({ source: 'none', available: false, note: 'Could not ask the broker.', error: error.message });
      throw error;
    }
  }

  private async askSandbox(): Promise<Answer> {
    const snapshot = await this.deps.sandboxDestinations();
    if (!snapshot) return { source: 'sandbox', available: false, note: 'The sandbox broker is not running.' };
    const destinations = sandboxDestinations(snapshot);
    return { source: 'sandbox', available: true, note: 'Figures from the built-in sandbox broker, read directly.', destinations, total: destinations.length };
  }

  private async askRabbitMq(view: ConnectionView, settings: ConnectSettings, broker: string | undefined, seen: ReadonlySet<string>): Promise<Answer> {
    const source = 'rabbitmq-management';
    const endpoint = this.deps.store.get(view.profileId).managementUrl ?? (broker ? derivedManagementUrl(broker) : undefined);
    if (!endpoint) return { source, available: false, note: 'No management URL: set one for this profile.' };
    const tls = endpoint.startsWith('https:') && settings.tls ? await loadTls(settings.tls) : undefined;
    try {
      const result = await queryRabbitMqQueues({
        baseUrl: endpoint,
        vhost: settings.host ?? '/',
        login: settings.login,
        passcode: settings.passcode,
        ca: tls?.ca as Buffer | undefined,
        rejectUnauthorized: tls?.rejectUnauthorized,
        timeoutMs: this.timeoutMs,
        limit: DESTINATION_LIMITS.listed,
        seen,
      });
      const note = `Queue figures from RabbitMQ's management API at ${endpoint} (it refreshes them every few seconds). Topics and exchanges hold no messages on RabbitMQ: a topic's go to each subscriber's own queue.`;
      return { source, available: true, endpoint, note, ...counts(result) };
    } catch (error) {
      return { source, endpoint, available: false, note: "RabbitMQ's management API gave no figures this time.", error: (error as Error).message };
    }
  }

  private async askActiveMq(view: ConnectionView, settings: ConnectSettings, seen: ReadonlySet<string>): Promise<Answer> {
    const source = 'activemq-statistics';
    // The broker the connection reached (one of a failover plan's), else the profile's plan.
    const uri = view.state === 'connected' && view.broker ? view.broker : settings.uri;
    const tls = settings.tls ? await loadTls(settings.tls) : undefined;
    try {
      const result = await queryActiveMqStatistics({
        client: { uri, login: settings.login, passcode: settings.passcode, host: settings.host, versions: settings.versions, tls },
        timeoutMs: this.timeoutMs,
        limit: DESTINATION_LIMITS.listed,
        seen,
      });
      const note = "Figures from ActiveMQ's statistics plugin (ActiveMQ.Statistics.Destination), asked on a STOMP connection of its own.";
      return { source, available: true, endpoint: uri, note, ...counts(result) };
    } catch (error) {
      return { source, endpoint: uri, available: false, note: "ActiveMQ's statistics plugin gave no figures this time.", error: (error as Error).message };
    }
  }

  private get timeoutMs(): number {
    return this.deps.timeoutMs ?? 5000;
  }

  private requireProfile(profileId: string): void {
    if (!this.deps.profileExists(profileId)) throw new ApiError('not-found', `no profile with id ${JSON.stringify(profileId)}`, { id: profileId });
  }
}

/** Which kind of broker it is: the CONNECTED `server` header says best; before it, the profile's preset. */
function brokerKind(view: ConnectionView, preset: BrokerPreset): BrokerKind {
  if (view.sandbox) return 'sandbox';
  const server = view.server ?? '';
  if (/^RabbitMQ\//i.test(server)) return 'rabbitmq';
  if (/artemis/i.test(server)) return 'artemis';
  if (/^ActiveMQ\//i.test(server)) return 'activemq';
  if (server) return 'unknown';
  if (preset === 'rabbitmq' || preset === 'activemq' || preset === 'artemis' || preset === 'sandbox') return preset;
  return 'unknown';
}

function noneNote(kind: BrokerKind, server: string | undefined): string {
  const who = server ? `This broker (${server})` : 'This broker';
  if (kind === 'artemis') return `${who} offers neither RabbitMQ's management API nor ActiveMQ Classic's statistics plugin (Artemis reports its queues over JMX or its web console only): the overview shows what this connection has seen.`;
  return `${who} offers neither RabbitMQ's management API nor ActiveMQ's statistics plugin as far as STOMP Explorer knows: the overview shows what this connection has seen.`;
}

function counts(result: StatisticsResult): Pick<BrokerInfo, 'destinations' | 'total' | 'hidden'> {
  return { destinations: result.destinations, total: result.total, hidden: result.hidden };
}

/** The sandbox's queues (depth counts waiting and unacked, as RabbitMQ's `messages` does) and topics. */
export function sandboxDestinations(snapshot: DestinationsSnapshot): BrokerDestination[] {
  const queues: BrokerDestination[] = snapshot.queues.map((q) => ({
    destination: q.name,
    kind: 'queue',
    brokerName: q.name,
    depth: q.depth + q.inFlight,
    ready: q.depth,
    unacked: q.inFlight,
    consumers: q.consumers,
    enqueued: q.enqueued,
  }));
  const topics: BrokerDestination[] = snapshot.topics.map((t) => ({ destination: t.name, kind: 'topic', brokerName: t.name, consumers: t.subscribers, enqueued: t.published }));
  return [...queues, ...topics].slice(0, DESTINATION_LIMITS.listed);
}
