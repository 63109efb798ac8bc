/**
 * What the commands layer throws when a frame cannot be built, or a frame from the broker cannot be
 * understood, under the rules of a STOMP version. It names the command so a wire log can show which
 * frame was at fault without parsing the message.
 */

export class StompProtocolError extends Error {
  /** The command of the frame being built or read (`CONNECT`, `MESSAGE`...). */
  readonly command: string;

  constructor(command: string, message: string) {
    super(`${command}: ${message}`);
    this.name = 'StompProtocolError';
    this.command = command;
  }
}
