/**
 * What a checked session throws when asked for something the session's state forbids: the frame
 * would be valid on its own, but not now (send while disconnected, commit of an unknown
 * transaction...). Frames that are invalid in themselves throw `StompProtocolError` instead.
 */
import type { SessionState } from './session-state';

export class StompSessionError extends Error {
  /** What was attempted: a client command (`SEND`), or the server frame being handled (`MESSAGE`). */
  readonly command: string;
  readonly state: SessionState;

  /** `incoming` says the command is a frame from the broker, so the message reads "cannot handle X". */
  constructor(command: string, state: SessionState, reason: string, incoming = false) {
    super(`cannot ${incoming ? 'handle ' : ''}${command}: ${reason}`);
    this.name = 'StompSessionError';
    this.command = command;
    this.state = state;
  }
}
