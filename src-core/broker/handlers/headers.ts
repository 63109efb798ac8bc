/** Header checks every handler needs, failing with an ERROR that says what was expected. */
import { getHeader, type Frame } from '../../protocol/frame';
import { DESTINATION_RULE, parseDestination, type ParsedDestination } from '../destination';
import { ProtocolViolation } from '../protocol-violation';

export function requireHeader(frame: Frame, name: string, why = ''): string {
  const value = getHeader(frame, name);
  if (value === undefined) {
    throw new ProtocolViolation(`${frame.command} frame is missing the ${name} header`, `A ${frame.command} frame must carry a ${name} header${why ? ` (${why})` : ''}.`);
  }
  return value;
}

export function requireDestination(frame: Frame): ParsedDestination {
  const name = requireHeader(frame, 'destination');
  const destination = parseDestination(name);
  if (!destination) {
    throw new ProtocolViolation(`Unknown destination ${name}`, `${frame.command} to ${JSON.stringify(name)}: the sandbox broker knows only ${DESTINATION_RULE}.`);
  }
  return destination;
}
