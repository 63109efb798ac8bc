/** The commands the wire log's filter offers as toggles; the kinds that are not frames have names of their own. */
export const FILTER_COMMANDS = ['CONNECT', 'CONNECTED', 'SEND', 'SUBSCRIBE', 'UNSUBSCRIBE', 'MESSAGE', 'ACK', 'NACK', 'BEGIN', 'COMMIT', 'ABORT', 'RECEIPT', 'ERROR', 'DISCONNECT', 'HEARTBEAT', 'MARKER', 'DIAGNOSTIC'] as const;
