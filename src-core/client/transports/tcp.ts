import { connect } from 'node:net';
import { describeAddress, TransportError, type Transport, type TransportAddress, type TransportOptions } from '../transport';
import { ReadCoalescing, READ_COALESCING_DEFAULTS } from './read-coalescing';
import { ReadSlab } from './read-slab';
import { SocketTransport } from './socket-transport';
import { settleOnce } from './settle-once';

/** Reads land in slabs (no allocation and no copy per read) and go straight to the transport, past the stream machinery. */
export function openTcp(address: TransportAddress, options: TransportOptions): Promise<Transport> {
  const description = describeAddress(address);
  return settleOnce<Transport>(options.connectTimeout, description, (resolve, reject, onCancel) => {
    const slab = new ReadSlab();
    const coalescing = new ReadCoalescing({ ...READ_COALESCING_DEFAULTS, windowMs: options.readCoalesceMs ?? READ_COALESCING_DEFAULTS.windowMs });
    const socket = connect({
      host: address.host,
      port: address.port,
      onread: { buffer: () => slab.room(), callback: (count, room) => transport.received(slab.take(room, count)) },
    });
    // Made at once, so it is there for the first read (reads begin once connected).
    const transport = new SocketTransport(socket, description, { directReads: true, coalescing });
    onCancel(() => socket.destroy());
    socket.once('connect', () => resolve(transport));
    socket.once('error', (error) => reject(new TransportError(`cannot connect to ${description}: ${error.message}`, description, error)));
  });
}
