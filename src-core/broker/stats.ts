/** Counters since the broker started, for tests and the app's sandbox panel. */

export interface BrokerStats {
  connectionsAccepted: number;
  /** Connections open now. */
  connectionsOpen: number;
  /** Closed by the broker without a DISCONNECT: fault switches, dead clients, dropAllConnections. */
  connectionsDropped: number;
  /** Clients dropped for missing heart-beats. */
  deadClientsDropped: number;
  framesReceived: number;
  framesSent: number;
  heartBeatsReceived: number;
  heartBeatsSent: number;
  bytesReceived: number;
  bytesSent: number;
  /** Messages accepted by SEND (or by COMMIT of a transaction that staged them). */
  messagesPublished: number;
  /** MESSAGE frames written for deliveries (browse snapshots included, end markers not). */
  messagesDelivered: number;
  messagesAcked: number;
  messagesNacked: number;
  receiptsSent: number;
  errorsSent: number;
  /** Malformed frames written by fault switches or `sendMalformed()`. */
  malformedSent: number;
}

export function emptyStats(): BrokerStats {
  return {
    connectionsAccepted: 0,
    connectionsOpen: 0,
    connectionsDropped: 0,
    deadClientsDropped: 0,
    framesReceived: 0,
    framesSent: 0,
    heartBeatsReceived: 0,
    heartBeatsSent: 0,
    bytesReceived: 0,
    bytesSent: 0,
    messagesPublished: 0,
    messagesDelivered: 0,
    messagesAcked: 0,
    messagesNacked: 0,
    receiptsSent: 0,
    errorsSent: 0,
    malformedSent: 0,
  };
}
