import { connect } from 'node:tls';
import { isIP } from 'node:net';
import { describeAddress, TransportError, type Transport, type TransportAddress, type TransportOptions } from '../transport';
import { SocketTransport } from './socket-transport';
import { settleOnce } from './settle-once';

export function openTls(address: TransportAddress, options: TransportOptions): Promise<Transport> {
  const description = describeAddress(address);
  const tls = options.tls ?? {};
  // Verification is on unless explicitly switched off.
  const rejectUnauthorized = tls.rejectUnauthorized !== false;
  const servername = tls.servername ?? (isIP(address.host) ? undefined : address.host);
  return settleOnce<Transport>(options.connectTimeout, description, (resolve, reject, onCancel) => {
    const socket = connect({
      host: address.host,
      port: address.port,
      servername,
      ca: tls.ca as string | Buffer | undefined,
      cert: tls.cert as string | Buffer | undefined,
      key: tls.key as string | Buffer | undefined,
      passphrase: tls.passphrase,
      rejectUnauthorized,
    });
    onCancel(() => socket.destroy());
    socket.once('secureConnect', () => resolve(new SocketTransport(socket, description, socket.authorized)));
    socket.once('error', (error) =>
      reject(new TransportError(`cannot connect to ${description}: TLS: ${error.message}${hint(error)}`, description, error)),
    );
  });
}

function hint(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return " (the broker's certificate is not signed by a trusted CA: give its CA file, or switch verification off explicitly)";
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return " (the certificate does not name this host: connect by the name it carries, or set the server name)";
    default:
      return '';
  }
}
