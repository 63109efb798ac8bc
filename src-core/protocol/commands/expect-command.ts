import type { Frame } from '../frame';
import type { ServerCommand } from '../spec';
import { StompProtocolError } from './protocol-error';

/** A handler given the wrong frame is a bug in the caller's dispatch; say which frame it got. */
export function expectCommand(frame: Frame, command: ServerCommand): void {
  if (frame?.command !== command) {
    const article = /^[AEIOU]/.test(command) ? 'an' : 'a';
    throw new StompProtocolError(command, `expected ${article} ${command} frame, got ${frame?.command === undefined ? String(frame) : frame.command}`);
  }
}
