/**
 * One connection attempt to one broker: open the transport, write CONNECT, wait for CONNECTED.
 * Resolves with a live connection whose heart-beats run; rejects with why it failed.
 */
import type { ConnectedInfo } from '../protocol/commands/connected';
import { error as errorInfo } from '../protocol/commands/error';
import type { FailoverBroker } from '../protocol/failover-uri';
import type { Frame } from '../protocol/frame';
import type { StompVersion } from '../protocol/spec';
import { BrokerError, ConnectionLostError } from './client-errors';
import type { TransportOpener } from './open-transport';
import { StompConnection } from './stomp-connection';
import type { TransportAddress, TransportOptions } from './transport';
import type { WireEntry } from './wire-entry';

export interface AttemptSettings {
  readonly open: TransportOpener;
  readonly transport: TransportOptions;
  readonly connectedTimeout: number;
  readonly heartBeatTolerance: number;
  readonly strict: boolean;
  readonly parserLimits?: ConstructorParameters<typeof StompConnection>[1]['limits'];
  readonly versions: readonly StompVersion[];
  readonly keepRaw?: boolean;
  readonly borrowBodies?: boolean;
  /** Whether the wire log has a reader: the connection skips building entries otherwise. */
  readonly wireWanted?: () => boolean;
  /** Listens to the wire from the CONNECT on (failed handshakes too) for the connection's whole life. */
  readonly onWire?: (entry: WireEntry, broker: string) => void;
}

export interface Handshake {
  /** The CONNECT frame to write. */
  readonly frame: Frame;
  /** Reads CONNECTED (throws for a version not offered, a bad heart-beat header...). */
  readonly accept: (connected: Frame) => ConnectedInfo;
}

export interface Attempted {
  readonly connection: StompConnection;
  readonly info: ConnectedInfo;
  readonly broker: string;
}

/** A broker that answers CONNECT with ERROR refused us: bad login, unknown vhost. Retrying won't help. */
export class ConnectRefusedError extends BrokerError {}

export function addressOf(broker: FailoverBroker): TransportAddress {
  const path = broker.path || broker.query ? `${broker.path || '/'}${broker.query ? `?${broker.query}` : ''}` : undefined;
  return { scheme: broker.scheme, host: broker.host, port: broker.port, path };
}

export async function attemptConnect(broker: FailoverBroker, handshake: Handshake, settings: AttemptSettings): Promise<Attempted> {
  const address = addressOf(broker);
  const transport = await settings.open(address, settings.transport);
  const name = transport.description;
  // Until CONNECTED says otherwise, parse by the highest version offered (CONNECTED is never escaped).
  const highest = [...settings.versions].sort().at(-1) ?? '1.2';
  const connection = new StompConnection(transport, { version: highest, strict: settings.strict, limits: settings.parserLimits, keepRaw: settings.keepRaw, borrowBodies: settings.borrowBodies, wireWanted: settings.wireWanted });
  const onWire = settings.onWire;
  const stopWire = onWire ? connection.on('wire', (entry) => onWire(entry, name)) : undefined;

  return new Promise<Attempted>((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      offFrame();
      offClose();
      stopWire?.();
      connection.destroy();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new ConnectionLostError(name, `no CONNECTED within ${settings.connectedTimeout} ms of CONNECT`)),
      settings.connectedTimeout,
    );
    const offClose = connection.on('close', (error) =>
      fail(new ConnectionLostError(name, error ? error.message : 'the broker closed the connection before CONNECTED')),
    );
    const offFrame = connection.on('frame', (frame) => {
      if (frame.command === 'ERROR') return fail(new ConnectRefusedError(errorInfo(frame), name));
      let info: ConnectedInfo;
      try {
        info = handshake.accept(frame);
      } catch (error) {
        return fail(error as Error);
      }
      clearTimeout(timer);
      offFrame();
      offClose();
      // The wire listener stays: the log follows the connection for its whole life.
      connection.setVersion(info.version);
      connection.startHeartBeats(info.heartBeat.sendEvery, info.heartBeat.expectEvery, settings.heartBeatTolerance);
      resolve({ connection, info, broker: name });
    });
    try {
      void connection.send(handshake.frame);
    } catch (error) {
      fail(error as Error);
    }
  });
}
