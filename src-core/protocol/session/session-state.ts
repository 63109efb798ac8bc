/**
 * The life of one connection. `disconnecting` lasts from sending DISCONNECT until its RECEIPT (or
 * the drop of the connection): messages may still arrive then, but nothing may be sent.
 */

export type SessionState = 'disconnected' | 'connecting' | 'connected' | 'disconnecting';

/** Why a command cannot run in a state, phrased as what to do about it. */
export function stateAdvice(state: SessionState): string {
  switch (state) {
    case 'disconnected':
      return 'session is disconnected; call connect first';
    case 'connecting':
      return 'session is connecting; wait for CONNECTED';
    case 'connected':
      return 'session is already connected; disconnect first';
    case 'disconnecting':
      return 'session is disconnecting; DISCONNECT was already sent';
  }
}
