/** What the raw composer suggests: commands, and header names per command. Suggestions only: any text goes. */

export const COMMAND_SUGGESTIONS = ['SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'DISCONNECT', 'CONNECT', 'STOMP', 'MESSAGE', 'RECEIPT', 'ERROR', 'CONNECTED'];

const COMMON = ['receipt'];
const BY_COMMAND: Record<string, string[]> = {
  SEND: ['destination', 'content-type', 'content-length', 'transaction', 'persistent', 'reply-to', 'correlation-id', 'priority', 'expires'],
  SUBSCRIBE: ['destination', 'id', 'ack', 'selector', 'prefetch-count', 'activemq.prefetchSize', 'browser'],
  UNSUBSCRIBE: ['id', 'destination'],
  ACK: ['id', 'message-id', 'subscription', 'transaction'],
  NACK: ['id', 'message-id', 'subscription', 'transaction'],
  BEGIN: ['transaction'],
  COMMIT: ['transaction'],
  ABORT: ['transaction'],
  CONNECT: ['accept-version', 'host', 'login', 'passcode', 'heart-beat'],
  STOMP: ['accept-version', 'host', 'login', 'passcode', 'heart-beat'],
  MESSAGE: ['destination', 'message-id', 'subscription', 'ack', 'content-type', 'content-length'],
};

export function headerNameSuggestions(command: string): string[] {
  return [...(BY_COMMAND[command] ?? BY_COMMAND.SEND), ...COMMON];
}
