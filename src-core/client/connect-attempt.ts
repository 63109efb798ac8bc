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
import { describeAddress, type TransportAddress, type TransportOptions } from './transport';
import type { BrokerWireEntry } from './wire-entry';

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
  readonly onWire?: (entry: BrokerWireEntry) => void;
  /** Aborts the attempt at once, wherever it is (opening the transport, waiting for CONNECTED). */
  readonly signal?: AbortSignal;
}

/** The attempt was stopped from outside (a disconnect while connecting). */
export class AttemptAbortedError extends Error {
  constructor(readonly broker: string) {
    super(`connecting to ${broker} was stopped`);
    this.name = 'AttemptAbortedError';
  }
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
  const signal = settings.signal;
  const transport = await abortable(settings.open(address, settings.transport), signal, describeAddress(address), (late) => late.destroy());
  const name = transport.description;
  // Until CONNECTED says otherwise, parse by the highest version offered (CONNECTED is never escaped).
  const highest = [...settings.versions].sort().at(-1) ?? '1.2';
  const connection = new StompConnection(transport, { version: highest, strict: settings.strict, limits: settings.parserLimits, keepRaw: settings.keepRaw, borrowBodies: settings.borrowBodies, wireWanted: settings.wireWanted });
  const onWire = settings.onWire;
  const stopWire = onWire ? connection.on('wire', onWire) : undefined;

  return new Promise<Attempted>((resolve, reject) => {
    const onAbort = () => fail(new AttemptAbortedError(name));
    const fail = (error: Error) => {
      clearTimeout(timer);
      offFrame();
      offClose();
      stopWire?.();
      signal?.removeEventListener('abort', onAbort);
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
      signal?.removeEventListener('abort', onAbort);
      // The wire listener stays: the log follows the connection for its whole life.
      connection.setVersion(info.version);
      connection.startHeartBeats(info.heartBeat.sendEvery, info.heartBeat.expectEvery, settings.heartBeatTolerance);
      resolve({ connection, info, broker: name });
    });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      void connection.send(handshake.frame);
    } catch (error) {
      fail(error as Error);
    }
  });
}

/** `work`, unless `signal` aborts first; what `work` yields after an abort is handed to `discard`. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string, discard: (late: T) => void): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.then(discard, () => undefined);
    return Promise.reject(new AttemptAbortedError(what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      work.then(discard, () => undefined);
      reject(new AttemptAbortedError(what));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) discard(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
