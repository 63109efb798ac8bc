import { connect, type ConnectionOptions } from 'node:tls';
import { isIP, type OnReadOpts } from 'node:net';
import { describeAddress, TransportError, type Transport, type TransportAddress, type TransportOptions } from '../transport';
import { directReads } from './direct-reads';
import { SocketTransport } from './socket-transport';
import { settleOnce } from './settle-once';

export function openTls(address: TransportAddress, options: TransportOptions): Promise<Transport> {
  const description = describeAddress(address);
  const tls = options.tls ?? {};
  // Verification is on unless explicitly switched off.
  const rejectUnauthorized = tls.rejectUnauthorized !== false;
  const servername = tls.servername ?? (isIP(address.host) ? undefined : address.host);
  return settleOnce<Transport>(options.connectTimeout, description, (resolve, reject, onCancel) => {
    const reads = directReads(options.readCoalesceMs);
    // node:tls hands onread and highWaterMark to its socket; @types/node does not list them.
    const settings: ConnectionOptions & { onread: OnReadOpts; highWaterMark: number } = {
      onread: reads.onread,
      highWaterMark: reads.highWaterMark,
      host: address.host,
      port: address.port,
      servername,
      ca: tls.ca as string | Buffer | undefined,
      cert: tls.cert as string | Buffer | undefined,
      key: tls.key as string | Buffer | undefined,
      passphrase: tls.passphrase,
      rejectUnauthorized,
    };
    const socket = connect(settings);
    // Made at once, so it is there for the first read; whether the broker was verified is known at secureConnect.
    const transport = new SocketTransport(socket, description, { reads, explain, verified: () => socket.authorized });
    onCancel(() => socket.destroy());
    socket.once('secureConnect', () => resolve(transport));
    socket.once('error', (error) =>
      reject(new TransportError(`cannot connect to ${description}: TLS: ${error.message}${hint(error)}`, description, error)),
    );
  });
}

/**
 * Under TLS 1.3 the broker checks our certificate after our side of the handshake is done, so its
 * refusal arrives as an alert on the open socket: name it the same clear way.
 */
function explain(error: Error & { code?: string; reason?: string }): Error {
  const why = hint(error);
  if (!why) return error;
  // OpenSSL's message carries its source file and line; its `reason` is the readable part.
  return Object.assign(new Error(`TLS: ${(error.reason ?? error.message).trim()}${why}`, { cause: error }), { code: error.code });
}

function hint(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE':
      return ' (the broker rejected the client certificate: it must be signed by a CA the broker trusts)';
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return ' (the broker requires a client certificate: give one with its key)';
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
