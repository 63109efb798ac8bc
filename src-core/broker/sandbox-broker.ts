/**
 * `startSandboxBroker`: the in-process STOMP broker on loopback that the app offers as its
 * try-it-now default and that tests use to produce faults on demand.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { BrokerCore } from './broker-core';
import { BrokerConnection } from './connection';
import { DestinationRegistry, type DestinationsSnapshot } from './destination-registry';
import { mergeFaults, type FaultSwitches, type MalformedKind } from './faults';
import { IdSource } from './ids';
import { resolveOptions, type SandboxBrokerOptions } from './options';
import { emptyStats, type BrokerStats } from './stats';

export interface SandboxBroker {
  readonly host: string;
  /** The port actually bound (the random one when started with port 0). */
  readonly port: number;
  /** `tcp://host:port`, ready for a connection profile. */
  readonly url: string;
  /** Connections open now (handshake done or not). */
  readonly connections: number;
  /** Ends every socket and the server; resolves once nothing of the broker is left running. */
  close(): Promise<void>;
  /** Changes fault switches; a key given as `undefined` turns that switch off. */
  setFaults(update: Partial<FaultSwitches>): void;
  /** The switches in force. */
  faults(): FaultSwitches;
  /**
   * Writes one malformed frame to every connected session now (`kind` as for the
   * `malformedKind` switch); returns how many connections got it.
   */
  sendMalformed(kind?: MalformedKind): number;
  /** A copy of the counters. */
  stats(): BrokerStats;
  /** Queues (depth, in flight, consumers) and topics (subscribers), sorted by name. */
  destinations(): DestinationsSnapshot;
  /** Closes every connection abruptly (no ERROR), as a broker crash or restart would. */
  dropAllConnections(): void;
}

export async function startSandboxBroker(options: SandboxBrokerOptions = {}): Promise<SandboxBroker> {
  const resolved = resolveOptions(options);
  let faults = mergeFaults({}, options.faults ?? {});
  const stats = emptyStats();
  const core: BrokerCore = {
    options: resolved,
    destinations: new DestinationRegistry(),
    ids: new IdSource(),
    stats,
    faults: () => faults,
  };
  const open = new Set<BrokerConnection>();
  let closing: Promise<void> | undefined;

  const server: Server = createServer((socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    const connection = new BrokerConnection(socket, core, (closed) => {
      open.delete(closed);
      stats.connectionsOpen = open.size;
    });
    open.add(connection);
    stats.connectionsAccepted++;
    stats.connectionsOpen = open.size;
    connection.start();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : resolved.port;
  const host = resolved.host;
  const url = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    host,
    port,
    url,
    get connections() {
      return open.size;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of open) connection.destroy();
      });
      return closing;
    },
    setFaults(update) {
      const before = faults;
      faults = mergeFaults(faults, update);
      if (Boolean(before.stallHeartBeats) !== Boolean(faults.stallHeartBeats)) {
        for (const connection of open) connection.setStalled(Boolean(faults.stallHeartBeats));
      }
    },
    faults: () => ({ ...faults }),
    sendMalformed(kind) {
      let count = 0;
      for (const connection of open) if (connection.isConnected && connection.writeMalformed(kind)) count++;
      return count;
    },
    stats: () => ({ ...stats }),
    destinations: () => core.destinations.snapshot(),
    dropAllConnections() {
      for (const connection of [...open]) connection.drop();
    },
  };
}
