/** A SEND taking effect: the message gets its id and goes to its queue or topic. */
import type { Frame } from '../protocol/frame';
import type { BrokerCore } from './broker-core';
import type { ParsedDestination } from './destination';
import { messageFromSend } from './message';
import type { Session } from './session';

export function publish(core: BrokerCore, session: Session, destination: ParsedDestination, frame: Frame): void {
  const message = messageFromSend(frame, core.ids.messageId(session.connectionNumber), destination.name);
  core.stats.messagesPublished++;
  core.destinations.publish(destination, message);
}
