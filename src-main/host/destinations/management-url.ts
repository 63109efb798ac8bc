/**
 * Where RabbitMQ's management API is when the profile does not say: the host of the broker the
 * connection reached (or would reach first), port 15672 over http, or 15671 over https when STOMP
 * itself runs over TLS (RabbitMQ's defaults for the two).
 */

export const MANAGEMENT_PORT = 15672;
export const MANAGEMENT_TLS_PORT = 15671;

/** `broker` is an address as the client describes it: scheme://host:port[/path]. */
export function derivedManagementUrl(broker: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]+\]|[^:/?#]+)/i.exec(broker);
  if (!match) return undefined;
  const secure = /^(ssl|tls|wss|stomp\+ssl|stomp\+tls)$/i.test(match[1]);
  return `${secure ? 'https' : 'http'}://${match[2]}:${secure ? MANAGEMENT_TLS_PORT : MANAGEMENT_PORT}/`;
}
