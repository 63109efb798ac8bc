/** Picks the transport for an address's scheme. */
import { openTcp } from './transports/tcp';
import { openTls } from './transports/tls';
import { openWebSocket } from './transports/web-socket';
import type { Transport, TransportAddress, TransportOptions } from './transport';

export type TransportOpener = (address: TransportAddress, options: TransportOptions) => Promise<Transport>;

export const openTransport: TransportOpener = (address, options) => {
  switch (address.scheme) {
    case 'tcp':
      return openTcp(address, options);
    case 'ssl':
    case 'tls':
      return openTls(address, options);
    case 'ws':
    case 'wss':
      return openWebSocket(address, options);
  }
};
