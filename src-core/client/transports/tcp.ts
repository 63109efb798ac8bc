import { connect, type TcpNetConnectOpts } from 'node:net';
import { describeAddress, TransportError, type Transport, type TransportAddress, type TransportOptions } from '../transport';
import { directReads } from './direct-reads';
import { SocketTransport } from './socket-transport';
import { settleOnce } from './settle-once';

export function openTcp(address: TransportAddress, options: TransportOptions): Promise<Transport> {
  const description = describeAddress(address);
  return settleOnce<Transport>(options.connectTimeout, description, (resolve, reject, onCancel) => {
    const reads = directReads(options.readCoalesceMs);
    // highWaterMark: in node:net since 18.17/20.1, not yet in @types/node's connect options.
    const settings: TcpNetConnectOpts & { highWaterMark: number } = {
      host: address.host,
      port: address.port,
      onread: reads.onread,
      highWaterMark: reads.highWaterMark,
    };
    const socket = connect(settings);
    // Made at once, so it is there for the first read (reads begin once connected).
    const transport = new SocketTransport(socket, description, { reads });
    onCancel(() => socket.destroy());
    socket.once('connect', () => resolve(transport));
    socket.once('error', (error) => reject(new TransportError(`cannot connect to ${description}: ${error.message}`, description, error)));
  });
}
