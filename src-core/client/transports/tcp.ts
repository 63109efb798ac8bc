import { connect } from 'node:net';
import { describeAddress, TransportError, type Transport, type TransportAddress, type TransportOptions } from '../transport';
import { SocketTransport } from './socket-transport';
import { settleOnce } from './settle-once';

export function openTcp(address: TransportAddress, options: TransportOptions): Promise<Transport> {
  const description = describeAddress(address);
  return settleOnce<Transport>(options.connectTimeout, description, (resolve, reject, onCancel) => {
    const socket = connect({ host: address.host, port: address.port });
    onCancel(() => socket.destroy());
    socket.once('connect', () => resolve(new SocketTransport(socket, description)));
    socket.once('error', (error) => reject(new TransportError(`cannot connect to ${description}: ${error.message}`, description, error)));
  });
}
